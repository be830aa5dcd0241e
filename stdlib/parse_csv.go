package stdlib

import (
	"errors"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_csv reads the first record of a CSV document as Rust's csv crate
// does with default settings: `"` quoting with doubled quotes inside,
// \r, \n or \r\n ending a record, blank lines skipped, and text after a
// closing quote kept as part of the field. Fields stay raw bytes.
func init() {
	Register(&Spec{
		Ident: "parse_csv",
		Parameters: []Param{
			{Keyword: "value", Kind: value.BitBytes, Required: true},
			{Keyword: "delimiter", Kind: value.BitBytes},
		},
		Returns: value.KindArrayOf(nil, &value.KindBytes),
		CanFail: true,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			delim := byte(',')
			if present[1] && !args[1].IsNull() {
				d := args[1].Str()
				if len(d) != 1 {
					return value.Null, errors.New("delimiter must be a single character")
				}
				delim = d[0]
			}
			fields := csvFirstRecord(args[0].Str(), delim)
			out := make([]value.Value, len(fields))
			for i, f := range fields {
				out[i] = value.Bytes(f)
			}
			return value.ArrayValue(out), nil
		},
	})
}

// csvFirstRecord returns the fields of the first non-blank record.
func csvFirstRecord(s string, delim byte) []string {
	i := 0
	for i < len(s) && (s[i] == '\r' || s[i] == '\n') {
		i++
	}
	if i >= len(s) {
		return nil
	}
	var fields []string
	var field []byte
	inQuotes, quotedField := false, false
	atFieldStart := true
	for ; i < len(s); i++ {
		c := s[i]
		if inQuotes {
			if c == '"' {
				if i+1 < len(s) && s[i+1] == '"' {
					field = append(field, '"')
					i++
				} else {
					inQuotes = false
				}
				continue
			}
			field = append(field, c)
			continue
		}
		switch {
		case c == '"' && atFieldStart:
			inQuotes, quotedField = true, true
			atFieldStart = false
		case c == delim:
			fields = append(fields, string(field))
			field, atFieldStart, quotedField = nil, true, false
		case c == '\r' || c == '\n':
			return append(fields, string(field))
		default:
			field = append(field, c)
			atFieldStart = false
		}
	}
	_ = quotedField
	return append(fields, string(field))
}
