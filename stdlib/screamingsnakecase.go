package stdlib

// screamingsnakecase converts a string to SCREAMING_SNAKE, splitting it into words at case
// changes, digits, spaces, hyphens and underscores (or only at the
// boundaries of original_case when it is given).
func init() { Register(caseFunction("screamingsnakecase", "SCREAMING_SNAKE", false)) }
