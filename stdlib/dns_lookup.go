package stdlib

import (
	"github.com/matano-go/matano/runtime/vrl/value"
)

// dns_lookup is registered for type checking only; calls fail (see
// network.go).
func init() {
	Register(&Spec{
		Ident: "dns_lookup",
		Parameters: []Param{
			reqParam("value", value.BitBytes),
			optParam("qtype", value.BitBytes),
			optParam("class", value.BitBytes),
			optParam("options", value.BitObject),
		},
		Returns: dnsLookupKind(),
		CanFail: true,
		Impl:    networkDisabled("dns_lookup"),
	})
}
