package stdlib

import (
	"errors"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// to_unix_timestamp converts a timestamp into seconds (or, with unit,
// milliseconds, microseconds or nanoseconds) since the Unix epoch,
// truncating toward negative infinity as chrono does. The unit must be a
// literal.
func init() {
	params := []Param{reqParam("value", value.BitTimestamp), optParam("unit", value.BitBytes)}
	Register(&funcDef{ident: "to_unix_timestamp", params: params, compile: func(args *Args) (Call, error) {
		unit, err := enumArg(args, 1, "unit", coreUnits, "seconds")
		if err != nil {
			return nil, err
		}
		return &funcCall{td: TypeDef{Kind: value.KindInteger}, eval: func(_ *Context, a []value.Value, _ []bool) (value.Value, error) {
			t := a[0].Time()
			sec, nsec := t.Unix(), int64(t.Nanosecond())
			switch unit {
			case "seconds":
				return value.Integer(sec), nil
			case "milliseconds":
				return value.Integer(sec*1e3 + nsec/1e6), nil
			case "microseconds":
				return value.Integer(sec*1e6 + nsec/1e3), nil
			}
			ns, ok := coreUnixNanos(a[0])
			if !ok {
				return value.Null, errors.New("can't convert out of range timestamp")
			}
			return value.Integer(ns), nil
		}}, nil
	}})
}
