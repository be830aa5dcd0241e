package stdlib

import (
	"math/rand/v2"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// random_bool returns a uniformly random boolean.
func init() {
	Register(&Spec{
		Ident:   "random_bool",
		Returns: value.KindBoolean,
		Impl: func(_ *Context, _ []value.Value, _ []bool) (value.Value, error) {
			return value.Boolean(rand.IntN(2) == 1), nil
		},
	})
}
