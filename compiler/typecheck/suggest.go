package typecheck

import (
	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// suggestFix returns the VRL conversion that turns a value of the bad
// kinds into one the column takes, applied to expr ("to_int!(.json.port)"),
// or "" when there is none worth suggesting. Fallible conversions get a
// "!": the author decides whether to handle the error instead.
func suggestFix(bad value.Kind, want *schema.Type, expr string) string {
	b := bad.Bits &^ nullish
	has := func(bits value.KindBits) bool { return b&bits != 0 }
	switch want.Kind {
	case "long", "int":
		switch {
		case has(value.BitBytes | value.BitArray | value.BitObject | value.BitRegex):
			return "to_int!(" + expr + ")"
		case has(value.BitTimestamp) && b == value.BitTimestamp:
			return "to_unix_timestamp(" + expr + ")"
		case has(value.BitFloat | value.BitBoolean | value.BitTimestamp):
			return "to_int(" + expr + ")"
		}
	case "double", "float", "decimal":
		switch {
		case has(value.BitBytes | value.BitArray | value.BitObject | value.BitRegex):
			return "to_float!(" + expr + ")"
		case has(value.BitBoolean | value.BitTimestamp):
			return "to_float(" + expr + ")"
		}
	case "string", "binary", "uuid", "fixed":
		switch {
		case has(value.BitArray | value.BitObject):
			return "encode_json(" + expr + ")"
		case b == value.BitTimestamp:
			return "format_timestamp!(" + expr + ", \"%+\")"
		case has(value.BitRegex):
			return "to_string!(" + expr + ")"
		case has(value.BitInteger | value.BitFloat | value.BitBoolean | value.BitTimestamp):
			return "to_string(" + expr + ")"
		}
	case "boolean":
		switch {
		case has(value.BitBytes | value.BitArray | value.BitObject | value.BitRegex | value.BitTimestamp):
			return "to_bool!(" + expr + ")"
		case has(value.BitInteger | value.BitFloat):
			return "to_bool(" + expr + ")"
		}
	case "timestamp", "timestamptz", "date":
		switch {
		case b == value.BitInteger:
			return "from_unix_timestamp!(" + expr + ")"
		case has(value.BitBytes) || b != 0:
			return "parse_timestamp!(" + expr + ", \"%+\")"
		}
	case "list":
		if !has(value.BitArray) {
			return "[" + expr + "]"
		}
	case "struct", "map":
		if has(value.BitBytes) {
			return "object!(parse_json!(" + expr + "))"
		}
		return "object!(" + expr + ")"
	}
	return ""
}
