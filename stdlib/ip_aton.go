package stdlib

import (
	"encoding/binary"
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// ip_aton converts a dotted-quad IPv4 address to its integer value in
// network byte order, as inet_aton does.
func init() {
	Register(&Spec{
		Ident:      "ip_aton",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindInteger,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			a, ok := parseIPv4Addr(lossyUTF8(args[0].Str()))
			if !ok {
				return value.Null, fmt.Errorf("unable to parse IPv4 address: %s", errIPv4Syntax)
			}
			b := a.As4()
			return value.Integer(int64(binary.BigEndian.Uint32(b[:]))), nil
		},
	})
}
