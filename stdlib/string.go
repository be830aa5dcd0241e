package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// string asserts that its argument is a string, returning it unchanged;
// the call is infallible when the argument is known to be a string.
func init() { Register(coreAssertType("string", value.BitBytes)) }
