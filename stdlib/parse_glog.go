package stdlib

import (
	"regexp"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_glog reads a Google glog line: `Lyyyymmdd hh:mm:ss.uuuuuu id
// file:line] message`; the timestamp is UTC.
func init() {
	Register(&Spec{
		Ident:      "parse_glog",
		Parameters: []Param{{Keyword: "value", Kind: value.BitBytes, Required: true}},
		Returns:    googleLogKind(),
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return googleLogParse(glogRegex, "glog", lossyUTF8(args[0].Str()), func(ts, _ string) string { return ts })
		},
	})
}

var glogRegex = regexp.MustCompile(`^[` + reWhitespace + `]*(?P<level>` + reWord + `)(?P<timestamp>` + reDigit + `{4}` + reDigit + `{2}` + reDigit +
	`{2}[` + reWhitespace + `]` + reDigit + `{2}:` + reDigit + `{2}:` + reDigit + `{2}\.` + reDigit + `{6})[` + reWhitespace + `]+(?P<id>` + reDigit +
	`+)[` + reWhitespace + `](?P<file>.+):(?P<line>` + reDigit + `+)\][` + reWhitespace + `](?P<message>.*?)[` + reWhitespace + `]*$`)
