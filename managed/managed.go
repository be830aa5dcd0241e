// Package managed holds the log source definitions matano-go ships: a
// user writes `managed: {type: aws_cloudtrail}` in a log_source.yml and
// gets the decoding settings, schema, transform and tables of
// log_sources/<type>/ in this folder, merged under their own keys by
// compiler/load (the user's keys win, the user's transform runs after the
// managed one, managed tables are enabled by a tables/<name>.yml of the
// same name).
//
// Each folder is written like a user's log source folder, except that its
// log_source.yml has no name (the user's log source names it), and it
// carries golden tests under test/ (run by `go test ./managed` and
// `matano sources test`).
package managed

import (
	"embed"
	"io/fs"
	"path"
	"slices"
	"strings"
)

//go:embed all:log_sources
var files embed.FS

// Dir is the folder of the definitions inside FS.
const Dir = "log_sources"

// FS returns the definitions: Dir/<type>/log_source.yml,
// Dir/<type>/tables/*.yml and Dir/<type>/test/*.
func FS() fs.FS { return files }

// Type is one managed log source type.
type Type struct {
	// Name is the type id users write in managed.type (lower case).
	Name string
	// Prefix is what the user's log source name must start with
	// (Matano's rule: "aws" for every AWS type, "github" for
	// github_audit, "crowdstrike" for both CrowdStrike types).
	Prefix string
	// Tables are the table names of a multi-table type (from its
	// tables/*.yml files, sorted); empty for a single-table type.
	Tables []string
}

// prefixes are Matano's name prefixes for managed types; a type not
// listed must be named with its own name as prefix.
var prefixes = map[string]string{
	"aws_cloudtrail":            "aws",
	"aws_config_history":        "aws",
	"aws_elb":                   "aws",
	"aws_inspector":             "aws",
	"aws_route53_resolver_logs": "aws",
	"aws_s3access":              "aws",
	"aws_s3inventory":           "aws",
	"aws_vpcflow":               "aws",
	"aws_waf":                   "aws",
	"crowdstrike_falcon":        "crowdstrike",
	"github_audit":              "github",
}

// Types lists the shipped types, sorted by name.
func Types() []Type {
	entries, err := fs.ReadDir(files, Dir)
	if err != nil {
		return nil
	}
	var out []Type
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if _, err := fs.Stat(files, path.Join(Dir, e.Name(), "log_source.yml")); err != nil {
			continue
		}
		out = append(out, describe(e.Name()))
	}
	return out
}

// Lookup finds a type by its id; case is ignored because Matano's
// documentation writes types in upper case (AWS_CLOUDTRAIL).
func Lookup(name string) (Type, bool) {
	low := strings.ToLower(name)
	if _, err := fs.Stat(files, path.Join(Dir, low, "log_source.yml")); err != nil || low != path.Base(low) {
		return Type{}, false
	}
	return describe(low), true
}

// Names lists the type ids.
func Names() []string {
	var out []string
	for _, t := range Types() {
		out = append(out, t.Name)
	}
	return out
}

func describe(name string) Type {
	t := Type{Name: name, Prefix: name}
	if p, ok := prefixes[name]; ok {
		t.Prefix = p
	}
	tables, _ := fs.ReadDir(files, path.Join(Dir, name, "tables"))
	for _, e := range tables {
		if n := e.Name(); !e.IsDir() && (strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml")) {
			t.Tables = append(t.Tables, strings.TrimSuffix(strings.TrimSuffix(n, ".yml"), ".yaml"))
		}
	}
	slices.Sort(t.Tables)
	return t
}
