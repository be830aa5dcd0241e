package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// array asserts that its argument is an array, returning it unchanged; the
// call is infallible when the argument is known to be one.
func init() { Register(coreAssertType("array", value.BitArray)) }
