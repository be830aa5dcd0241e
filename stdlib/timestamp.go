package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// timestamp asserts that its argument is a timestamp, returning it unchanged; the
// call is infallible when the argument is known to be one.
func init() { Register(coreAssertType("timestamp", value.BitTimestamp)) }
