package diag

import (
	"strings"
	"testing"
)

// at returns the span of the n-th (0-based) occurrence of sub in f.
func at(t *testing.T, f *File, sub string, n int) Span {
	t.Helper()
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(string(f.Src[off:]), sub)
		if j < 0 {
			t.Fatalf("%q not found", sub)
		}
		if i == n {
			return Span{File: f, Start: off + j, End: off + j + len(sub)}
		}
		off += j + 1
	}
}

var vrlNotes = []string{
	"see language documentation at https://vrl.dev",
	"try your code in the VRL REPL, learn more at https://vrl.dev/examples",
}

func TestRenderText(t *testing.T) {
	type lbl struct {
		sub     string
		n       int
		msg     string
		primary bool
	}
	tests := []struct {
		name   string
		src    string
		sev    Severity
		code   string
		sum    string
		labels []lbl
		notes  []string
		want   string
	}{
		{
			name: "hanging messages under one caret run",
			src:  "\n1 / 0\n", code: "E100", sum: "unhandled error",
			labels: []lbl{{"1 / 0", 0, "expression can result in runtime error", true}, {"1 / 0", 0, "handle the error case to ensure runtime success", false}},
			notes:  []string{"see documentation about error handling at https://errors.vrl.dev/#handling", "learn more about error code 100 at https://errors.vrl.dev/100"},
			want: `error[E100]: unhandled error
  ┌─ :2:1
  │
2 │ 1 / 0
  │ ^^^^^
  │ │
  │ expression can result in runtime error
  │ handle the error case to ensure runtime success
  │
  = see documentation about error handling at https://errors.vrl.dev/#handling
  = learn more about error code 100 at https://errors.vrl.dev/100
  = see language documentation at https://vrl.dev
  = try your code in the VRL REPL, learn more at https://vrl.dev/examples`,
		},
		{
			name: "trailing message and empty label",
			src:  "\nr'['\n2 < 3 < 4\n", code: "E650", sum: "comparison operators can't be chained together",
			labels: []lbl{{"<", 1, "", true}},
			want: `error[E650]: comparison operators can't be chained together
  ┌─ :3:7
  │
3 │ 2 < 3 < 4
  │       ^
  │
  = see language documentation at https://vrl.dev
  = try your code in the VRL REPL, learn more at https://vrl.dev/examples`,
		},
		{
			name: "three labels, one trailing",
			src:  "\n\"foo\" ?? \"bar\"\n", code: "E651", sum: "unnecessary error coalescing operation",
			labels: []lbl{{`"foo"`, 0, "this expression can't fail", true}, {`"bar"`, 0, "this expression never resolves", false}, {"??", 0, "remove this error coalescing operation", false}},
			want: `error[E651]: unnecessary error coalescing operation
  ┌─ :2:1
  │
2 │ "foo" ?? "bar"
  │ ^^^^^ -- ----- this expression never resolves
  │ │     │
  │ │     remove this error coalescing operation
  │ this expression can't fail
  │
  = see language documentation at https://vrl.dev
  = try your code in the VRL REPL, learn more at https://vrl.dev/examples`,
		},
		{
			name: "secondary trailing after primary",
			src:  "\nnow!()\n", sev: Warning, code: "E620", sum: "can't abort infallible function",
			labels: []lbl{{"now", 0, "this function can't fail", true}, {"!", 0, "remove this abort (!) instruction", false}},
			want: `warning[E620]: can't abort infallible function
  ┌─ :2:1
  │
2 │ now!()
  │ ^^^- remove this abort (!) instruction
  │ │
  │ this function can't fail
  │
  = see language documentation at https://vrl.dev
  = try your code in the VRL REPL, learn more at https://vrl.dev/examples`,
		},
		{
			name: "overlapping labels, locus at primary, wide gutter",
			src:  "\n\n\n\n\n\n\n\n\n\nfoo[0][1] = \"baz\"\n", code: "E642", sum: "parent path segment rejects this mutation",
			labels: []lbl{{"[1]", 0, "indexing into a non-array type is unsupported", true}, {"foo[0]", 0, "this path resolves to a value of type undefined", false}},
			want: `error[E642]: parent path segment rejects this mutation
   ┌─ :11:7
   │
11 │ foo[0][1] = "baz"
   │ ------^^^ indexing into a non-array type is unsupported
   │ │
   │ this path resolves to a value of type undefined
   │
   = see language documentation at https://vrl.dev
   = try your code in the VRL REPL, learn more at https://vrl.dev/examples`,
		},
		{
			name: "multi-line labels",
			src:  "\nfilter([1, 2, 3]) -> |_key, _value| {\n  return 0\n  true\n}\n", code: "E122", sum: "type mismatch in closure return type",
			labels: []lbl{{"{\n  return 0\n  true\n}", 0, "block returns invalid value type", true}, {"{\n  return 0\n  true\n}", 0, "expected: boolean", false}, {"{\n  return 0\n  true\n}", 0, "received: integer or boolean", false}},
			want: `error[E122]: type mismatch in closure return type
  ┌─ :2:37
  │
2 │       filter([1, 2, 3]) -> |_key, _value| {
  │ ╭─────────────────────────────────────────^
  │ │ ╭───────────────────────────────────────'
  │ │ │ ╭─────────────────────────────────────'
3 │ │ │ │   return 0
4 │ │ │ │   true
5 │ │ │ │ }
  │ ╰─│─│─^ block returns invalid value type
  │   ╰─│─' expected: boolean
  │     ╰─' received: integer or boolean
  │
  = see language documentation at https://vrl.dev
  = try your code in the VRL REPL, learn more at https://vrl.dev/examples`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewFile("", []byte(tt.src))
			d := Diagnostic{Severity: tt.sev, Code: tt.code, Summary: tt.sum}
			if d.Severity == Bug {
				d.Severity = Error
			}
			for _, l := range tt.labels {
				d.Labels = append(d.Labels, Label{Span: at(t, f, l.sub, l.n), Message: l.msg, Primary: l.primary})
			}
			d.Notes = append(append([]string{}, tt.notes...), vrlNotes...)
			got := strings.TrimSpace(FormatText(List{d}))
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestRenderTextNoLocation(t *testing.T) {
	got := FormatText(List{{Severity: Hint, Code: "M001", Summary: "no file", Notes: []string{"a note\nsecond line"}}})
	want := "hint[M001]: no file\n = a note\n   second line\n\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRenderTextSubjectOnly(t *testing.T) {
	f := NewFile("matano.yml", []byte("a: 1\nb: [\n"))
	got := FormatText(List{{Severity: Error, Summary: "bad", Subject: Span{File: f, Start: 8, End: 9}}})
	want := "error: bad\n  ┌─ matano.yml:2:4\n  │\n2 │ b: [\n  │    ^\n\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRenderTextColor(t *testing.T) {
	f := NewFile("", []byte("x\n"))
	var b strings.Builder
	if err := RenderText(&b, List{{Severity: Error, Code: "E1", Summary: "s", Labels: []Label{{Span: Span{File: f, Start: 0, End: 1}, Primary: true, Message: "m"}}}}, TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\x1b[") {
		t.Errorf("no colour in %q", b.String())
	}
	plain := FormatText(List{{Severity: Error, Code: "E1", Summary: "s"}})
	if strings.Contains(plain, "\x1b[") {
		t.Errorf("colour without Color: %q", plain)
	}
}

// FuzzRenderText renders arbitrary labels over arbitrary text; it must
// not panic and must not leave trailing spaces.
func FuzzRenderText(f *testing.F) {
	f.Add([]byte("a = 1\nb = 2\n"), 0, 3, 4, 9, true)
	f.Add([]byte("x\n\ty é\n"), 2, 2, 1, 7, false)
	f.Add([]byte(""), 0, 0, 0, 0, true)
	f.Fuzz(func(t *testing.T, src []byte, s1, e1, s2, e2 int, primary bool) {
		file := NewFile("f.vrl", src)
		d := Diagnostic{Severity: Warning, Code: "E1", Summary: "s", Notes: []string{"n"},
			Labels: []Label{
				{Span: Span{File: file, Start: s1, End: e1}, Message: "one", Primary: primary},
				{Span: Span{File: file, Start: s2, End: e2}, Message: "two \nlines"},
			}}
		out := FormatText(List{d})
		for _, l := range strings.Split(out, "\n") {
			if strings.TrimRight(l, " ") != l {
				t.Fatalf("trailing space in %q", l)
			}
		}
	})
}

// TestRenderTextEqualRanges pins the order of hanging messages of labels
// that cover the same range, which follows codespan's binary search.
func TestRenderTextEqualRanges(t *testing.T) {
	f := NewFile("", []byte("\nreplace_with(\"\", r'test') -> |m| { to_int!(m.string) }\n"))
	span := at(t, f, "{ to_int!(m.string) }", 0)
	d := Diagnostic{Severity: Error, Code: "E122", Summary: "type mismatch in closure return type", Labels: []Label{
		{Span: span, Message: "block returns invalid value type", Primary: true},
		{Span: span, Message: "expected: string"},
		{Span: span, Message: "received: integer"},
	}}
	got := strings.TrimSpace(FormatText(List{d}))
	want := `error[E122]: type mismatch in closure return type
  ┌─ :2:34
  │
2 │ replace_with("", r'test') -> |m| { to_int!(m.string) }
  │                                  ^^^^^^^^^^^^^^^^^^^^^
  │                                  │
  │                                  block returns invalid value type
  │                                  received: integer
  │                                  expected: string`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
