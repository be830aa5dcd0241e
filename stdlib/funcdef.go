package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// This file holds the base types most function files are built from: a
// Function whose compile step is a plain Go function (so it may read
// argument kinds and constants: a return type that follows the arguments,
// an enum keyword validated once, a static regex compiled once) and the
// compiled call it returns. Spec (spec.go) covers the simpler functions
// whose type does not depend on their arguments.

// evalFunc is the run-time body of a call.
type evalFunc func(ctx *Context, args []value.Value, present []bool) (value.Value, error)

// funcDef is a Function with a compile hook.
type funcDef struct {
	ident   string
	params  []Param
	compile func(args *Args) (Call, error)
}

// Name implements Function.
func (f *funcDef) Name() string { return f.ident }

// Params implements Function.
func (f *funcDef) Params() []Param { return f.params }

// Compile implements Function.
func (f *funcDef) Compile(args *Args) (Call, error) { return f.compile(args) }

// funcCall is a compiled call: its type and its body. Calls are
// *funcCall: with a value receiver, every Eval through the Call interface
// went through a wrapper that copied the 40-byte struct first.
type funcCall struct {
	td   TypeDef
	eval evalFunc
}

// TypeDef implements Call.
func (c *funcCall) TypeDef() TypeDef { return c.td }

// Eval implements Call.
func (c *funcCall) Eval(ctx *Context, args []value.Value, present []bool) (value.Value, error) {
	return c.eval(ctx, args, present)
}

// closureFuncDef is a funcDef that takes a closure.
type closureFuncDef struct {
	funcDef
	closureDef func(args *Args) ClosureDef
}

// ClosureDef implements ClosureFunction.
func (f *closureFuncDef) ClosureDef(args *Args) ClosureDef { return f.closureDef(args) }

// typedFunc builds a function whose return type (or fallibility) is
// computed from the call's arguments (upstream's type_def inspecting
// argument kinds or resolve_constant) but which needs no other
// compile-time state.
func typedFunc(ident string, params []Param, td func(args *Args) TypeDef, eval evalFunc) *funcDef {
	return &funcDef{ident: ident, params: params, compile: func(args *Args) (Call, error) {
		return &funcCall{td: td(args), eval: eval}, nil
	}}
}

// reqParam and optParam build a required and an optional parameter.
func reqParam(keyword string, kind value.KindBits) Param {
	return Param{Keyword: keyword, Kind: kind, Required: true}
}

func optParam(keyword string, kind value.KindBits) Param {
	return Param{Keyword: keyword, Kind: kind}
}
