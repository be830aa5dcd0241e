package stdlib

import (
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_tokens splits a log line into words, "quoted strings" and
// [bracketed groups] (kept with their backslash escapes), as upstream's
// tokenizer does; "" and "-" tokens become null. When nothing else
// matches, the rest of the line is one token.
func init() {
	Register(&Spec{
		Ident:      "parse_tokens",
		Parameters: []Param{{Keyword: "value", Kind: value.BitBytes, Required: true}},
		Returns:    value.KindArrayOf(nil, &value.KindBytes),
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			toks := tokensSplit(lossyUTF8(args[0].Str()))
			out := make([]value.Value, len(toks))
			for i, t := range toks {
				if t == "" || t == "-" {
					out[i] = value.Null
				} else {
					out[i] = value.Bytes(t)
				}
			}
			return value.ArrayValue(out), nil
		},
	})
}

func tokensSplit(s string) []string {
	toks := []string{}
	for s != "" {
		var tok string
		if t, rest, ok := tokensEnclosed(s, '[', ']'); ok {
			tok, s = t, rest
		} else if t, rest, ok := tokensEnclosed(s, '"', '"'); ok {
			tok, s = t, rest
		} else if n := strings.IndexAny(s, " \t[\""); n != 0 {
			if n < 0 {
				n = len(s)
			}
			tok, s = s[:n], s[n:]
		} else {
			tok, s = s, ""
		}
		toks = append(toks, tok)
		s = strings.TrimLeft(s, " \t")
	}
	return toks
}

// tokensEnclosed reads open…close where a backslash may only escape close
// or another backslash; the token is the raw text between the delimiters.
func tokensEnclosed(s string, open, close byte) (string, string, bool) {
	if s == "" || s[0] != open {
		return "", s, false
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 >= len(s) || (s[i+1] != close && s[i+1] != '\\') {
				return "", s, false
			}
			i++
		case close:
			return s[1:i], s[i+1:], true
		}
	}
	return "", s, false
}
