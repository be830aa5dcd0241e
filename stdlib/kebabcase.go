package stdlib

// kebabcase converts a string to kebab-case, splitting it into words at case
// changes, digits, spaces, hyphens and underscores (or only at the
// boundaries of original_case when it is given).
func init() { Register(caseFunction("kebabcase", "kebab-case", false)) }
