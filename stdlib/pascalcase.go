package stdlib

// pascalcase converts a string to PascalCase, splitting it into words at case
// changes, digits, spaces, hyphens and underscores (or only at the
// boundaries of original_case when it is given).
func init() { Register(caseFunction("pascalcase", "PascalCase", false)) }
