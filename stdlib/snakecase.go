package stdlib

// snakecase converts a string to snake_case, splitting it into words at
// case changes, digits, spaces, hyphens and underscores (or only at the
// boundaries of original_case when it is given); excluded_boundaries names
// boundaries not to split at ("lower_digit" keeps "s3" in one word).
func init() { Register(caseFunction("snakecase", "snake_case", true)) }
