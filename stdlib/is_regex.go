package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// is_regex tests whether a value is a regex.
func init() { Register(coreIsType("is_regex", value.TypeRegex)) }
