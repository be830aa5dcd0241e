package conformance

import (
	"strconv"
	"strings"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/runtime/vrl"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// compiled is a case's program with its rendered diagnostics.
type compiled struct {
	program          *vrl.Program
	errors, warnings bool
	rendered         string
}

// compile compiles a case as VRL's harness does: default configuration
// (unused-expression warnings on) plus the case's read-only paths. The
// source file has no name, so locations render as ":line:col".
func compile(c *Case) compiled {
	cfg := check.Config{UnusedWarnings: true}
	for _, ro := range c.ReadOnly {
		p := parseReadOnly(ro.Path)
		switch {
		case ro.Metadata && ro.Recursive:
			cfg.ReadOnlyMetadataRecursive = append(cfg.ReadOnlyMetadataRecursive, p)
		case ro.Metadata:
			cfg.ReadOnlyMetadata = append(cfg.ReadOnlyMetadata, p)
		case ro.Recursive:
			cfg.ReadOnlyRecursive = append(cfg.ReadOnlyRecursive, p)
		default:
			cfg.ReadOnly = append(cfg.ReadOnly, p)
		}
	}
	prog, diags := vrl.CompileSource("", []byte(c.Source), cfg)
	out := compiled{program: prog}
	out.errors = prog == nil
	out.warnings = diags.Count(diag.Warning) > 0
	if len(diags) > 0 {
		out.rendered = vrl.RenderDiagnostics(diags, false)
	}
	return out
}

// parseReadOnly parses a header path such as ".foo.bar[1]" or
// `."quoted key".x` (a bare "." is the root) into checker segments.
func parseReadOnly(s string) check.ReadOnlyPath {
	var p check.ReadOnlyPath
	i := 0
	for i < len(s) {
		switch s[i] {
		case '.':
			i++
			if i < len(s) && s[i] == '"' {
				j := i + 1
				for j < len(s) && s[j] != '"' {
					if s[j] == '\\' {
						j++
					}
					j++
				}
				p = append(p, value.FieldSeg(strings.ReplaceAll(s[i+1:min(j, len(s))], `\"`, `"`)))
				i = j + 1
				continue
			}
			j := i
			for j < len(s) && s[j] != '.' && s[j] != '[' {
				j++
			}
			if j > i {
				p = append(p, value.FieldSeg(s[i:j]))
			}
			i = j
		case '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return p
			}
			n, _ := strconv.Atoi(s[i+1 : i+j])
			p = append(p, value.IndexSeg(n))
			i += j + 1
		default:
			// A leading field without a dot ("foo.bar").
			j := i
			for j < len(s) && s[j] != '.' && s[j] != '[' {
				j++
			}
			p = append(p, value.FieldSeg(s[i:j]))
			i = j
		}
	}
	return p
}
