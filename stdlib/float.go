package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// float asserts that its argument is a float, returning it unchanged; the
// call is infallible when the argument is known to be one.
func init() { Register(coreAssertType("float", value.BitFloat)) }
