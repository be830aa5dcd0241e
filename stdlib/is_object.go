package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// is_object tests whether a value is an object.
func init() { Register(coreIsType("is_object", value.TypeObject)) }
