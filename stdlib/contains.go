package stdlib

import "strings"

// contains tests whether a string contains a substring.
func init() { Register(coreSubstringFunc("contains", strings.Contains)) }
