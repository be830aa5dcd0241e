package diag

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var updateRender = flag.Bool("update", false, "rewrite golden files in testdata/")

func sampleList() List {
	f := NewFile("detections/root_login/detection.yml", []byte("name: root_login\ntables:\n  - aws_cloudtrail\nalert:\n  severty: high\n"))
	start := f.Offset(5, 3)
	return List{
		{
			Severity: Error, Code: "M201", Summary: `unknown key "severty" in alert`,
			Subject: Span{f, start, start + 7}, Path: "alert.severty",
			Labels: []Label{{Span: Span{f, start, start + 7}, Message: "unknown key", Primary: true}},
			Hint:   `did you mean "severity"?`,
		},
		{Severity: Warning, Code: "M900", Summary: "python3 not found: detect.py files were not compiled, a comma, and 100% sure\nsecond line"},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *updateRender {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestRenderJSON(t *testing.T) {
	var b bytes.Buffer
	if err := RenderJSON(&b, sampleList()); err != nil {
		t.Fatal(err)
	}
	golden(t, "render.json", b.Bytes())
	var out JSONOutput
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if out.Valid || out.ErrorCount != 1 || out.WarningCount != 1 {
		t.Errorf("counts: %+v", out)
	}
	if r := out.Diagnostics[0].Range; r == nil || r.Start.Line != 5 || r.Start.Column != 3 || r.End.Column != 10 {
		t.Errorf("range: %+v", r)
	}
}

func TestRenderGitHub(t *testing.T) {
	var b bytes.Buffer
	if err := RenderGitHub(&b, sampleList()); err != nil {
		t.Fatal(err)
	}
	golden(t, "render.github", b.Bytes())
}

func TestRenderSARIF(t *testing.T) {
	var b bytes.Buffer
	err := RenderSARIF(&b, sampleList(), SARIFTool{Name: "matano", Version: "test",
		RuleDescription: func(c string) string { return "meaning of " + c }})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "render.sarif", b.Bytes())
	var log map[string]any
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log["version"] != "2.1.0" {
		t.Errorf("version %v", log["version"])
	}
}

func TestFilePosition(t *testing.T) {
	f := NewFile("x", []byte("ab\ncd\n\nef"))
	for _, tc := range []struct{ off, line, col int }{{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {6, 3, 1}, {7, 4, 1}, {8, 4, 2}} {
		if p := f.Position(tc.off); p.Line != tc.line || p.Col != tc.col {
			t.Errorf("offset %d: got %d:%d, want %d:%d", tc.off, p.Line, p.Col, tc.line, tc.col)
		}
		if off := f.Offset(tc.line, tc.col); off != tc.off {
			t.Errorf("%d:%d: got offset %d, want %d", tc.line, tc.col, off, tc.off)
		}
	}
	if f.Line(2) != "cd" || f.Line(3) != "" || f.LineCount() != 4 {
		t.Errorf("lines: %q %q %d", f.Line(2), f.Line(3), f.LineCount())
	}
}
