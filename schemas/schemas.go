// Package schemas embeds the CUE definitions of every file in a Matano
// directory. They live in Go so that the validator needs no files on disk
// and the definitions ship inside the matano binary; see
// compiler/validate for how they are compiled (once per process) and how
// their errors are turned into diagnostics.
//
// Conventions the validator relies on:
//   - every file kind has one closed definition (#Config, #LogSource,
//     #Table, #Detection, #Enrichment, #Destination), so an unknown key is
//     an error;
//   - required keys are plain fields, optional keys end in "?";
//   - a constraint that is more than a type or an enum carries
//     @matano(msg="...") with the sentence shown to the user.
package schemas

import (
	"embed"
	"io/fs"
)

//go:embed *.cue
var files embed.FS

// FS returns the schema files (all in CUE package "matano").
func FS() fs.FS { return files }
