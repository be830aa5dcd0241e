package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// is_string tests whether a value is a string.
func init() { Register(coreIsType("is_string", value.TypeBytes)) }
