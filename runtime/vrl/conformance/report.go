package conformance

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Summary is the outcome of a whole corpus run.
type Summary struct {
	Results                 []Result
	Passed, Failed, Skipped int
}

// Load reads the whole corpus under dir: the .vrl files and the function
// examples.
func Load(dir string) ([]Case, error) {
	files, err := LoadFiles(dir)
	if err != nil {
		return nil, err
	}
	examples, err := LoadExamples(filepath.Join(dir, "function_examples.jsonl"))
	if err != nil {
		return nil, err
	}
	return append(files, examples...), nil
}

// InVRLRoot runs f with the working directory set to a scratch directory
// laid out like the vrl repository root as far as the corpus needs it:
// lib/tests/tests/functions points at the corpus' functions directory,
// whose data files (a public suffix list) test programs name by that
// relative path, as VRL's harness runs from the repository root. The
// working directory is process-wide, so f must not run concurrently with
// code that depends on it.
func InVRLRoot(corpus string, f func()) error {
	abs, err := filepath.Abs(filepath.Join(corpus, "functions"))
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "vrl-root")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "lib", "tests", "tests")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.Symlink(abs, filepath.Join(dir, "functions")); err != nil {
		return err
	}
	old, err := os.Getwd()
	if err != nil {
		return err
	}
	if err := os.Chdir(tmp); err != nil {
		return err
	}
	defer os.Chdir(old)
	f()
	return nil
}

// RunAll runs every case.
func RunAll(cases []Case) *Summary {
	s := &Summary{Results: make([]Result, 0, len(cases))}
	for i := range cases {
		r := Run(&cases[i])
		switch r.Status {
		case Pass:
			s.Passed++
		case Fail:
			s.Failed++
		default:
			s.Skipped++
		}
		s.Results = append(s.Results, r)
	}
	return s
}

// PassingIDs returns the IDs of the passing cases, sorted.
func (s *Summary) PassingIDs() []string {
	var ids []string
	for _, r := range s.Results {
		if r.Status == Pass {
			ids = append(ids, r.Case.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

// Print writes the summary line, the per-category table and every skip
// with its reason; with verbose, also every failure with what came out.
func (s *Summary) Print(w io.Writer, verbose bool) {
	type row struct{ pass, fail, skip int }
	rows := map[string]*row{}
	var cats []string
	for _, r := range s.Results {
		c := r.Case.Category
		if rows[c] == nil {
			rows[c] = &row{}
			cats = append(cats, c)
		}
		switch r.Status {
		case Pass:
			rows[c].pass++
		case Fail:
			rows[c].fail++
		default:
			rows[c].skip++
		}
	}
	sort.Strings(cats)
	width := len("category")
	for _, c := range cats {
		width = max(width, len(c))
	}
	fmt.Fprintf(w, "%-*s  %6s  %6s  %7s\n", width, "category", "passed", "failed", "skipped")
	for _, c := range cats {
		r := rows[c]
		fmt.Fprintf(w, "%-*s  %6d  %6d  %7d\n", width, c, r.pass, r.fail, r.skip)
	}
	fmt.Fprintln(w)
	if s.Skipped > 0 {
		fmt.Fprintln(w, "skipped:")
		for _, r := range s.Results {
			if r.Status == Skip {
				fmt.Fprintf(w, "  %s: %s\n", r.Case.ID, r.Reason)
			}
		}
		fmt.Fprintln(w)
	}
	if verbose {
		for _, r := range s.Results {
			if r.Status != Fail {
				continue
			}
			fmt.Fprintf(w, "FAIL %s (%s)\n", r.Case.ID, r.Reason)
			fmt.Fprintf(w, "  want: %s\n", indent(wantText(r.Case)))
			fmt.Fprintf(w, "  got:  %s\n", indent(r.Got))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%d passed, %d failed, %d skipped\n", s.Passed, s.Failed, s.Skipped)
}

func wantText(c *Case) string {
	switch {
	case c.IsExample && c.WantError != nil:
		return *c.WantError
	case c.IsExample:
		return string(c.WantJSON)
	}
	return c.Want
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n        ") }

// Main runs the corpus under dir and prints the report (the `matano vrl
// conformance` command). It returns the exit code: 0 when every case
// passed or was skipped, 1 otherwise, 2 when the corpus is missing.
func Main(dir string, w io.Writer, verbose bool) int {
	if _, err := os.Stat(dir); err != nil {
		fmt.Fprintf(w, "conformance corpus not found: %v\n", err)
		return 2
	}
	cases, err := Load(dir)
	if err != nil {
		fmt.Fprintf(w, "loading the corpus: %v\n", err)
		return 2
	}
	var s *Summary
	if err := InVRLRoot(dir, func() { s = RunAll(cases) }); err != nil {
		fmt.Fprintf(w, "preparing the corpus directory: %v\n", err)
		return 2
	}
	s.Print(w, verbose)
	if s.Failed > 0 {
		return 1
	}
	return 0
}
