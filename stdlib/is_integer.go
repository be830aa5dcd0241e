package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// is_integer tests whether a value is an integer.
func init() { Register(coreIsType("is_integer", value.TypeInteger)) }
