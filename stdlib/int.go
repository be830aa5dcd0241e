package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// int asserts that its argument is an integer, returning it unchanged; the
// call is infallible when the argument is known to be one.
func init() { Register(coreAssertType("int", value.BitInteger)) }
