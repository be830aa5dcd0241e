package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// is_null tests whether a value is null.
func init() { Register(coreIsType("is_null", value.TypeNull)) }
