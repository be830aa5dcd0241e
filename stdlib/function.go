// Package stdlib is VRL's standard library: one file per function, each
// holding the function's parameters, its type rule, its implementation and
// its upstream examples.
//
// The compiler (compiler/vrl) uses the parameters and the type rule to
// check calls; the runtime (runtime/vrl) calls Compile once per call site
// and then Eval once per event.
package stdlib

import (
	"sort"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// Function is one VRL function.
type Function interface {
	// Name is the identifier the function is called by.
	Name() string
	// Params lists the parameters in positional order.
	Params() []Param
	// Compile checks the call's arguments (their types, and the values of
	// constant arguments) and returns the compiled call. A returned error
	// is a compile-time diagnostic (see CompileError).
	Compile(args *Args) (Call, error)
}

// ClosureFunction is a Function that takes a closure (for_each, filter,
// map_keys, map_values, ...).
type ClosureFunction interface {
	Function
	// ClosureDef describes the closure the call must be given, from the
	// call's other arguments: the kinds of the closure's parameters (in
	// order) and the kinds its body may return (0 for anything).
	ClosureDef(args *Args) ClosureDef
}

// ClosureDef is the signature a function expects of its closure.
type ClosureDef struct {
	Params []value.Kind
	Return value.KindBits
}

// Param is one parameter of a function.
type Param struct {
	Keyword  string
	Kind     value.KindBits // kinds accepted (VRL's parameter `kind`)
	Required bool
}

// Args are a call's arguments as the compiler sees them, indexed by
// parameter position (a missing optional argument has Present false).
type Args struct {
	List []Arg
	// Closure is the closure's definition when the call has one.
	Closure *ClosureArg
}

// Arg is one argument at compile time.
type Arg struct {
	Present bool
	// Kind is the argument expression's type.
	Kind value.Kind
	// Const is set when the argument is a literal (or a constant
	// expression of literals), for functions that need a static value
	// (a regex, a grok pattern, an enum keyword).
	Const *value.Value
}

// ClosureArg describes the closure passed to a function.
type ClosureArg struct {
	Params []string
	// Kind is the type the closure body returns.
	Kind value.Kind
}

// Get returns argument i (the zero Arg when out of range).
func (a *Args) Get(i int) Arg {
	if a == nil || i >= len(a.List) {
		return Arg{}
	}
	return a.List[i]
}

// Call is a compiled function call.
type Call interface {
	// TypeDef is the call's return type and whether it can fail at run time.
	TypeDef() TypeDef
	// Eval runs the call. args are indexed by parameter position; a missing
	// optional argument is value.Null with present[i] false.
	Eval(ctx *Context, args []value.Value, present []bool) (value.Value, error)
}

// TypeDef is an expression's type and fallibility.
type TypeDef struct {
	Kind     value.Kind
	Fallible bool
}

// Context is what a call may use at run time besides its arguments.
type Context struct {
	// Now returns the current time (injected so tests are deterministic).
	Now func() time.Time
	// Closure runs the call's closure with the given parameter values. It
	// is nil for functions that take no closure. It must not keep params
	// nor read them once the body runs: the functions pass a buffer they
	// reuse for the next item (see closure1).
	Closure func(params ...value.Value) (value.Value, error)
	// Timezone is the default time zone for parse_timestamp & co
	// (UTC when nil).
	Timezone *time.Location

	// params is the parameter buffer of closure1 and closure2 (a Context
	// serves one run at a time).
	params [2]value.Value
	// Arena, when set, is where calls carve the containers they return:
	// the interpreter's arena for the run (see value.Arena), so that a
	// result costs no allocation of its own. Nil: they are allocated.
	Arena *value.Arena

	// jsonBuf is encode_json's output buffer, reused from call to call.
	jsonBuf []byte
}

// CompileError is a compile-time error raised by a function (an invalid
// static argument and the like). Code is VRL's diagnostic code (for example
// 110 for an invalid argument type or 610 for an invalid regex); ArgIndex
// points at the offending argument (-1 for the whole call).
type CompileError struct {
	Code     int
	Message  string
	ArgIndex int
	Label    string
	Notes    []string
}

func (e *CompileError) Error() string { return e.Message }

var registry = map[string]Function{}

// Register adds f to the library. Each function file registers itself in
// an init function.
func Register(f Function) {
	if _, dup := registry[f.Name()]; dup {
		panic("stdlib: duplicate function " + f.Name())
	}
	registry[f.Name()] = f
}

// Lookup returns the function named name.
func Lookup(name string) (Function, bool) {
	f, ok := registry[name]
	return f, ok
}

// Names returns the names of all functions, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
