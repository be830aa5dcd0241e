package parse

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/ast"
)

// sexpr prints a tree fully parenthesized, so tests can see structure
// (precedence, nesting, targets) that the canonical format hides.
func sexpr(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Binary:
		return fmt.Sprintf("(%s %s %s)", e.Op, sexpr(e.Left), sexpr(e.Right))
	case *ast.Not:
		return "(! " + sexpr(e.X) + ")"
	case *ast.Group:
		return "(group " + sexpr(e.X) + ")"
	case *ast.Block:
		parts := []string{"block"}
		for _, x := range e.Exprs {
			parts = append(parts, sexpr(x))
		}
		return "(" + strings.Join(parts, " ") + ")"
	case *ast.Assignment:
		s := "(" + e.Op.String() + " " + sexpr(e.Target)
		if e.Err != nil {
			s += " " + sexpr(e.Err)
		}
		return s + " " + sexpr(e.Value) + ")"
	case *ast.Query:
		var b strings.Builder
		b.WriteString("(query ")
		switch e.Prefix {
		case ast.PrefixEvent:
			b.WriteString(".")
		case ast.PrefixMetadata:
			b.WriteString("%")
		default:
			b.WriteString(sexpr(e.Target))
		}
		for _, s := range e.Path {
			switch s.Kind {
			case ast.SegIndex:
				fmt.Fprintf(&b, " [%d]", s.Index)
			default:
				if s.Quoted {
					fmt.Fprintf(&b, " %q", s.Field)
				} else {
					b.WriteString(" " + s.Field)
				}
			}
		}
		return b.String() + ")"
	case *ast.Call:
		parts := []string{"call", e.Name}
		if e.Abort {
			parts[1] += "!"
		}
		for _, a := range e.Args {
			if a.Name != "" {
				parts = append(parts, a.Name+"="+sexpr(a.Value))
			} else {
				parts = append(parts, sexpr(a.Value))
			}
		}
		if e.Closure != nil {
			var ps []string
			for _, p := range e.Closure.Params {
				ps = append(ps, p.Name)
			}
			parts = append(parts, "|"+strings.Join(ps, " ")+"|", sexpr(e.Closure.Body))
		}
		return "(" + strings.Join(parts, " ") + ")"
	case *ast.If:
		var cs []string
		for _, c := range e.Cond {
			cs = append(cs, sexpr(c))
		}
		s := "(if " + strings.Join(cs, " ") + " " + sexpr(e.Then)
		if e.Else != nil {
			s += " " + sexpr(e.Else)
		}
		return s + ")"
	case *ast.Abort:
		if e.Message == nil {
			return "(abort)"
		}
		return "(abort " + sexpr(e.Message) + ")"
	case *ast.Return:
		return "(return " + sexpr(e.X) + ")"
	case *ast.Array:
		var parts []string
		for _, x := range e.Elems {
			parts = append(parts, sexpr(x))
		}
		return "[" + strings.Join(parts, " ") + "]"
	case *ast.Object:
		var parts []string
		for _, kv := range e.Pairs {
			parts = append(parts, fmt.Sprintf("%q:%s", kv.Key, sexpr(kv.Value)))
		}
		return "{" + strings.Join(parts, " ") + "}"
	}
	return ast.Format(e)
}

func parseOK(t *testing.T, src string) *ast.Program {
	t.Helper()
	prog, diags := File(diag.NewFile("", []byte(src)))
	if len(diags) > 0 {
		t.Fatalf("parse %q:\n%s", src, diag.FormatText(diags))
	}
	return prog
}

func TestParseStructure(t *testing.T) {
	tests := []struct{ src, want string }{
		// precedence, lowest to highest: ?? < (|| &&) < (== !=) < compare < | < (+ -) < (* /) < !
		{`1 + 2 * 3`, `(+ 1 (* 2 3))`},
		{`1 * 2 + 3`, `(+ (* 1 2) 3)`},
		{`a ?? b || c`, `(?? a (|| b c))`},
		{`a || b && c`, `(&& (|| a b) c)`},
		{`a && b || c`, `(|| (&& a b) c)`},
		{`a == b || c != d`, `(|| (== a b) (!= c d))`},
		{`(a < b) == c > d`, `(== (group (< a b)) (> c d))`},
		{`a | b + c`, `(| a (+ b c))`},
		{`a > b | c`, `(> a (| b c))`},
		{`1 - 2 - 3`, `(- (- 1 2) 3)`},
		{`8 / 4 / 2`, `(/ (/ 8 4) 2)`},
		{`!a && !!b`, `(&& (! a) (! (! b)))`},
		{`!f(x) * 2`, `(* (! (call f x)) 2)`},
		{"1 +\n  2", `(+ 1 2)`},
		{`(1 + 2) * 3`, `(* (group (+ 1 2)) 3)`},
		// literals
		{`-5`, `-5`},
		{`1_000`, `1000`},
		{`1.5`, `1.5`},
		{`-0.25`, `-0.25`},
		{`"a\tb\u{41}\{\}"`, `"a\tbA\{\}"`},
		{"\"line \\\n    continues\"", `"line continues"`},
		{`s'raw\n'`, `s'raw\n'`},
		{`r'a\'b'`, `r'a\'b'`},
		{`t'2021-02-03T04:05:06Z'`, `t'2021-02-03T04:05:06Z'`},
		{`"hi {{ name }}!"`, `"hi {{ name }}!"`},
		{`"\{{ not }}"`, `"\{\{ not \}\}"`},
		// queries
		{`.`, `(query .)`},
		{`%`, `(query %)`},
		{`.foo.bar[2]`, `(query . foo bar [2])`},
		{`.foo[-1]`, `(query . foo [-1])`},
		{`."foo bar".baz`, `(query . "foo bar" baz)`},
		{`%meta.x`, `(query % meta x)`},
		{`.@timestamp`, `(query . @timestamp)`},
		{`.if.null`, `(query . if null)`},
		{`x.y[0]`, `(query x y [0])`},
		{`parse_json!(s).a`, `(query (call parse_json! s) a)`},
		{`[1, 2][0]`, `(query [1 2] [0])`},
		{`{"a": 1}.a`, `(query {"a":1} a)`},
		// assignments
		{`.a = 1`, `(= (query . a) 1)`},
		{`x |= {"a": 1}`, `(|= x {"a":1})`},
		{`ok, err = f(1)`, `(= ok err (call f 1))`},
		{`_, .e = f(1)`, `(= _ (query . e) (call f 1))`},
		{`a = b = 1`, `(= a (= b 1))`},
		{"a =\n\n 1", `(= a 1)`},
		// calls and closures
		{`f()`, `(call f)`},
		{`f!(1, b: 2)`, `(call f! 1 b=2)`},
		{"f(\n  1,\n  2,\n)", `(call f 1 2)`},
		{`f(string: 1, if: 2)`, `(call f string=1 if=2)`},
		{`map(x) -> |k, v| { [k, v] }`, `(call map x |k v| (block [k v]))`},
		{`for_each(x) -> |_, v| { v }`, `(call for_each x | v| (block v))`},
		{`f(x) -> || { 1 }`, `(call f x || (block 1))`},
		// control flow
		{`if a { 1 }`, `(if a (block 1))`},
		{`if a { 1 } else { 2 }`, `(if a (block 1) (block 2))`},
		{"if a {\n 1\n}\nelse if b {\n 2\n} else {\n 3\n}", `(if a (block 1) (if b (block 2) (block 3)))`},
		{`if (a = 1; a == 1) { a }`, `(if (= a 1) (== a 1) (block a))`},
		{`if (a) && b { 1 }`, `(if (&& (group a) b) (block 1))`},
		{`abort`, `(abort)`},
		{`abort "x"`, `(abort "x")`},
		{`return 1 + 1`, `(return (+ 1 1))`},
		{`{ a; b }`, `(block a b)`},
		{"{\n a\n b\n}", `(block a b)`},
		{`{}`, `{}`},
		{`[]`, `[]`},
		{"[\n 1,\n 2\n]", `[1 2]`},
	}
	for _, tt := range tests {
		prog := parseOK(t, tt.src)
		if len(prog.Exprs) != 1 {
			t.Errorf("%q: %d root expressions, want 1", tt.src, len(prog.Exprs))
			continue
		}
		if got := sexpr(prog.Exprs[0]); got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

func TestParseRoots(t *testing.T) {
	tests := []struct {
		src  string
		want int
	}{
		{"", 0},
		{"\n\n", 0},
		{"a; b", 2},
		{"a;\nb\n\n\nc;", 3},
		{"# comment\na # trailing\n", 1},
		{"if a { 1 }\n\nelse { 2 }", 1},
	}
	for _, tt := range tests {
		if got := len(parseOK(t, tt.src).Exprs); got != tt.want {
			t.Errorf("%q: %d roots, want %d", tt.src, got, tt.want)
		}
	}
}

func TestLiteralValues(t *testing.T) {
	prog := parseOK(t, `"a\nb\"c\\d\0"; 9223372036854775807; 2.5; true; null; t'2021-01-02 03:04:05.5+01:00'`)
	if v, ok := prog.Exprs[0].(*ast.String).Value(); !ok || v != "a\nb\"c\\d\x00" {
		t.Errorf("string = %q, %v", v, ok)
	}
	if v := prog.Exprs[1].(*ast.Integer).Value; v != 9223372036854775807 {
		t.Errorf("int = %d", v)
	}
	if v := prog.Exprs[2].(*ast.Float).Value; v != 2.5 {
		t.Errorf("float = %v", v)
	}
	if _, ok := prog.Exprs[4].(*ast.Null); !ok {
		t.Errorf("null = %T", prog.Exprs[4])
	}
	want := time.Date(2021, 1, 2, 2, 4, 5, 500000000, time.UTC)
	if v := prog.Exprs[5].(*ast.Timestamp).Value; !v.Equal(want) || v.Location() != time.UTC {
		t.Errorf("timestamp = %v, want %v", v, want)
	}
	s := parseOK(t, `"x{{ a }}y{{b}}"`).Exprs[0].(*ast.String)
	var segs []string
	for _, sg := range s.Segments {
		segs = append(segs, fmt.Sprintf("%v:%s@%d-%d", sg.Template, sg.Text, sg.Start, sg.Stop))
	}
	if got := strings.Join(segs, " "); got != "false:x@1-2 true:a@2-9 false:y@9-10 true:b@10-15" {
		t.Errorf("segments = %s", got)
	}
}

func TestPositions(t *testing.T) {
	src := "x = .foo[1] + f!(a: 1)"
	e := parseOK(t, src).Exprs[0].(*ast.Assignment)
	check := func(name string, n ast.Node, want string) {
		t.Helper()
		if got := src[n.Pos():n.End()]; got != want {
			t.Errorf("%s spans %q, want %q", name, got, want)
		}
	}
	check("assignment", e, src)
	check("target", e.Target, "x")
	b := e.Value.(*ast.Binary)
	check("binary", b, ".foo[1] + f!(a: 1)")
	check("op", b.OpSpan, "+")
	q := b.Left.(*ast.Query)
	check("query", q, ".foo[1]")
	check("segment", q.Path[1], "[1]")
	c := b.Right.(*ast.Call)
	check("call", c, "f!(a: 1)")
	check("name", c.NameSpan, "f")
	check("arg", c.Args[0], "a: 1")
	check("arg name", c.Args[0].NameSpan, "a")
}

// TestSyntaxErrors checks the first line of each label of the diagnostics
// for input VRL rejects.
func TestSyntaxErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{".foo.\n", `E203 4-5 unexpected end of query path | expected one of: "identifier", "path field", "string literal", "abort", "return"`},
		{"array = []\n", `E205 0-5 this identifier name is reserved for future use in the language | use a different name instead`},
		{"x = string\n", `E205 4-10 this identifier name is reserved for future use in the language | use a different name instead`},
		{"1 2\n", `E203 2-3 unexpected syntax token: "IntegerLiteral" | expected one of: ";", "\n", "+", "*", "-", "/", "<", "<=", ">", ">=", "==", "!=", "|", "&&", "||", "??"`},
		{"x-1\n", `E203 1-3 unexpected syntax token: "IntegerLiteral" | expected one of: ";", "\n", "=", "|=", ",", "+", "*", "-", "/", "<", "<=", ">", ">=", "==", "!=", "|", "&&", "||", "??"`},
		{"x = \n", `E204 5-5 unexpected end of program | expected one of: "identifier", "string literal", "raw string literal", "integer literal", "float literal", "regex literal", "timestamp literal", "function call", "path literal", "if", "null", "true", "false", "abort", "return", "\n", "_", "!", "[", "{", "("`},
		{"\"foo\\xbar\"\n", `E209 5-6 invalid escape character: x`},
		{"\"abc\n", `E207 0-1 invalid string literal`},
		{"s'abc\n", `E208 0-1 invalid literal`},
		{"f(1, \"abc\n", `E207 6-7 invalid string literal`},
		{"f(1, r'abc\n", `E208 6-7 invalid literal`},
		{"\"\\u{}\"\n", `E211 1-5 invalid unicode escape sequence`},
		{"\"\\u{110000}\"\n", `E211 1-11 invalid unicode escape sequence`},
		{"99999999999999999999\n", `E206 0-20 invalid numeric literal: number too large to fit in target type`},
		{"r'(a'\n", `E101 0-5 regex parse error: unclosed group: (a`},
		{"t'2021-13-01T00:00:00Z'\n", `E601 0-23 invalid timestamp format: input is out of range`},
		{"t'2021-01-01'\n", `E601 0-13 invalid timestamp format: premature end of input`},
		{"1 == 2 != 3\n", `E650 7-9 `},
		{"(\n1)\n", `E203 1-2 unexpected syntax token: "Newline" | expected one of: "identifier", "string literal", "raw string literal", "integer literal", "float literal", "regex literal", "timestamp literal", "function call", "path literal", "null", "true", "false", "_", "!", "[", "{", "("`},
		{".foo(1)\n", `E203 1-4 unexpected syntax token: "FunctionCall" | expected one of: "identifier", "path field", "string literal", RQuery, "abort", "return", ".", "["`},
		{"(x).y\n", `E203 3-4 unexpected syntax token: "LQuery" | expected one of: ";", "\n", "+", "*", "-", "/", "<", "<=", ">", ">=", "==", "!=", "|", "&&", "||", "??"`},
		{".a = 1 +\n", `E204 9-9 unexpected end of program | expected one of: "identifier", "string literal", "raw string literal", "integer literal", "float literal", "regex literal", "timestamp literal", "function call", "path literal", "null", "true", "false", "\n", "!", "[", "{", "("`},
	}
	for _, tt := range tests {
		_, diags := File(diag.NewFile("", []byte(tt.src)))
		if len(diags) == 0 {
			t.Errorf("%q: no diagnostic", tt.src)
			continue
		}
		d := diags[0]
		var msgs []string
		for _, l := range d.Labels {
			msgs = append(msgs, l.Message)
		}
		got := fmt.Sprintf("%s %d-%d %s", d.Code, d.Subject.Start, d.Subject.End, strings.Join(msgs, " | "))
		if got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

// TestRecovery checks that a syntax error abandons only its own root
// expression.
func TestRecovery(t *testing.T) {
	src := ".a = (1\n.b = ) 2; .c = 3\n.d = 4\n"
	prog, diags := File(diag.NewFile("", []byte(src)))
	if len(diags) != 2 {
		t.Fatalf("got %d diagnostics, want 2:\n%s", len(diags), diag.FormatText(diags))
	}
	var kinds []string
	for _, e := range prog.Exprs {
		kinds = append(kinds, ast.Format(e))
	}
	if got := strings.Join(kinds, " | "); got != "<bad> | <bad> | .c = 3 | .d = 4" {
		t.Errorf("roots = %s", got)
	}
}

// TestLexicalErrorIsFatal checks that a lexical error is the only
// diagnostic, as in VRL.
func TestLexicalErrorIsFatal(t *testing.T) {
	_, diags := File(diag.NewFile("", []byte("1 2\n\"a\\q\"\n3 4\n")))
	if len(diags) != 1 || diags[0].Code != "E209" {
		t.Fatalf("got %v", diags)
	}
}

func TestParseTimestamp(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"2021-02-03T04:05:06Z", "2021-02-03T04:05:06Z", ""},
		{"2021-02-03t04:05:06.123456789z", "2021-02-03T04:05:06.123456789Z", ""},
		{"2021-02-03 04:05:06+0130", "2021-02-03T02:35:06Z", ""},
		{"2021-02-03T04:05:06-01:00", "2021-02-03T05:05:06Z", ""},
		{"foobar", "", tsInvalid},
		{"2021-02-03T04:05:06", "", tsTooShort},
		{"2021-02-30T04:05:06Z", "", tsOutOfRange},
		{"2021-02-03T04:05:06Zjunk", "", tsTooLong},
	}
	for _, tt := range tests {
		v, err := ParseTimestamp(tt.in)
		if err != tt.err {
			t.Errorf("%q: error %q, want %q", tt.in, err, tt.err)
			continue
		}
		if err == "" && v.Format(time.RFC3339Nano) != tt.want {
			t.Errorf("%q = %s, want %s", tt.in, v.Format(time.RFC3339Nano), tt.want)
		}
	}
}

func TestCheckRegex(t *testing.T) {
	tests := []struct{ in, want string }{
		{`^a+(?P<x>b)$`, ""},
		{`[`, "unclosed character class: ["},
		{`(a`, "unclosed group: (a"},
		{`a)`, "unopened group: a)"},
		{`*a`, "repetition operator missing expression: *a"},
	}
	for _, tt := range tests {
		if got := CheckRegex(tt.in); got != tt.want {
			t.Errorf("CheckRegex(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMergeByRoot(t *testing.T) {
	f := diag.NewFile("", []byte("a = 1\nb = )\nc = 2\n"))
	prog, parsed := File(f)
	if len(parsed) != 1 || IsFatal(parsed[0]) || HasFatal(parsed) {
		t.Fatalf("parsed = %v", parsed)
	}
	at := func(off int, code string) diag.Diagnostic {
		return diag.Diagnostic{Code: code, Subject: diag.Span{File: f, Start: off, End: off + 1}}
	}
	checked := diag.List{at(12, "C3"), at(0, "C1"), {Code: "C9"}}
	var got []string
	for _, d := range MergeByRoot(prog, parsed, checked) {
		got = append(got, d.Code)
	}
	if s := strings.Join(got, " "); s != "C1 E203 C3 C9" {
		t.Errorf("order = %s", s)
	}
	_, lexd := File(diag.NewFile("", []byte(`"\q"`)))
	if !HasFatal(lexd) {
		t.Errorf("lexical error not fatal: %v", lexd)
	}
}

func TestRE2Pattern(t *testing.T) {
	tests := []struct{ in, want string }{
		{`abc`, `abc`},
		{`\u0041\U0001F600\u{1F30E}`, `\x{0041}\x{0001F600}\x{1F30E}`},
		{`\<word\>`, `\bword\b`},
		{`\b{start}x\b{end-half}`, `\bx\b`},
		{`(?x) a b # comment
c`, `abc`},
		{`(?ix)a [ ]`, `(?i)a[ ]`},
		{`(?R)^a$`, `^a$`},
		{`(?xs:a . b)`, `(?s:a.b)`},
		{`[\u0041-\u005A]`, `[\x{0041}-\x{005A}]`},
		{`\\u0041`, `\\u0041`},
	}
	for _, tt := range tests {
		if got := RE2Pattern(tt.in); got != tt.want {
			t.Errorf("RE2Pattern(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if CheckRegex(tt.in) != "" {
			t.Errorf("CheckRegex(%q) = %q", tt.in, CheckRegex(tt.in))
		}
	}
}

func TestUnclosedBlock(t *testing.T) {
	_, diags := File(diag.NewFile("", []byte("if x { a")))
	if len(diags) != 1 || diags[0].Code != "E204" {
		t.Fatalf("got %v", diags)
	}
	want := `expected one of: ";", "\n", "=", "|=", ",", "+", "*", "-", "/", "<", "<=", ">", ">=", "==", "!=", "|", "&&", "||", "??", "}"`
	if got := diags[0].Labels[1].Message; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
