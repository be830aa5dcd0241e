package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// bool asserts that its argument is a boolean, returning it unchanged; the
// call is infallible when the argument is known to be one.
func init() { Register(coreAssertType("bool", value.BitBoolean)) }
