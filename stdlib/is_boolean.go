package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// is_boolean tests whether a value is a boolean.
func init() { Register(coreIsType("is_boolean", value.TypeBoolean)) }
