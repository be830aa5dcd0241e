// Package validate checks a Matano directory: each file against its CUE
// schema (schemas/*.cue), the value rules a schema cannot express, the
// references between files, that every detect.py compiles and defines
// detect, and that every VRL program compiles and its transforms fit
// their tables' schemas (package typecheck). Dir is the entry point the
// CLI calls; Project validates an already loaded directory.
//
// All problems are reported in one run, sorted, so output is stable and
// a user fixes everything in one pass.
package validate

import (
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/compiler/typecheck"
)

// Options configures a validation run.
type Options struct {
	// FS, when set, is read instead of the directory at root (root is
	// then only the name shown to users). Tests pass an fstest.MapFS.
	FS fs.FS
	// SkipPython turns off the detect.py check.
	SkipPython bool
	// Python is the interpreter to use; "" means python3 from PATH.
	Python string
}

// Dir loads and validates the Matano directory at root. The Project is
// the merged model (nil only if validation itself broke); see package
// load for what a partial one is good for. Diagnostics are sorted.
func Dir(root string, opt Options) (p *load.Project, diags diag.List) {
	defer func() {
		if r := recover(); r != nil {
			diags.Append(bugDiagnostic(r))
			diags.Sort()
		}
	}()
	fsys := opt.FS
	if fsys == nil {
		st, err := os.Stat(root)
		if err != nil || !st.IsDir() {
			msg := "not a directory"
			if err != nil {
				msg = err.Error()
			}
			return &load.Project{Root: root}, diag.List{{Severity: diag.Error, Code: diag.CodeReadFailed, Summary: "cannot read Matano directory: " + msg}}
		}
		fsys = os.DirFS(root)
	}
	p, diags = load.Load(fsys, root)
	diags.Append(Project(p, opt))
	ensurePrimary(diags)
	diags.Sort()
	return p, diags
}

// ensurePrimary gives every diagnostic that has context labels a primary
// label on its subject, so renderers that draw labels always show the
// problem itself and not only the context ("first used here").
func ensurePrimary(l diag.List) {
	for i := range l {
		d := &l[i]
		if len(d.Labels) == 0 || d.Subject.IsZero() {
			continue
		}
		has := false
		for _, lb := range d.Labels {
			has = has || lb.Primary
		}
		if !has {
			d.Labels = append([]diag.Label{{Span: d.Subject, Primary: true}}, d.Labels...)
		}
	}
}

// Project validates a loaded project (without the loader's own
// diagnostics). The result is not sorted.
func Project(p *load.Project, opt Options) (diags diag.List) {
	defer func() {
		if r := recover(); r != nil {
			diags.Append(bugDiagnostic(r))
		}
	}()
	// The Python check runs in its own process; overlap it with the CUE
	// checks, which are single-threaded.
	pyDone := make(chan diag.List, 1)
	if !opt.SkipPython {
		go func() {
			defer func() {
				if r := recover(); r != nil {
					pyDone <- diag.List{bugDiagnostic(r)}
				}
			}()
			pyDone <- checkPython(p, opt.Python)
		}()
	} else {
		pyDone <- nil
	}
	diags.Append(checkSchemas(p))
	diags.Append(checkConfig(p))
	diags.Append(checkRules(p))
	// Table schemas resolve against the ECS catalogue: unknown ECS names
	// and custom fields that shadow ECS are errors here, at PR time.
	schemas, schemaDiags := schema.Project(p)
	diags.Append(schemaDiags)
	// Every VRL program compiles, and transforms write what their
	// tables' columns can hold.
	diags.Append(typecheck.Project(p, schemas))
	diags.Append(<-pyDone)
	return diags
}

func bugDiagnostic(r any) diag.Diagnostic {
	return diag.Diagnostic{
		Severity: diag.Bug,
		Summary:  fmt.Sprintf("internal error while validating: %v", r),
		Detail:   string(debug.Stack()),
	}
}
