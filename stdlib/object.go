package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// object asserts that its argument is an object, returning it unchanged; the
// call is infallible when the argument is known to be one.
func init() { Register(coreAssertType("object", value.BitObject)) }
