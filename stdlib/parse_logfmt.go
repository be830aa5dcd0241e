package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// parse_logfmt is parse_key_value with logfmt's fixed settings: `=`
// between key and value, spaces between pairs, lenient whitespace, and
// standalone keys accepted as `true`.
func init() {
	Register(&Spec{
		Ident:      "parse_logfmt",
		Parameters: []Param{{Keyword: "value", Kind: value.BitBytes, Required: true}},
		Returns:    kvReturnKind(),
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			p := &kvParser{kvd: "=", fd: " ", standalone: true}
			return p.run(lossyUTF8(args[0].Str()))
		},
	})
}
