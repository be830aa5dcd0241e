package stdlib

import "math"

// round rounds a float to the nearest (halves away from zero), optionally
// at a number of decimal places.
func init() { Register(coreRoundFunc("round", math.Round)) }
