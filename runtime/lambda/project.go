package lambda

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing/fstest"
	"time"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/alert"
)

// Project is the bundled Matano directory, loaded once per container.
type Project struct {
	*load.Project
	// Schemas are the resolved table schemas, matano_alerts included.
	Schemas map[string]*schema.Schema
}

// LoadProject loads the Matano directory the bootstrap zip bundles under
// dir (MATANO_CONFIG_DIR) with compiler/load and resolves its schemas
// with compiler/schema. The bundle has each detection's detection.yml
// but not its detect.py (the Python ships in the detections bundle);
// the loader is shown an empty detect.py in its place, so a detection
// counts as present for routing records to the realtime bucket and for
// alert rules. Any error diagnostic fails the load: the bundle was
// validated by `matano build`, so one means a broken deployment.
func LoadProject(dir string) (*Project, error) {
	fsys := withDetectStubs(os.DirFS(dir))
	p, diags := load.Load(fsys, dir)
	if err := diagError(dir, diags); err != nil {
		return nil, err
	}
	schemas, diags := schema.Project(p)
	if err := diagError(dir, diags); err != nil {
		return nil, err
	}
	schemas[alert.TableName] = alert.Schema()
	return &Project{Project: p, Schemas: schemas}, nil
}

func diagError(dir string, diags diag.List) error {
	if !diags.HasErrors() {
		return nil
	}
	var buf bytes.Buffer
	_ = diag.RenderText(&buf, diags, diag.TextOptions{})
	return fmt.Errorf("the Matano directory in %s is invalid:\n%s", dir, strings.TrimSpace(buf.String()))
}

// stubFS answers a missing detections/<d>/detect.py next to an existing
// detection.yml with an empty file.
type stubFS struct{ fs.FS }

func withDetectStubs(fsys fs.FS) fs.FS { return stubFS{fsys} }

func (s stubFS) stub(name string) bool {
	if path.Base(name) != load.DetectionPython || !strings.HasPrefix(name, load.DetectionsDir+"/") {
		return false
	}
	if _, err := fs.Stat(s.FS, name); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	_, err := fs.Stat(s.FS, path.Join(path.Dir(name), load.DetectionFile))
	return err == nil
}

func (s stubFS) Open(name string) (fs.File, error) {
	if s.stub(name) {
		return fstest.MapFS{"detect.py": {Mode: 0o644, ModTime: time.Unix(0, 0)}}.Open("detect.py")
	}
	return s.FS.Open(name)
}

func (s stubFS) ReadFile(name string) ([]byte, error) {
	if s.stub(name) {
		return []byte{}, nil
	}
	return fs.ReadFile(s.FS, name)
}

func (s stubFS) Stat(name string) (fs.FileInfo, error) {
	f, err := s.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Stat()
}

// detectionTables are the tables some enabled detection reads: the
// transformer writes their records to the realtime bucket.
func (p *Project) detectionTables() map[string]bool {
	out := map[string]bool{}
	for _, d := range alert.Detections(p.Project, nil) {
		if d.Enabled {
			for _, t := range d.Tables {
				out[t] = true
			}
		}
	}
	return out
}

// rules are the alert settings of every detection.
func (p *Project) rules() []alert.Rule {
	var out []alert.Rule
	for _, d := range p.Detections {
		if d.Name != "" {
			out = append(out, alert.RuleFromDetection(d))
		}
	}
	return out
}

// tableNames are every table the lake holds, matano_alerts included.
func (p *Project) tableNames() []string {
	var out []string
	for name := range p.Schemas {
		out = append(out, name)
	}
	return out
}
