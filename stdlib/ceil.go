package stdlib

import "math"

// ceil rounds a float up, optionally at a number of decimal places.
func init() { Register(coreRoundFunc("ceil", math.Ceil)) }
