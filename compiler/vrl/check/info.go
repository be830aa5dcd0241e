package check

import (
	"regexp"
	"time"

	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/runtime/vrl/value"
	"github.com/matano-go/matano/stdlib"
)

// Info is what the checker learned about a program, for the interpreter
// (runtime/vrl) and for the schema checks. It is filled as far as the
// program could be checked: with errors in the diagnostics, entries for
// the broken expressions may be missing, so only run a program whose
// diagnostics have no errors.
type Info struct {
	// Types holds the type and fallibility of every checked expression,
	// including if branches and closure bodies. Assignment targets are
	// not expressions and have no entry (except the target of `a |= b`,
	// which is read).
	Types map[ast.Expr]stdlib.TypeDef
	// Calls describes every function call that resolved to a function.
	Calls map[*ast.Call]*CallInfo
	// Event and Metadata are the kinds of the event and of the metadata
	// after the whole program ran (the union over every path that reaches
	// the end, including early returns).
	Event, Metadata value.Kind
	// Assignments lists every assignment to the event or metadata, in
	// source order, with the kind that was assigned; a schema check uses
	// them to point at the offending assignment.
	Assignments []AssignInfo
}

// CallInfo is one checked function call.
type CallInfo struct {
	// Function is the stdlib function called; nil for a Special function
	// the stdlib does not register.
	Function stdlib.Function
	// Call is the compiled call (nil for the Special functions below, which
	// the interpreter implements itself).
	Call stdlib.Call
	// Args holds the argument expressions by parameter position; nil for
	// an omitted optional parameter. Keyword arguments are already moved
	// to their position.
	Args []ast.Expr
	// Special is set for functions that take a path rather than a value
	// or that read the checker's state; the interpreter must handle them
	// itself instead of calling Call.Eval.
	Special Special
	// Path is the target path of a call that takes a path: del, exists,
	// and functions whose compiled call is a stdlib.QueryCall (unnest).
	// Args[0] is the *ast.Query (or the *ast.Variable for a whole
	// variable).
	Path *PathRef
	// TypeDef is the constant result of a type_def(...) call: the
	// checker's type of its argument in type_def's value form.
	TypeDef value.Value
	// Closure describes the call's closure, when it has one.
	Closure *ClosureInfo
}

// Special names the functions the interpreter implements itself.
type Special uint8

const (
	// NotSpecial is an ordinary call: evaluate Args and call Call.Eval.
	NotSpecial Special = iota
	// SpecialDel is del(path[, compact]): remove the path from the event,
	// metadata or variable and return the removed value (null when absent).
	// Args[1] is the optional compact argument.
	SpecialDel
	// SpecialExists is exists(path): whether the path is present.
	SpecialExists
	// SpecialTypeDef is type_def(expr): return CallInfo.TypeDef without
	// evaluating the argument.
	SpecialTypeDef
)

// PathRef is a path target of del/exists: where it starts and the static
// path below.
type PathRef struct {
	// Root is the event (ast.PrefixEvent), the metadata
	// (ast.PrefixMetadata) or a variable (ast.PrefixExpr with Variable
	// set).
	Root     ast.Prefix
	Variable string
	// Target is the root expression when Root is ast.PrefixExpr and the
	// root is not a variable (del({"a": 1}.a)).
	Target ast.Expr
	Path   []ast.PathSegment
}

// ClosureInfo is a checked closure.
type ClosureInfo struct {
	// Params are the closure's parameter names ("" for "_"), in order.
	Params []string
	// ParamKinds are the kinds the function promised for them.
	ParamKinds []value.Kind
	// Return is the type the body produces.
	Return stdlib.TypeDef
}

// AssignInfo is one assignment to an external target.
type AssignInfo struct {
	// Node is the assignment.
	Node *ast.Assignment
	// Target is the assigned query (Node.Target or Node.Err).
	Target *ast.Query
	// Kind is the kind stored at the target.
	Kind value.Kind
}

// DefaultValue is the value VRL gives the "ok" target of `ok, err = expr`
// when expr fails: the zero value of expr's kind when that kind is exact,
// null otherwise (VRL's `DefaultValue for Kind`).
func DefaultValue(k value.Kind) value.Value {
	switch {
	case k.Bits == value.BitBytes:
		return value.Bytes("")
	case k.Bits == value.BitInteger:
		return value.Integer(0)
	case k.Bits == value.BitFloat:
		return value.Float(0)
	case k.Bits == value.BitBoolean:
		return value.False
	case k.Bits == value.BitTimestamp:
		return value.Timestamp(time0)
	case k.Bits == value.BitRegex:
		return value.RegexValue(&value.Regex{Pattern: "", Regexp: regexp.MustCompile("")})
	case k.Bits == value.BitArray:
		return value.ArrayValue(nil)
	case k.Bits == value.BitObject:
		return value.ObjectValue(value.NewObject(0))
	}
	return value.Null
}

// time0 is the Unix epoch, VRL's default timestamp.
var time0 = time.Unix(0, 0).UTC()
