package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// now returns the current time (the runtime's clock, injectable in tests).
func init() {
	Register(&Spec{
		Ident:   "now",
		Returns: value.KindTimestamp,
		Impl: func(ctx *Context, _ []value.Value, _ []bool) (value.Value, error) {
			return value.Timestamp(ctx.Now().UTC()), nil
		},
	})
}
