package stdlib

import (
	"github.com/matano-go/matano/runtime/vrl/value"
)

// http_request is registered for type checking only; calls fail (see
// network.go).
func init() {
	Register(&Spec{
		Ident: "http_request",
		Parameters: []Param{
			reqParam("url", value.BitBytes),
			optParam("method", value.BitBytes),
			optParam("headers", value.BitObject),
			optParam("body", value.BitBytes),
			optParam("http_proxy", value.BitBytes),
			optParam("https_proxy", value.BitBytes),
			optParam("redact_headers", value.BitBoolean),
		},
		Returns: value.KindBytes,
		CanFail: true,
		Impl:    networkDisabled("http_request"),
	})
}
