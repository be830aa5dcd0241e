package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// is_float tests whether a value is a float.
func init() { Register(coreIsType("is_float", value.TypeFloat)) }
