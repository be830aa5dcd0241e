package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// The containers a call returns come from the run's arena when the
// interpreter gives one (Context.Arena): the CloudTrail transform's
// map_values and split results were one of the few allocations a record
// still took each once the interpreter carved its own containers.

// newArray returns an unshared array of n nulls.
func (ctx *Context) newArray(n int) *value.Array {
	if ctx != nil && ctx.Arena != nil {
		return ctx.Arena.NewArray(n)
	}
	return value.NewArrayLen(n)
}

// newObject returns an empty unshared object with room for n fields.
func (ctx *Context) newObject(n int) *value.Object {
	if ctx != nil && ctx.Arena != nil {
		return ctx.Arena.NewObject(n)
	}
	return value.NewObjectCap(n)
}
