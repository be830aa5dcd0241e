package stdlib

import (
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// Upstream reports bad static arguments as E610 ("function compilation
// error") wrapping one of the function-argument errors (E400–E403). The
// wrapped error's labels become the snippet's labels: Label is the primary
// label and Notes hold the context labels in the order upstream's
// renderer prints them under the primary one (the reverse of the order the
// error lists them: "error: …" before "received: …").

// codeFunctionCompilation is E610, which wraps the function-argument
// errors E400 (unexpected expression), E401 (invalid enum variant), E402
// (expected static expression) and E403 (invalid argument); the wrapped
// code is part of the message.
const codeFunctionCompilation = 610

// invalidArgument is E403: a constant argument has a value the
// function rejects (chunks' chunk_size of 0).
func invalidArgument(argIndex int, keyword string, received value.Value, reason string) *CompileError {
	return &CompileError{
		Code:     codeFunctionCompilation,
		Message:  "function compilation error: error[E403] invalid argument",
		ArgIndex: argIndex,
		Label:    `invalid argument "` + keyword + `"`,
		Notes:    []string{"error: " + reason, "received: " + displayValue(received)},
	}
}

// invalidEnum is E401: a constant enum argument is not one of the
// accepted variants.
func invalidEnum(argIndex int, keyword string, received value.Value, variants []string) *CompileError {
	quoted := make([]string, len(variants))
	for i, v := range variants {
		quoted[i] = displayValue(value.Bytes(v))
	}
	return &CompileError{
		Code:     codeFunctionCompilation,
		Message:  `function compilation error: error[E401] invalid enum variant"`,
		ArgIndex: argIndex,
		Label:    `invalid enum variant for argument "` + keyword + `"`,
		Notes: []string{
			"expected one of: " + strings.Join(quoted, ", "),
			"received: " + displayValue(received),
		},
	}
}

// expectedStatic is E402: the argument must be a literal (an enum
// keyword, match_any's patterns) but is computed at run time.
func expectedStatic(argIndex int, keyword string) *CompileError {
	return &CompileError{
		Code:     codeFunctionCompilation,
		Message:  "function compilation error: error[E402] this argument must be a static expression",
		ArgIndex: argIndex,
		Label:    `expected static expression for argument "` + keyword + `"`,
	}
}

// unexpectedExpression is E400: the argument is not the kind of
// expression the function needs (an enum keyword must be a literal). The
// "received: <expression>" label needs the argument's source text, which
// only the compiler has.
func unexpectedExpression(argIndex int, keyword, expected string) *CompileError {
	return &CompileError{
		Code:     codeFunctionCompilation,
		Message:  "function compilation error: error[E400] unexpected expression type",
		ArgIndex: argIndex,
		Label:    `unexpected expression for argument "` + keyword + `"`,
		Notes:    []string{"expected: " + expected},
	}
}

// enumArg reads enum argument i at compile time as upstream's
// optional_enum/required_enum do: it must be a literal (E400 otherwise)
// naming one of variants (E401 otherwise). It returns def when the
// argument is omitted.
func enumArg(args *Args, i int, keyword string, variants []string, def string) (string, error) {
	a := args.Get(i)
	if !a.Present {
		return def, nil
	}
	if a.Const == nil {
		return "", unexpectedExpression(i, keyword, "literal")
	}
	if a.Const.Type() == value.TypeBytes {
		for _, v := range variants {
			if a.Const.Str() == v {
				return v, nil
			}
		}
	}
	return "", invalidEnum(i, keyword, *a.Const, variants)
}

// compileMessage is a function's own compile error with no code of
// its own (upstream's ExpressionError, code 0), wrapped in E610.
func compileMessage(argIndex int, message string) *CompileError {
	return &CompileError{
		Code:     codeFunctionCompilation,
		Message:  "function compilation error: error[E0] " + message,
		ArgIndex: argIndex,
		Label:    message,
	}
}
