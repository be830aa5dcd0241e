package stdlib

import (
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// to_syslog_facility names a syslog facility code (4 → "auth").
func init() {
	Register(&Spec{
		Ident:      "to_syslog_facility",
		Parameters: []Param{reqParam("value", value.BitInteger)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			code := args[0].Int()
			if code < 0 || code >= int64(len(syslogFacilityNames)) {
				return value.Null, fmt.Errorf("facility code %d not valid", code)
			}
			return value.Bytes(syslogFacilityNames[code]), nil
		},
	})
}
