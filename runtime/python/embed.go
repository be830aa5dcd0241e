// Package python carries the Python half of the detection runtime: the
// `detection` package that user detections import and that the detection
// worker (`python3 -m detection.worker`) runs from.
//
// The package is embedded so a single matano binary can start detection
// workers without an installation step: runtime/detect extracts FS() to a
// cache directory and puts it on the workers' PYTHONPATH. The same files
// ship in the detections Lambda bundle.
package python

import (
	"embed"
	"io/fs"
)

// The pattern lists the files rather than the directory: a directory
// pattern skips names starting with "_", which would drop __init__.py.
// Tests live outside the package directory and are not embedded.
//
//go:embed detection/*.py
var files embed.FS

// FS returns the embedded tree; its root holds the `detection` directory,
// so extracting it into D makes D the PYTHONPATH entry.
func FS() fs.FS { return files }
