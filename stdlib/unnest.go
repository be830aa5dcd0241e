package stdlib

import (
	"errors"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// unnest turns a value holding an array at a path into an array of copies
// of that value, each with one item of the array at the path:
// `. = unnest(.messages)` makes one event per message.
//
// Its argument must be a path query (`.a.b`, `var.x`), which a plain Call
// cannot see: the compiler passes the query's root kind and path to
// UnnestType for the type, and the interpreter calls the compiled call's
// EvalQuery (see QueryCall) with the root's value (the event, the
// variable) and the path below it.
func init() {
	Register(&funcDef{
		ident:  "unnest",
		params: []Param{reqParam("path", value.BitArray)},
		compile: func(args *Args) (Call, error) {
			k := argKind(args, 0)
			return unnestCall{td: TypeDef{Kind: value.KindArrayOf(nil, k.Ptr())}}, nil
		},
	})
}

// QueryCall is a compiled call whose argument is a path query (unnest).
type QueryCall interface {
	Call
	// WithQueryType returns the call typed for a query of the given root
	// kind and path.
	WithQueryType(root value.Kind, path []value.KindSegment) QueryCall
	// EvalQuery runs the call on the query's root value and path.
	EvalQuery(ctx *Context, root value.Value, path []value.KindSegment) (value.Value, error)
}

type unnestCall struct{ td TypeDef }

// TypeDef implements Call.
func (c unnestCall) TypeDef() TypeDef { return c.td }

// Eval implements Call: without the query unnest cannot run.
func (c unnestCall) Eval(*Context, []value.Value, []bool) (value.Value, error) {
	return value.Null, errors.New("unnest requires a path query argument")
}

// WithQueryType implements QueryCall.
func (c unnestCall) WithQueryType(root value.Kind, path []value.KindSegment) QueryCall {
	return unnestCall{td: TypeDef{Kind: UnnestType(root, path)}}
}

// EvalQuery implements QueryCall.
func (c unnestCall) EvalQuery(_ *Context, root value.Value, path []value.KindSegment) (value.Value, error) {
	segs := make([]corePathSeg, len(path))
	for i, s := range path {
		segs[i] = corePathSeg{field: s.Field, index: int64(s.Index), isIndex: s.IsIndex}
	}
	at, ok := coreGetPath(root, segs)
	if !ok {
		return value.Null, TypeError(value.BitArray, value.Null)
	}
	if at.Type() != value.TypeArray {
		return value.Null, TypeError(value.BitArray, at)
	}
	trimmed := coreRemovePath(root, segs, true)
	events := make([]value.Value, at.Arr().Len())
	for i, item := range at.Arr().Items {
		events[i] = coreInsertPath(trimmed, segs, item)
	}
	return value.ArrayValue(events), nil
}

// UnnestType is the type of unnest on a query: an array whose items have
// the root's type with the array's item type at the path; never when the
// path cannot hold an array.
func UnnestType(root value.Kind, path []value.KindSegment) value.Kind {
	at := root.AtPath(path)
	arr := at.ArrayShape()
	if arr == nil {
		return value.KindNever
	}
	out := &value.Collection{Known: map[string]value.Kind{}}
	for k, item := range arr.Known {
		out.Known[k] = root.Insert(path, item)
	}
	if unknown := arr.UnknownKind(); unknown.ContainsAnyDefined() {
		out.SetUnknown(root.Insert(path, unknown.WithoutUndefined()))
	}
	return value.Kind{Bits: value.BitArray, Array: out}
}
