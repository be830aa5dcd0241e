package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// is_timestamp tests whether a value is a timestamp.
func init() { Register(coreIsType("is_timestamp", value.TypeTimestamp)) }
