package stdlib

import "math"

// floor rounds a float down, optionally at a number of decimal places.
func init() { Register(coreRoundFunc("floor", math.Floor)) }
