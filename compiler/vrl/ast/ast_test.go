package ast

import (
	"strings"
	"testing"
)

func TestFormatNodes(t *testing.T) {
	sp := Span{}
	tests := []struct {
		e    Expr
		want string
	}{
		{&Float{Value: 1}, "1.0"},
		{&Float{Value: -0.5}, "-0.5"},
		{&Float{Value: 1e21}, "1000000000000000000000.0"},
		{&String{Segments: []StringSegment{{Text: "a\"b\\c\n{{x}}"}}}, `"a\"b\\c\n\{\{x\}\}"`},
		{&String{Segments: []StringSegment{{Text: "hi "}, {Template: true, Text: "name"}}}, `"hi {{ name }}"`},
		{&Regex{Pattern: "it's"}, `r'it\'s'`},
		{&Query{Prefix: PrefixEvent, Path: []PathSegment{{Field: "a b"}, {Kind: SegIndex, Index: -1}, {Field: "c"}}}, `."a b"[-1].c`},
		{&Query{Prefix: PrefixMetadata}, `%`},
		{&Query{Target: &Variable{Name: "x"}, Path: []PathSegment{{Kind: SegCoalesce, Fields: []PathSegment{{Field: "a"}, {Field: "1"}}}}}, `x.(a | "1")`},
		{&Block{}, "{ null }"},
		{&Object{}, "{}"},
		{&Assignment{Op: MergeAssign, Target: &Noop{Span: sp}, Err: &Variable{Name: "e"}, Value: &Null{}}, "_, e |= null"},
		{&If{Cond: []Expr{&Bool{Value: true}}, Then: &Block{Exprs: []Expr{&Integer{Value: 1}}}, Else: &If{Cond: []Expr{&Variable{Name: "a"}, &Variable{Name: "b"}}, Then: &Block{Exprs: []Expr{&Integer{Value: 2}}}}}, "if true { 1 } else if (a; b) { 2 }"},
		{&Call{Name: "f", Abort: true, Args: []Arg{{Value: &Integer{Value: 1}}, {Name: "k", Value: &Bool{}}}, Closure: &Closure{Params: []Param{{}, {Name: "v"}}, Body: &Block{Exprs: []Expr{&Variable{Name: "v"}}}}}, "f!(1, k: false) -> |_, v| { v }"},
		{&Abort{}, "abort"},
		{&Not{X: &Group{X: &Binary{Op: OpAnd, Left: &Variable{Name: "a"}, Right: &Variable{Name: "b"}}}}, "!(a && b)"},
	}
	for _, tt := range tests {
		if got := Format(tt.e); got != tt.want {
			t.Errorf("Format(%T) = %s, want %s", tt.e, got, tt.want)
		}
	}
}

func TestPrecedence(t *testing.T) {
	order := []Op{OpErr, OpOr, OpEq, OpLt, OpMerge, OpAdd, OpMul}
	for i := 1; i < len(order); i++ {
		if order[i-1].Precedence() >= order[i].Precedence() {
			t.Errorf("%s should bind looser than %s", order[i-1], order[i])
		}
	}
	if OpOr.Precedence() != OpAnd.Precedence() {
		t.Error("|| and && share a level")
	}
	if !OpLe.IsComparison() || OpMerge.IsComparison() || OpAnd.IsComparison() {
		t.Error("IsComparison")
	}
}

func TestInspect(t *testing.T) {
	e := &Assignment{Target: &Variable{Name: "x"}, Value: &Call{Name: "f", Args: []Arg{{Value: &Array{Elems: []Expr{&Integer{Value: 1}}}}},
		Closure: &Closure{Body: &Block{Exprs: []Expr{&Return{X: &Null{}}}}}}}
	var seen []string
	Inspect(e, func(x Expr) bool {
		seen = append(seen, typeName(x))
		_, isArray := x.(*Array)
		return !isArray
	})
	if got := strings.Join(seen, " "); got != "Assignment Variable Call Array Block Return Null" {
		t.Errorf("visited %s", got)
	}
}

func typeName(x Expr) string {
	switch x.(type) {
	case *Assignment:
		return "Assignment"
	case *Variable:
		return "Variable"
	case *Call:
		return "Call"
	case *Array:
		return "Array"
	case *Block:
		return "Block"
	case *Return:
		return "Return"
	case *Null:
		return "Null"
	}
	return "?"
}
