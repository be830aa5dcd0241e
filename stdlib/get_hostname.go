package stdlib

import (
	"fmt"
	"os"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// get_hostname returns the machine's host name.
func init() {
	Register(&Spec{
		Ident:   "get_hostname",
		Returns: value.KindBytes,
		CanFail: true,
		Impl: func(_ *Context, _ []value.Value, _ []bool) (value.Value, error) {
			h, err := os.Hostname()
			if err != nil {
				return value.Null, fmt.Errorf("failed to get hostname: %v", err)
			}
			return value.Bytes(lossyUTF8(h)), nil
		},
	})
}
