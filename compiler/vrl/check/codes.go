package check

// Diagnostic codes raised by the type checker. The numbers are VRL's own
// (src/compiler/codes.rs in vectordotdev/vrl 0.35); the list is
// append-only and a code is never reused. Each line gives the meaning and
// an example that raises it.
const (
	CodeFallibleExpression     = 100 // unhandled fallible expression: parse_json("x")
	CodeNonBooleanPredicate    = 102 // if condition is not boolean: if "a" { }
	CodeFallibleAssignment     = 103 // fallible value assigned: .a = parse_json(.x)
	CodeInfallibleAssignment   = 104 // error target on infallible value: a, err = 1
	CodeUndefinedFunction      = 105 // unknown function: foo()
	CodeWrongNumberOfArgs      = 106 // too many arguments: upcase("a", "b")
	CodeMissingArgument        = 107 // required argument omitted: upcase()
	CodeUnknownKeyword         = 108 // unknown keyword argument: upcase(x: "a")
	CodeUnexpectedClosure      = 109 // closure on a function without one: upcase("a") -> |x| { x }
	CodeInvalidArgumentKind    = 110 // argument can never have the parameter's type: upcase(1)
	CodeMissingClosure         = 111 // closure-taking function without closure: for_each({})
	CodeNonStringAbortMessage  = 113 // abort message is not a string: abort 1
	CodeClosureArityMismatch   = 120 // wrong number of closure parameters: map_values({}) -> |k, v| { v }
	CodeReturnTypeMismatch     = 122 // closure body returns the wrong type: filter([1]) -> |_, v| { v }
	CodeReadOnlyMutation       = 315 // assignment to a read-only path: .read_only = 1
	CodeFunctionCompilation    = 610 // a function rejected its static arguments: redact("x", [{"type": "bad"}])
	CodeAbortInfallible        = 620 // warning: `!` on a function that cannot fail: upcase!("a")
	CodeFallibleArgument       = 630 // fallible expression passed as argument: upcase(parse_json("x"))
	CodeFallibleExpr           = 631 // fallible abort message or return value: abort parse_json("x")
	CodeUnnecessaryNoop        = 640 // assignment to _ alone: _ = 1
	CodeInvalidTarget          = 641 // assignment to a non-path: f().a = 1
	CodeInvalidParentPath      = 642 // field of a non-object / index of a non-array: x = 1; x.a = 2
	CodeUnnecessaryCoalesce    = 651 // ?? on an infallible left side: 1 ?? 2
	CodeMergeNonObjects        = 652 // | or |= on non-objects: 1 | {}
	CodeNonBooleanNot          = 660 // ! on a non-boolean: !1
	CodeUndefinedVariable      = 701 // unknown variable: x
	CodeUnusedExpression       = 900 // warning: result of an expression is unused: "foo"
	CodeInvalidFunctionArgPath = 400 // del/exists argument is not a path: del(1) (wrapped in E610)
	CodeClosureParamMismatch   = 121 // closure function's value may have the wrong type: for_each(.x) -> |k, v| { v }
)
