package check

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/compiler/vrl/parse"
	"github.com/matano-go/matano/runtime/vrl/conformance/corpus"
	"github.com/matano-go/matano/runtime/vrl/value"
	"github.com/matano-go/matano/stdlib"
)

// corpusCase is one .vrl file of the upstream conformance corpus (format in
// shared/vrl-tests/README.md).
type corpusCase struct {
	path        string
	source      []byte
	result      string
	approx      bool
	diagnostics bool // "# DIAGNOSTICS": compare warnings
	object      string
	cfg         Config
}

func loadCorpus(t *testing.T) []corpusCase {
	t.Helper()
	dir := corpus.Dir()
	if dir == "" {
		t.Skip("VRL corpus ../shared/vrl-tests not present")
	}
	// Corpus programs name data files by their path in the upstream
	// repository (lib/tests/tests/functions/...); serve them from the
	// corpus copy.
	orig := stdlib.ReadDataFile
	stdlib.ReadDataFile = func(path string) ([]byte, error) {
		if rest, ok := strings.CutPrefix(path, "lib/tests/tests/"); ok {
			path = filepath.Join(dir, rest)
		}
		return orig(path)
	}
	t.Cleanup(func() { stdlib.ReadDataFile = orig })
	files, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	cases := make([]corpusCase, len(files))
	for i, f := range files {
		cases[i] = fromFile(f)
	}
	return cases
}

// fromFile is a corpus file with its read-only paths as checker
// configuration.
func fromFile(f corpus.File) corpusCase {
	c := corpusCase{path: f.Path, source: []byte(f.Source), result: strings.TrimSpace(f.Want),
		approx: f.Approx, diagnostics: f.CheckDiagnostics, object: f.Object}
	for _, ro := range f.ReadOnly {
		p := readOnlyPath(ro.Path)
		switch {
		case ro.Metadata && ro.Recursive:
			c.cfg.ReadOnlyMetadataRecursive = append(c.cfg.ReadOnlyMetadataRecursive, p)
		case ro.Metadata:
			c.cfg.ReadOnlyMetadata = append(c.cfg.ReadOnlyMetadata, p)
		case ro.Recursive:
			c.cfg.ReadOnlyRecursive = append(c.cfg.ReadOnlyRecursive, p)
		default:
			c.cfg.ReadOnly = append(c.cfg.ReadOnly, p)
		}
	}
	return c
}

// readOnlyPath parses ".a.b" into a path.
func readOnlyPath(s string) ReadOnlyPath {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, ".")
	var out ReadOnlyPath
	for _, f := range strings.Split(s, ".") {
		if f != "" {
			out = append(out, value.FieldSeg(f))
		}
	}
	return out
}

var headerCode = regexp.MustCompile(`(?m)^(?:error|warning)\[(E\d+)\]`)

// frontEnd are the codes the parser raises.
var frontEnd = regexp.MustCompile(`^E(101|2\d\d|601|650)$`)

// checkerExpectation reports whether c expects at least one diagnostic the
// checker raises.
func checkerExpectation(c corpusCase) bool {
	if c.approx {
		// Approximate expectations list summaries only; all of them are
		// checker diagnostics.
		return !strings.Contains(c.result, "error[E")
	}
	for _, m := range headerCode.FindAllStringSubmatch(c.result, -1) {
		if !frontEnd.MatchString(m[1]) {
			return true
		}
	}
	return false
}

// compile parses and checks a case as the upstream harness compiles it:
// with unused-expression warnings on.
func compile(c corpusCase) (*Info, diag.List, diag.List) {
	_, info, pd, cd := compileProg(c)
	return info, pd, cd
}

func compileProg(c corpusCase) (*ast.Program, *Info, diag.List, diag.List) {
	f := diag.NewFile("", c.source)
	prog, pd := parse.File(f)
	cfg := c.cfg
	cfg.UnusedWarnings = true
	if pd.HasErrors() {
		return prog, nil, pd, nil
	}
	info, cd := Check(prog, cfg)
	return prog, info, pd, cd
}

// harnessText renders what upstream's harness compares: the errors when
// compilation failed, otherwise the warnings.
func harnessText(l diag.List) string {
	var errs, warns diag.List
	for _, d := range l {
		if d.Severity <= diag.Error {
			errs = append(errs, d)
		} else {
			warns = append(warns, d)
		}
	}
	if len(errs) > 0 {
		return strings.TrimSpace(diag.FormatText(errs))
	}
	return strings.TrimSpace(diag.FormatText(warns))
}

// knownElsewhere lists corpus files that fail because of another package
// (a stdlib function's type or message, a data file the harness must
// provide), with the reason. They are skipped when they fail and
// reported when they start passing.
var knownElsewhere = map[string]string{}

// skipKnown turns a failure of a knownElsewhere case into a skip.
func skipKnown(t *testing.T, path string, failed bool) {
	reason, known := knownElsewhere[path]
	switch {
	case known && failed:
		t.Skipf("known issue outside the checker: %s", reason)
	case known:
		t.Logf("%s now passes; remove it from knownElsewhere", path)
	}
}

// TestCorpusDiagnostics compares the rendered diagnostics of every corpus
// file that expects a type-checker diagnostic.
func TestCorpusDiagnostics(t *testing.T) {
	total, matched := 0, 0
	for _, c := range loadCorpus(t) {
		if !checkerExpectation(c) {
			continue
		}
		total++
		exact := false
		t.Run(c.path, func(t *testing.T) {
			_, pd, cd := compile(c)
			got := harnessText(append(append(diag.List{}, pd...), cd...))
			if c.approx {
				if approxOK(got, c.result) {
					exact = true
				} else if _, known := knownElsewhere[c.path]; !known {
					checkApprox(t, got, c.result)
				}
				skipKnown(t, c.path, !exact)
				return
			}
			exact = got == c.result
			if !exact {
				if _, known := knownElsewhere[c.path]; !known {
					t.Errorf("diagnostics differ\n--- got\n%s\n--- want\n%s", got, c.result)
				}
			}
			skipKnown(t, c.path, !exact)
		})
		if exact {
			matched++
		}
	}
	t.Logf("%d of %d corpus files expecting checker diagnostics match exactly", matched, total)

	// For the record: all files expecting any diagnostic, the parser's
	// included (those are the parser's tests to enforce).
	all, allMatched := 0, 0
	for _, c := range loadCorpus(t) {
		if !headerCode.MatchString(c.result) && !c.approx {
			continue
		}
		all++
		_, pd, cd := compile(c)
		got := harnessText(append(append(diag.List{}, pd...), cd...))
		if (c.approx && approxOK(got, c.result)) || got == c.result {
			allMatched++
		}
	}
	t.Logf("%d of %d corpus files expecting any diagnostic match (parser and checker together)", allMatched, all)
}

// approxOK applies the approximate rule without reporting.
func approxOK(got, want string) bool {
	var gotLines []string
	for _, l := range strings.Split(got, "\n") {
		if strings.HasPrefix(l, "error[E") {
			gotLines = append(gotLines, l)
		}
	}
	wantLines := strings.Split(want, "\n")
	if len(gotLines) == 0 {
		return false
	}
	for i := 0; i < len(gotLines) && i < len(wantLines); i++ {
		if !strings.Contains(gotLines[i], strings.TrimSpace(wantLines[i])) {
			return false
		}
	}
	return true
}

func checkApprox(t *testing.T, got, want string) {
	t.Helper()
	var gotLines []string
	for _, l := range strings.Split(got, "\n") {
		if strings.HasPrefix(l, "error[E") {
			gotLines = append(gotLines, l)
		}
	}
	wantLines := strings.Split(want, "\n")
	if len(gotLines) == 0 {
		t.Errorf("no errors, want %q", want)
	}
	for i := 0; i < len(gotLines) && i < len(wantLines); i++ {
		if !strings.Contains(gotLines[i], strings.TrimSpace(wantLines[i])) {
			t.Errorf("line %d: %q does not contain %q", i, gotLines[i], wantLines[i])
		}
	}
}

// TestCorpusCompiles checks that every corpus program that upstream
// compiles without diagnostics compiles here without any either (no false
// errors or warnings).
func TestCorpusCompiles(t *testing.T) {
	clean, total := 0, 0
	for _, c := range loadCorpus(t) {
		if headerCode.MatchString(c.result) || strings.Contains(c.result, "error[E") || c.approx {
			continue
		}
		total++
		t.Run(c.path, func(t *testing.T) {
			prog, info, pd, cd := compileProg(c)
			if pd.HasErrors() {
				t.Skipf("parser reports errors: %s", harnessText(pd))
			}
			failed := len(cd) > 0
			if failed {
				if _, known := knownElsewhere[c.path]; !known {
					t.Errorf("unexpected diagnostics:\n%s", harnessText(cd))
				}
			} else {
				clean++
				if missing := untyped(prog, info); len(missing) > 0 {
					t.Errorf("%d expressions have no type, first %T at %d", len(missing), missing[0], missing[0].Pos())
				}
			}
			skipKnown(t, c.path, failed)
		})
	}
	t.Logf("%d of %d diagnostic-free corpus files check clean", clean, total)
}

// TestCorpusTypeDefs compares the type_def(...) results that a corpus
// program stores in a top-level event field (`.x_type = type_def(.x)`)
// or returns as its last expression with the expected output.
func TestCorpusTypeDefs(t *testing.T) {
	compared := 0
	for _, c := range loadCorpus(t) {
		if !strings.Contains(string(c.source), "type_def(") || strings.Contains(c.result, "error[E") {
			continue
		}
		want, err := value.FromJSON([]byte(c.result))
		if err != nil {
			continue
		}
		prog, info, pd, cd := compileProg(c)
		if pd.HasErrors() || info == nil {
			continue
		}
		t.Run(c.path, func(t *testing.T) {
			if cd.HasErrors() {
				t.Fatalf("unexpected errors:\n%s", harnessText(cd))
			}
			for i, e := range prog.Exprs {
				if a, ok := e.(*ast.Assignment); ok && want.Type() == value.TypeObject {
					q, isQ := a.Target.(*ast.Query)
					call, isCall := a.Value.(*ast.Call)
					if !isQ || !isCall || call.Name != "type_def" || q.Prefix != ast.PrefixEvent || len(q.Path) != 1 {
						continue
					}
					exp, ok := want.Obj().Get(q.Path[0].Field)
					if !ok {
						continue
					}
					compared++
					got := info.Calls[call].TypeDef
					if !value.Equal(got, exp) {
						t.Errorf(".%s: got %s, want %s", q.Path[0].Field, jsonOf(got), jsonOf(exp))
					}
				}
				if call, ok := e.(*ast.Call); ok && call.Name == "type_def" && i == len(prog.Exprs)-1 {
					compared++
					got := info.Calls[call].TypeDef
					if !value.Equal(got, want) {
						t.Errorf("result: got %s, want %s", jsonOf(got), jsonOf(want))
					}
				}
			}
		})
	}
	t.Logf("%d type_def results compared", compared)
}

func jsonOf(v value.Value) string { return string(value.AppendJSON(nil, v)) }

// untyped lists the expressions of a checked program that have no entry
// in Info.Types; assignment targets are not expressions and are left out.
func untyped(prog *ast.Program, info *Info) []ast.Expr {
	var out []ast.Expr
	var visit func(e ast.Expr) bool
	visit = func(e ast.Expr) bool {
		if a, ok := e.(*ast.Assignment); ok {
			if _, ok := info.Types[e]; !ok {
				out = append(out, e)
			}
			ast.Inspect(a.Value, visit)
			return false
		}
		if _, ok := info.Types[e]; !ok {
			out = append(out, e)
		}
		return true
	}
	for _, e := range prog.Exprs {
		ast.Inspect(e, visit)
	}
	return out
}
