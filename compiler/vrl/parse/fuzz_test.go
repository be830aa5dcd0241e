package parse

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/runtime/vrl/conformance/corpus"
)

var fuzzSeeds = []string{
	"", ".", "%", ".foo.bar[1] = \"a{{ x }}b\\n\"", "x = 1 + 2 * 3 ?? 4",
	"if .a == 1 { .b = 2 } else if .c { 3 } else { null }",
	"map(x) -> |k, v| { [k, v] }", "ok, err = f!(1, b: 2)", "{\"a\": [1, {}]}.a[0]",
	"r'a\\'b' s'raw' t'2021-01-01T00:00:00Z'", "\"\\u{1F600}\"", "abort \"x\"; return 1",
	"if (a = 1; a) { a }", ".foo.", "array = []", "f(1, \"abc", "# comment\n\n;",
	"!!!x", "1 -1", "x-1", "(x).y", "{ # c\n}", "[\n1,\n]", "\"{{\"", "\"\\\n  x\"",
}

func addSeeds(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	// A few corpus programs, when present.
	if dir := corpus.Dir(); dir != "" {
		matches, _ := filepath.Glob(filepath.Join(dir, "expressions", "*", "*.vrl"))
		for i, m := range matches {
			if i%8 != 0 {
				continue
			}
			if data, err := os.ReadFile(m); err == nil {
				f.Add([]byte(corpus.Parse("", string(data)).Source))
			}
		}
	}
}

// FuzzLex checks that the lexer terminates, makes progress and yields
// tokens inside the input.
func FuzzLex(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		l := lexer{f: diag.NewFile("", src), src: src}
		prev := 0
		for n := 0; ; n++ {
			if n > len(src)+1 {
				t.Fatalf("lexer did not terminate on %q", src)
			}
			tok := l.next()
			if tok.start < prev || tok.end < tok.start || tok.end > len(src) {
				t.Fatalf("bad token %+v after %d in %q", tok, prev, src)
			}
			if tok.kind == tEOF {
				return
			}
			if tok.end == tok.start {
				t.Fatalf("empty token %+v in %q", tok, src)
			}
			prev = tok.end
		}
	})
}

// FuzzParse checks that parsing never panics (a recovered panic shows up
// as a Bug diagnostic), that every node lies inside the input, and that a
// clean parse survives a format round trip.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		prog, diags := File(diag.NewFile("", src))
		for _, d := range diags {
			if d.Severity == diag.Bug {
				t.Fatalf("parser bug on %q: %s", src, d.Detail)
			}
			if d.Subject.Start < 0 || d.Subject.End > len(src) || d.Subject.End < d.Subject.Start {
				t.Fatalf("diagnostic span %d-%d outside %q", d.Subject.Start, d.Subject.End, src)
			}
		}
		_ = diag.FormatText(diags)
		for _, e := range prog.Exprs {
			ast.Inspect(e, func(x ast.Expr) bool {
				if x.Pos() < 0 || x.End() > len(src) || x.End() < x.Pos() {
					t.Fatalf("%T spans %d-%d outside input %q", x, x.Pos(), x.End(), src)
				}
				return true
			})
		}
		if len(diags) > 0 {
			return
		}
		first := ast.FormatProgram(prog)
		prog2, diags2 := File(diag.NewFile("", []byte(first)))
		if len(diags2) > 0 {
			t.Fatalf("formatted %q as %q, which does not parse:\n%s", src, first, diag.FormatText(diags2))
		}
		if second := ast.FormatProgram(prog2); second != first {
			t.Fatalf("round trip of %q: %q then %q", src, first, second)
		}
	})
}
