package check

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/compiler/vrl/parse"
	"github.com/matano-go/matano/runtime/vrl/value"
	"github.com/matano-go/matano/stdlib"
)

// testdata/*.vrl files hold a program after a header of expectations:
//
//	# want: E102 2:4 non-boolean predicate   (code, line:col of the primary label, summary)
//	# type: {"integer":true}                (each type_def(...) call's value, in source order)
//	# read_only: .path                       (configuration)
//
// Line numbers count from the first program line. A file without "want"
// lines must check without any diagnostic.
func TestTestdata(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.vrl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var wants, types []string
			var cfg Config
			lines := strings.SplitAfter(string(data), "\n")
			i := 0
			for ; i < len(lines) && strings.HasPrefix(lines[i], "#"); i++ {
				l := strings.TrimSpace(strings.TrimPrefix(lines[i], "#"))
				switch {
				case strings.HasPrefix(l, "want:"):
					wants = append(wants, strings.TrimSpace(strings.TrimPrefix(l, "want:")))
				case strings.HasPrefix(l, "type:"):
					types = append(types, strings.TrimSpace(strings.TrimPrefix(l, "type:")))
				case strings.HasPrefix(l, "read_only:"):
					cfg.ReadOnly = append(cfg.ReadOnly, readOnlyPath(strings.TrimPrefix(l, "read_only:")))
				}
			}
			f := diag.NewFile(path, []byte(strings.Join(lines[i:], "")))
			prog, pd := parse.File(f)
			if pd.HasErrors() {
				t.Skipf("parser rejects the file: %s", diag.FormatText(pd))
			}
			info, diags := Check(prog, cfg)
			var got []string
			for _, d := range diags {
				pos := f.Position(d.Subject.Start)
				got = append(got, fmt.Sprintf("%s %d:%d %s", d.Code, pos.Line, pos.Col, d.Summary))
			}
			if strings.Join(got, "\n") != strings.Join(wants, "\n") {
				t.Errorf("diagnostics:\n got: %q\nwant: %q\n%s", got, wants, diag.FormatText(diags))
			}
			var gotTypes []string
			for _, root := range prog.Exprs {
				ast.Inspect(root, func(n ast.Expr) bool {
					if call, ok := n.(*ast.Call); ok && call.Name == "type_def" {
						if ci := info.Calls[call]; ci != nil {
							gotTypes = append(gotTypes, jsonOf(ci.TypeDef))
						}
					}
					return true
				})
			}
			if len(types) > 0 && strings.Join(gotTypes, "\n") != strings.Join(types, "\n") {
				t.Errorf("type_def results:\n got: %q\nwant: %q", gotTypes, types)
			}
		})
	}
}

// The tests below build syntax trees by hand so that they do not depend
// on the parser.

func sp(a, b int) ast.Span { return ast.Span{Start: a, Stop: b} }

func checkExprs(t *testing.T, cfg Config, exprs ...ast.Expr) (*Info, diag.List) {
	t.Helper()
	prog := &ast.Program{File: diag.NewFile("t.vrl", []byte(strings.Repeat(" ", 200))), Exprs: exprs}
	return Check(prog, cfg)
}

func TestProgressiveEventType(t *testing.T) {
	// With an event known to be {}: .a = 1; .b = "x"; del(.a)
	assignA := &ast.Assignment{Span: sp(0, 6), Target: &ast.Query{Span: sp(0, 2), Prefix: ast.PrefixEvent, Path: []ast.PathSegment{{Span: sp(1, 2), Field: "a"}}},
		Value: &ast.Integer{Span: sp(5, 6), Value: 1}}
	assignBC := &ast.Assignment{Span: sp(10, 20), Target: &ast.Query{Span: sp(10, 14), Prefix: ast.PrefixEvent,
		Path: []ast.PathSegment{{Span: sp(11, 12), Field: "b"}}},
		Value: &ast.String{Span: sp(17, 20), Segments: []ast.StringSegment{{Span: sp(18, 19), Text: "x"}}}}
	del := &ast.Call{Span: sp(30, 37), Name: "del", NameSpan: sp(30, 33),
		Args: []ast.Arg{{Span: sp(34, 36), Value: &ast.Query{Span: sp(34, 36), Prefix: ast.PrefixEvent, Path: []ast.PathSegment{{Span: sp(35, 36), Field: "a"}}}}}}
	cfg := Config{Event: value.KindObjectOf(nil, nil)}
	info, diags := checkExprs(t, cfg, assignA, assignBC, del)
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics: %s", diag.FormatText(diags))
	}
	if got, want := info.Event.Display(), `{ b: string }`; got != want {
		t.Errorf("final event = %s, want %s", got, want)
	}
	if len(info.Assignments) != 2 || info.Assignments[1].Kind.Display() != "string" {
		t.Errorf("assignments: %+v", info.Assignments)
	}
	ci := info.Calls[del]
	if ci == nil || ci.Special != SpecialDel || ci.Path == nil || ci.Path.Root != ast.PrefixEvent {
		t.Fatalf("del call info: %+v", ci)
	}
	if td := info.Types[del]; td.Kind.Display() != "integer" || td.Fallible {
		t.Errorf("del type = %+v", td)
	}
}

func TestUnhandledFallibleCall(t *testing.T) {
	if _, ok := stdlib.Lookup("parse_json"); !ok {
		t.Skip("parse_json not registered yet")
	}
	call := &ast.Call{Span: sp(0, 15), Name: "parse_json", NameSpan: sp(0, 10),
		Args: []ast.Arg{{Span: sp(11, 14), Value: &ast.String{Span: sp(11, 14), Segments: []ast.StringSegment{{Span: sp(12, 13), Text: "x"}}}}}}
	_, diags := checkExprs(t, Config{}, call)
	if len(diags) != 1 || diags[0].Code != "E100" || diags[0].Subject.Start != 0 || diags[0].Subject.End != 15 {
		t.Fatalf("want one E100 over the call, got %s", diag.FormatText(diags))
	}
	// With "!" the call is infallible.
	call.Abort = true
	info, diags := checkExprs(t, Config{}, call)
	if diags.HasErrors() || info.Types[call].Fallible {
		t.Errorf("parse_json! must be infallible: %s", diag.FormatText(diags))
	}
}

func TestTypeDefValue(t *testing.T) {
	arr := &ast.Array{Span: sp(9, 17), Elems: []ast.Expr{&ast.Integer{Span: sp(10, 11), Value: 1}, &ast.Null{Span: sp(13, 17)}}}
	call := &ast.Call{Span: sp(0, 18), Name: "type_def", NameSpan: sp(0, 8), Args: []ast.Arg{{Span: sp(9, 17), Value: arr}}}
	info, diags := checkExprs(t, Config{}, call)
	if len(diags) > 0 {
		t.Fatal(diag.FormatText(diags))
	}
	if got, want := jsonOf(info.Calls[call].TypeDef), `{"array":{"0":{"integer":true},"1":{"null":true}}}`; got != want {
		t.Errorf("type_def = %s, want %s", got, want)
	}
}

func TestUndefinedVariableSuggestion(t *testing.T) {
	assign := &ast.Assignment{Span: sp(0, 9), Target: &ast.Variable{Span: sp(0, 5), Name: "known"}, Value: &ast.Bool{Span: sp(8, 12), Value: true}}
	use := &ast.Variable{Span: sp(20, 25), Name: "knwon"}
	_, diags := checkExprs(t, Config{}, assign, use)
	if len(diags) != 1 || diags[0].Code != "E701" {
		t.Fatalf("got %s", diag.FormatText(diags))
	}
	if l := diags[0].Labels; len(l) != 2 || l[1].Message != `did you mean "known"?` {
		t.Errorf("labels = %+v", l)
	}
}

func TestLevenshtein(t *testing.T) {
	tests := []struct {
		a, b string
		d    int
	}{
		{"", "abc", 3}, {"abc", "abc", 0}, {"abc", "acb", 1}, {"kitten", "sitting", 3}, {"key", "null", 4},
	}
	for _, tt := range tests {
		if got := levenshtein([]rune(tt.a), []rune(tt.b)); got != tt.d {
			t.Errorf("levenshtein(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
	}
}

func TestExprString(t *testing.T) {
	f := &ast.Object{Pairs: []ast.Pair{{Key: "b", Value: &ast.Integer{Value: 2}}, {Key: "a", Value: &ast.Float{Value: 1.5}}}}
	q := &ast.Query{Prefix: ast.PrefixExpr, Target: &ast.Variable{Name: "x"},
		Path: []ast.PathSegment{{Field: "a b"}, {Kind: ast.SegIndex, Index: -1}}}
	tests := []struct {
		e    ast.Expr
		want string
	}{
		{f, `{ "a": 1.5, "b": 2 }`},
		{&ast.Object{}, "{  }"},
		{q, `x."a b"[-1]`},
		{&ast.Regex{Pattern: "a+"}, "a+"},
		{&ast.Float{Value: 3}, "3"},
		{&ast.Call{Name: "f", Args: []ast.Arg{{Value: q}, {Name: "k", Value: &ast.Null{}}}}, `f(x."a b"[-1], null)`},
	}
	for _, tt := range tests {
		if got := exprString(tt.e); got != tt.want {
			t.Errorf("exprString = %q, want %q", got, tt.want)
		}
	}
	// Assignment targets print a variable path without its dot, as upstream.
	if got := targetString(&ast.Query{Prefix: ast.PrefixExpr, Target: &ast.Variable{Name: "foo"}, Path: []ast.PathSegment{{Field: "bar"}}}); got != "foobar" {
		t.Errorf("targetString = %q", got)
	}
}

func TestDefaultValue(t *testing.T) {
	tests := []struct {
		k    value.Kind
		want string
	}{
		{value.KindBytes, `""`}, {value.KindInteger, "0"}, {value.KindBoolean, "false"},
		{value.KindObjectAny(), "{}"}, {value.Kind{Bits: value.BitBytes | value.BitNull}, "null"},
	}
	for _, tt := range tests {
		if got := jsonOf(DefaultValue(tt.k)); got != tt.want {
			t.Errorf("DefaultValue(%s) = %s, want %s", tt.k.Display(), got, tt.want)
		}
	}
}

// FuzzCheck parses and checks arbitrary input: the checker must never
// panic (a recovered panic becomes a "bug" diagnostic, which fails here).
func FuzzCheck(f *testing.F) {
	seeds := []string{
		".a = 1\n.b = .a + 1\n.",
		"x = {}\nx.a.b = 1",
		"if .a { 1 } else { 2 }",
		"ok, err = parse_json(.m)\nok",
		"for_each({}) -> |k, v| { k }",
		"del(.a[-1].b)\ntype_def(.)",
		`"{{ x }}"`,
		"abort",
		"x |= {}",
		"[1, 2][-3] = 1",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		prog, pd := parse.File(diag.NewFile("", []byte(src)))
		if prog == nil || pd.HasErrors() {
			return
		}
		_, diags := Check(prog, Config{UnusedWarnings: true})
		for _, d := range diags {
			if d.Severity == diag.Bug {
				t.Fatalf("checker bug on %q: %s", src, d.Summary)
			}
		}
	})
}
