package ingest

import (
	"errors"

	"github.com/matano-go/matano/runtime/vrl/value"
	"github.com/matano-go/matano/stdlib"
)

// finisher is what happens to every event after its table's transform, as
// in Matano's transformer: the raw .json input is removed, the event is
// compacted with VRL's compact and its default options (null, "", [] and
// {} are removed, recursively, so a transform may assign null or an empty
// list freely), and ecs.version is stamped.
//
// It was a three-line VRL program (`del(.json)`, `. = compact(.)`,
// `.ecs.version = ...`). Run by the interpreter, the call marked the whole
// event shared (arguments are, see value/share.go) and the assignment
// after it then copied the root object: a walk and a copy of every
// record's ~45 fields for nothing. Here the same stdlib compact is
// called directly, and only the containers that change are copied (a
// shared one is cloned first, the interpreter's rule).
type finisher struct {
	compact stdlib.Call
	// ctx is shared by the transform workers: compact takes no closure
	// and reads no clock, so it never touches its context.
	ctx stdlib.Context
}

// newFinisher compiles compact with its default options.
func newFinisher() (*finisher, error) {
	f, ok := stdlib.Lookup("compact")
	if !ok {
		return nil, errors.New("ingest: the stdlib has no compact")
	}
	call, err := f.Compile(&stdlib.Args{List: []stdlib.Arg{{Present: true, Kind: value.KindObjectAny()}}})
	if err != nil {
		return nil, err
	}
	return &finisher{compact: call}, nil
}

// finish returns the finished event, or an error when ev is not an object
// (a transform that replaced the event with `. = "x"`).
func (f *finisher) finish(ev value.Value) (value.Value, error) {
	root := ev.Obj()
	if root == nil {
		return value.Null, errors.New("the transform's result is not an object")
	}
	if _, ok := root.Get("json"); ok {
		root = owned(root)
		root.Delete("json")
	}
	out, err := f.compact.Eval(&f.ctx, []value.Value{value.ObjectValue(root)}, []bool{true})
	if err != nil {
		return value.Null, err
	}
	root = owned(out.Obj())
	slot := root.Slot("ecs", true)
	ecs := slot.Obj()
	if ecs == nil {
		// compact removed any empty or non-object ecs; a non-object one
		// is replaced, as the VRL assignment did.
		ecs = value.NewObject(1)
	} else {
		ecs = owned(ecs)
	}
	ecs.Set("version", value.Bytes(ECSVersion))
	*slot = value.ObjectValue(ecs)
	return value.ObjectValue(root), nil
}

// owned returns o, or a copy of it when o is marked shared (it may be
// reachable from the input the sideline keeps, or from a variable).
func owned(o *value.Object) *value.Object {
	if o.Shared() {
		return o.CloneCap(1)
	}
	return o
}
