package stdlib

import (
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// Spec is a Function whose return type and fallibility do not depend on
// its static arguments — most of the library. Functions whose type does
// depend on them (parse_regex's capture names, a constant grok pattern)
// implement Function themselves.
//
// Argument types: the compiler rejects an argument whose kind can never
// match Param.Kind (E110) and makes the call fallible when it only may
// match; the runtime then checks each argument against Param.Kind before
// Eval and raises VRL's "expected …, got …" error itself. Eval may
// therefore assume every present argument has one of its Param's kinds.
type Spec struct {
	Ident      string
	Parameters []Param
	Returns    value.Kind
	// CanFail says whether Eval can return an error for arguments of the
	// right types (for example parse_json on invalid JSON).
	CanFail bool
	Impl    func(ctx *Context, args []value.Value, present []bool) (value.Value, error)
}

// Name implements Function.
func (s *Spec) Name() string { return s.Ident }

// Params implements Function.
func (s *Spec) Params() []Param { return s.Parameters }

// Compile implements Function.
func (s *Spec) Compile(*Args) (Call, error) { return specCall{s}, nil }

type specCall struct{ s *Spec }

func (c specCall) TypeDef() TypeDef { return TypeDef{Kind: c.s.Returns, Fallible: c.s.CanFail} }

func (c specCall) Eval(ctx *Context, args []value.Value, present []bool) (value.Value, error) {
	return c.s.Impl(ctx, args, present)
}

// KindName renders a set of kinds as VRL does in runtime type errors
// ("string", "integer or float", "string, integer or null").
func KindName(bits value.KindBits) string {
	return value.Kind{Bits: bits}.String()
}

// TypeError is VRL's runtime error for a value of the wrong type
// (upstream's ValueError::Expected): "expected string, got integer". Like
// upstream, which prints the Kind of the value, it renders objects and
// arrays by their shape ("got { a: integer }", "got [integer, string]")
// and empty ones as "object" and "array".
func TypeError(want value.KindBits, got value.Value) error {
	return fmt.Errorf("expected %s, got %s", KindName(want), got.KindString())
}
