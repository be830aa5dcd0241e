package stdlib

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"

	"github.com/matano-go/matano/compiler/vrl/parse"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// to_regex compiles a string into a regex at run time (expensive: a
// regex literal is compiled once). The pattern is in VRL's (Rust) regex
// syntax, translated to Go's as for regex literals (parse.RE2Pattern).
func init() {
	Register(&Spec{
		Ident:      "to_regex",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindRegex,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			pattern := lossyUTF8(args[0].Str())
			re, err := regexp.Compile(parse.RE2Pattern(pattern))
			if err != nil {
				return value.Null, fmt.Errorf("could not create regex: %s", rustRegexError(pattern, err))
			}
			return value.RegexValue(&value.Regex{Pattern: pattern, Regexp: re}), nil
		},
	})
}

// rustRegexError renders a pattern's syntax error as the Rust regex
// crate's Display does:
//
//	regex parse error:
//	    (+)
//	     ^
//	error: repetition operator missing expression
//
// The message and span width come from parse.CheckRegex, the column from
// where Go's parser located the offending text.
func rustRegexError(pattern string, err error) string {
	check := parse.CheckRegex(pattern)
	if check == "" {
		return err.Error()
	}
	parts := strings.SplitN(check, ": ", 3)
	msg, width := parts[0], 1
	if len(parts) > 1 && parts[1] != "" && strings.Trim(parts[1], "^") == "" {
		width = len(parts[1])
	}
	col := 0
	var se *syntax.Error
	if errors.As(err, &se) && se.Expr != "" {
		if i := strings.Index(pattern, se.Expr); i >= 0 {
			col = utf8.RuneCountInString(pattern[:i])
		}
	}
	var b strings.Builder
	b.WriteString("regex parse error:\n")
	for _, line := range strings.Split(pattern, "\n") {
		b.WriteString("    " + line + "\n")
	}
	b.WriteString("    " + strings.Repeat(" ", col) + strings.Repeat("^", width) + "\n")
	b.WriteString("error: " + msg)
	return b.String()
}
