package stdlib

import (
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// to_syslog_facility_code returns the code of a syslog facility name
// ("authpriv" → 10).
func init() {
	Register(&Spec{
		Ident:      "to_syslog_facility_code",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindInteger,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			name := lossyUTF8(args[0].Str())
			for code, n := range syslogFacilityNames {
				if n == name {
					return value.Integer(int64(code)), nil
				}
			}
			return value.Null, fmt.Errorf("syslog facility '%s' not valid", name)
		},
	})
}
