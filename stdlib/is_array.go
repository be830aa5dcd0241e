package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// is_array tests whether a value is an array.
func init() { Register(coreIsType("is_array", value.TypeArray)) }
