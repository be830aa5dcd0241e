package stdlib

import "strings"

// starts_with tests whether a string begins with a substring.
func init() { Register(coreSubstringFunc("starts_with", strings.HasPrefix)) }
