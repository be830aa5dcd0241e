package conformance

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/passing.txt with the current passing set")

// corpusDir is shared/vrl-tests, next to the repository root.
const corpusDir = "../../../../shared/vrl-tests"

// TestCorpus runs the whole upstream corpus. It logs the counts and fails
// only on regressions: every case listed in testdata/passing.txt must
// still pass. Refresh the list with -update after making more cases pass.
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("conformance corpus not available: %v", err)
	}
	cases, err := Load(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	var s *Summary
	if err := InVRLRoot(corpusDir, func() { s = RunAll(cases) }); err != nil {
		t.Fatal(err)
	}
	var report strings.Builder
	s.Print(&report, testing.Verbose())
	t.Log("\n" + report.String())

	golden := filepath.Join("testdata", "passing.txt")
	if *update {
		data := strings.Join(s.PassingIDs(), "\n") + "\n"
		if err := os.WriteFile(golden, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	status := map[string]Result{}
	for _, r := range s.Results {
		status[r.Case.ID] = r
	}
	for _, id := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if id == "" {
			continue
		}
		r, ok := status[id]
		switch {
		case !ok:
			t.Errorf("%s: listed in %s but not in the corpus", id, golden)
		case r.Status != Pass:
			t.Errorf("regression: %s: %s %s\n  got: %s", id, r.Status, r.Reason, r.Got)
		}
	}
}

// TestOwnCases runs our own cases (runtime/vrl/testdata/cases, corpus
// format), which must all pass.
func TestOwnCases(t *testing.T) {
	dir := filepath.Join("..", "testdata", "cases")
	cases, err := LoadFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no cases in " + dir)
	}
	for i := range cases {
		c := &cases[i]
		t.Run(c.ID, func(t *testing.T) {
			r := Run(c)
			if r.Status != Pass {
				t.Errorf("%s (%s)\nwant: %s\ngot:  %s", r.Status, r.Reason, c.Want, r.Got)
			}
		})
	}
}

// TestParseFile pins the header rules of the corpus format.
func TestParseFile(t *testing.T) {
	src := "# object: {\"a\":\n#   1}\n# read_only: .x\n# result: [\n#  1\n# ]\n\n.a\n# trailing comment\n"
	c := ParseFile("dir/sub/case.vrl", src)
	if c.Category != "dir/sub" {
		t.Errorf("category = %q", c.Category)
	}
	if string(c.Event) != `{"a":  1}` {
		t.Errorf("event = %q", c.Event)
	}
	if c.Want != "[\n 1\n]" {
		t.Errorf("want = %q", c.Want)
	}
	if c.Source != "\n.a\n# trailing comment\n" {
		t.Errorf("source = %q", c.Source)
	}
	if len(c.ReadOnly) != 1 || c.ReadOnly[0].Path != ".x" {
		t.Errorf("read-only = %+v", c.ReadOnly)
	}
}

// TestOneCase runs the corpus cases whose ID contains $VRL_CASE and prints
// what they produced, for debugging a single failure:
//
//	VRL_CASE=rfcs/8381 go test ./runtime/vrl/conformance -run OneCase -v
func TestOneCase(t *testing.T) {
	pat := os.Getenv("VRL_CASE")
	if pat == "" {
		t.Skip("set VRL_CASE to run single cases")
	}
	cases, err := Load(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range cases {
		c := &cases[i]
		if !strings.Contains(c.ID, pat) {
			continue
		}
		var r Result
		if err := InVRLRoot(corpusDir, func() { r = Run(c) }); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %s %s\nsource:\n%s\nwant:\n%s\ngot:\n%s", c.ID, r.Status, r.Reason, c.Source, wantText(c), r.Got)
	}
}
