package stdlib

// camelcase converts a string to camelCase, splitting it into words at case
// changes, digits, spaces, hyphens and underscores (or only at the
// boundaries of original_case when it is given).
func init() { Register(caseFunction("camelcase", "camelCase", false)) }
