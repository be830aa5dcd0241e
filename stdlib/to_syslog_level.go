package stdlib

import (
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// to_syslog_level names a syslog severity code (5 → "notice").
func init() {
	Register(&Spec{
		Ident:      "to_syslog_level",
		Parameters: []Param{reqParam("value", value.BitInteger)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			code := args[0].Int()
			if code < 0 || code >= int64(len(syslogSeverities)) {
				return value.Null, fmt.Errorf("severity level %d not valid", code)
			}
			return value.Bytes(syslogSeverities[code]), nil
		},
	})
}
