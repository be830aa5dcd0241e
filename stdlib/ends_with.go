package stdlib

import "strings"

// ends_with tests whether a string ends with a substring.
func init() { Register(coreSubstringFunc("ends_with", strings.HasSuffix)) }
