package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// closure1 and closure2 run the call's closure with one and two
// parameters. The parameters go through a buffer in the Context (one per
// frame and call site, reused for every item) rather than the slice a
// variadic call builds, which escapes to the heap because the runner is a
// func value: map_values over CloudTrail's resources took one allocation
// per item for it. The buffer is cleared afterwards so it does not keep
// the last item alive.
func (ctx *Context) closure1(a value.Value) (value.Value, error) {
	ctx.params[0] = a
	v, err := ctx.Closure(ctx.params[:1]...)
	ctx.params[0] = value.Null
	return v, err
}

func (ctx *Context) closure2(a, b value.Value) (value.Value, error) {
	ctx.params[0], ctx.params[1] = a, b
	v, err := ctx.Closure(ctx.params[:2]...)
	ctx.params[0], ctx.params[1] = value.Null, value.Null
	return v, err
}
