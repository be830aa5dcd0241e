package parse

import (
	"regexp"
	"strings"
	"testing"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/runtime/vrl/conformance/corpus"
)

// corpusCase is one .vrl file of the upstream conformance corpus (format
// described in shared/vrl-tests/README.md).
type corpusCase struct {
	path   string
	source []byte // program text; line 1 is the blank separator line
	result string // expected result text, trimmed
	approx bool   // "result: ~" mode
}

func loadCorpus(t *testing.T) []corpusCase {
	t.Helper()
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("VRL corpus ../shared/vrl-tests not present")
	}
	files, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	cases := make([]corpusCase, len(files))
	for i, f := range files {
		cases[i] = corpusCase{path: f.Path, source: []byte(f.Source), result: strings.TrimSpace(f.Want), approx: f.Approx}
	}
	return cases
}

// ourCodes are the diagnostic codes the front end raises.
var ourCodes = regexp.MustCompile(`^E(101|2\d\d|601|650)$`)

var headerCode = regexp.MustCompile(`(?m)^(?:error|warning)\[(E\d+)\]`)

// expectedCodes returns the codes of the diagnostics a case expects.
func expectedCodes(c corpusCase) []string {
	var out []string
	for _, m := range headerCode.FindAllStringSubmatch(c.result, -1) {
		out = append(out, m[1])
	}
	return out
}

func render(l diag.List) string {
	return strings.TrimSpace(diag.FormatText(l))
}

// TestCorpusDiagnostics compares, byte for byte, the rendered diagnostics
// of every corpus file whose expected diagnostics are all front-end ones.
func TestCorpusDiagnostics(t *testing.T) {
	n := 0
	for _, c := range loadCorpus(t) {
		codes := expectedCodes(c)
		if len(codes) == 0 || strings.HasPrefix(c.result, "warning") {
			continue
		}
		mine := true
		for _, code := range codes {
			mine = mine && ourCodes.MatchString(code)
		}
		if !mine {
			continue
		}
		n++
		t.Run(c.path, func(t *testing.T) {
			_, diags := File(diag.NewFile("", c.source))
			got := render(diags)
			if c.approx {
				checkApprox(t, got, c.result)
				return
			}
			if got != c.result {
				t.Errorf("diagnostics differ\n--- got\n%s\n--- want\n%s", got, c.result)
			}
		})
	}
	t.Logf("%d corpus files expect front-end diagnostics", n)
}

// checkApprox applies the harness's "result: ~" rule: each got line that
// starts with "error[E" must contain the corresponding expected line.
func checkApprox(t *testing.T, got, want string) {
	t.Helper()
	var gotLines []string
	for _, l := range strings.Split(got, "\n") {
		if strings.HasPrefix(l, "error[E") {
			gotLines = append(gotLines, l)
		}
	}
	wantLines := strings.Split(want, "\n")
	for i := 0; i < len(gotLines) && i < len(wantLines); i++ {
		if !strings.Contains(gotLines[i], strings.TrimSpace(wantLines[i])) {
			t.Errorf("line %d: %q does not contain %q", i, gotLines[i], wantLines[i])
		}
	}
}

// TestCorpusParses parses every corpus file: files that expect front-end
// diagnostics must raise exactly those codes, and every other file must
// parse without any diagnostic.
func TestCorpusParses(t *testing.T) {
	cases := loadCorpus(t)
	clean, failing := 0, 0
	for _, c := range cases {
		if c.approx {
			if approxIsOurs(c.result) {
				_, diags := File(diag.NewFile("", c.source))
				got := render(diags)
				n := strings.Count("\n"+got, "\nerror[E")
				want := len(nonEmptyLines(c.result))
				if n != want {
					t.Errorf("%s: got %d diagnostics, want %d", c.path, n, want)
					failing++
					continue
				}
				checkApprox(t, got, strings.Join(nonEmptyLines(c.result), "\n"))
				clean++
				continue
			}
		}
		var ours []string
		for _, code := range expectedCodes(c) {
			if ourCodes.MatchString(code) {
				ours = append(ours, code)
			}
		}
		_, diags := File(diag.NewFile("", c.source))
		var got []string
		for _, d := range diags {
			got = append(got, d.Code)
		}
		if strings.Join(got, ",") != strings.Join(ours, ",") {
			failing++
			t.Errorf("%s: got codes %v, want %v\n%s", c.path, got, ours, render(diags))
			continue
		}
		clean++
	}
	t.Logf("%d of %d corpus files parse as expected", clean, len(cases))
}

// ourSummaries are the diagnostic summaries the front end produces, used
// to recognise "result: ~" expectations that are ours.
var ourSummaries = map[string]bool{
	"syntax error": true, "reserved keyword": true, "invalid literal": true,
	"invalid string literal": true, "invalid numeric literal": true,
	"invalid regular expression": true, "invalid timestamp": true,
	"comparison operators can't be chained together": true,
}

func approxIsOurs(result string) bool {
	lines := nonEmptyLines(result)
	for _, l := range lines {
		if !ourSummaries[l] {
			return false
		}
	}
	return len(lines) > 0
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// TestCorpusRoundTrip formats every cleanly parsing corpus program and
// checks that the output parses cleanly to a tree that formats the same.
func TestCorpusRoundTrip(t *testing.T) {
	for _, c := range loadCorpus(t) {
		prog, diags := File(diag.NewFile("", c.source))
		if len(diags) > 0 {
			continue
		}
		first := ast.FormatProgram(prog)
		if strings.Contains(first, "<bad>") {
			t.Errorf("%s: Bad node without diagnostic:\n%s", c.path, first)
			continue
		}
		prog2, diags2 := File(diag.NewFile("", []byte(first)))
		if len(diags2) > 0 {
			t.Errorf("%s: formatted program does not parse:\n%s\n%s", c.path, first, render(diags2))
			continue
		}
		if second := ast.FormatProgram(prog2); second != first {
			t.Errorf("%s: round trip differs\n--- first\n%s\n--- second\n%s", c.path, first, second)
		}
	}
}
