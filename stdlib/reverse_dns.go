package stdlib

import (
	"github.com/matano-go/matano/runtime/vrl/value"
)

// reverse_dns is registered for type checking only; calls fail (see
// network.go).
func init() {
	Register(&Spec{
		Ident:      "reverse_dns",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl:       networkDisabled("reverse_dns"),
	})
}
