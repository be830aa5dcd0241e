package stdlib

import (
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// to_syslog_severity returns the code of a syslog level name ("alert" →
// 1), also accepting "panic", "error" and "warn".
func init() {
	Register(&Spec{
		Ident:      "to_syslog_severity",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindInteger,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			name := lossyUTF8(args[0].Str())
			for code, n := range syslogSeverities {
				if n == name {
					return value.Integer(int64(code)), nil
				}
			}
			if code, ok := syslogSeverityAliases[name]; ok {
				return value.Integer(code), nil
			}
			return value.Null, fmt.Errorf("syslog level %s not valid", name)
		},
	})
}
