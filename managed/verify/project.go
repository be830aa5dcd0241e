// Package verify checks the managed log source definitions (package
// managed) the way a user's directory would use them: each type is
// written into a Matano directory as a log source of that type with every
// managed table enabled, then validated (the ECS type check), run against
// its golden samples, and run over sample logs from outside the project
// with every record accounted for. `go test ./managed/...` and `matano
// sources test|report` both use it.
package verify

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/validate"
	"github.com/matano-go/matano/managed"
)

// configYAML is the smallest matano.config.yml a directory needs.
const configYAML = "aws:\n  region: us-east-1\n"

// Write writes a Matano directory at dir holding managed type t as the
// log source named t.Name (every type's name starts with its prefix),
// with a tables/<name>.yml enabling each managed table and, if tests is
// set, the definition's test/ folder as the log source's test folder.
func Write(dir string, t managed.Type, tests bool) error {
	ls := filepath.Join(dir, load.LogSourcesDir, t.Name)
	if err := os.MkdirAll(filepath.Join(ls, load.TablesDir), 0o755); err != nil {
		return err
	}
	files := map[string]string{
		filepath.Join(dir, load.ConfigFile):   configYAML,
		filepath.Join(ls, load.LogSourceFile): "name: " + t.Name + "\nmanaged:\n  type: " + t.Name + "\n",
	}
	for _, tbl := range t.Tables {
		files[filepath.Join(ls, load.TablesDir, tbl+".yml")] = "name: " + tbl + "\n"
	}
	for name, body := range files {
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			return err
		}
	}
	if !tests {
		return nil
	}
	src := path.Join(managed.Dir, t.Name, "test")
	return fs.WalkDir(managed.FS(), src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == src && os.IsNotExist(err) {
				return nil
			}
			return err
		}
		dst := filepath.Join(ls, "test", filepath.FromSlash(strings.TrimPrefix(p, src)))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := fs.ReadFile(managed.FS(), p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}

// Load writes type t into a fresh folder under tmp (see Write) and
// validates it without Python (there are no detections).
func Load(tmp string, t managed.Type, tests bool) (string, *load.Project, diag.List, error) {
	dir, err := os.MkdirTemp(tmp, t.Name+"-")
	if err != nil {
		return "", nil, nil, err
	}
	if err := Write(dir, t, tests); err != nil {
		return "", nil, nil, err
	}
	p, diags := validate.Dir(dir, validate.Options{SkipPython: true})
	if p == nil {
		return "", nil, diags, fmt.Errorf("validating managed %s failed", t.Name)
	}
	return dir, p, diags, nil
}

// Validate reports every diagnostic of type t used as a log source with
// all its tables enabled: a shipped definition must have none, not even a
// warning.
func Validate(ctx context.Context, tmp string, t managed.Type) (diag.List, error) {
	_ = ctx
	_, _, diags, err := Load(tmp, t, false)
	return diags, err
}
