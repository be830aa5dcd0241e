package vrl

import (
	"strings"

	"github.com/matano-go/matano/compiler/vrl/ast"
	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// place is a compiled assignment target.
type place struct {
	store func(f *frame, v value.Value)
	load  func(f *frame) value.Value
	// eventPath is the path of an event target with at least one step
	// (`.a.b = x`, the common case), which assignment stores into
	// without calling store.
	eventPath []segment
}

func (c *compiler) place(t ast.Expr) place {
	switch t := t.(type) {
	case *ast.Noop:
		return place{
			store: func(*frame, value.Value) {},
			load:  func(*frame) value.Value { return value.Null },
		}
	case *ast.Variable:
		i := c.slot(t.Name)
		if c.tracked[t.Name] {
			return place{
				store: func(f *frame, v value.Value) { f.vars[i] = v; f.defined[i] = true },
				load:  func(f *frame) value.Value { return f.vars[i] },
			}
		}
		return place{
			store: func(f *frame, v value.Value) { f.vars[i] = v },
			load:  func(f *frame) value.Value { return f.vars[i] },
		}
	case *ast.Query:
		path := c.path(t.Path)
		var root func(f *frame) *value.Value
		switch t.Prefix {
		case ast.PrefixEvent:
			c.shapeHint(".", path)
			// Stores other than assignEventPath's may move or replace any
			// container: forget them all (see frame.conts).
			root = func(f *frame) *value.Value { f.forget(); return &f.event }
		case ast.PrefixMetadata:
			c.shapeHint("%", path)
			root = func(f *frame) *value.Value { return &f.meta }
		default:
			v, ok := t.Target.(*ast.Variable)
			if !ok {
				c.fail(t, "cannot assign to this expression")
			}
			c.shapeHint(v.Name, path)
			i := c.slot(v.Name)
			root = func(f *frame) *value.Value { return &f.vars[i] }
			if c.tracked[v.Name] {
				// Loads never create the variable, but every store goes
				// through root, so marking it here is enough.
				root = func(f *frame) *value.Value { f.defined[i] = true; return &f.vars[i] }
			}
		}
		if len(path) > 0 && t.Prefix == ast.PrefixEvent {
			// The common target (`.a.b = x`), without the root closure.
			return place{
				store: func(f *frame, v value.Value) { f.forget(); setPath(&f.event, path, v, f.hints, &f.arena) },
				load: func(f *frame) value.Value {
					v, _ := getPath(f.event, path, f.hints)
					return v
				},
				eventPath: path,
			}
		}
		if len(path) == 0 {
			return place{
				store: func(f *frame, v value.Value) { *root(f) = v },
				load:  func(f *frame) value.Value { return *root(f) },
			}
		}
		return place{
			store: func(f *frame, v value.Value) { setPath(root(f), path, v, f.hints, &f.arena) },
			load: func(f *frame) value.Value {
				v, _ := getPath(*root(f), path, f.hints)
				return v
			},
		}
	}
	c.fail(t, "cannot assign to %T", t)
	return place{}
}

// assignment compiles `target = value`, `target |= value` and the
// error-capturing `ok, err = value`. The assignment's own value is the
// assigned value (in the error case of `ok, err =`, the error message).
func (c *compiler) assignment(e *ast.Assignment) cexpr {
	if st, x, ok := c.eventAssignment(e); ok {
		return assignEventPath(st, x)
	}
	if e.Err == nil && e.Op != ast.MergeAssign {
		c.moveInto(e)
	}
	x := c.expr(e.Value)
	target := c.place(e.Target)
	xe, borrowed := x.eval, x.borrowed
	store := target.store
	if e.Op == ast.MergeAssign {
		// VRL rewrites `a |= b` to `a = a | b`: the target is read first,
		// and the assignment's value is the merged object. The merged
		// object is fresh; it keeps the children of the old target value
		// (replaced, so referenced by nothing else unless already shared)
		// and of b (marked when borrowed).
		load, inner, rb := target.load, xe, borrowed
		xe = func(f *frame) (value.Value, error) {
			cur := load(f)
			v, err := inner(f)
			if err != nil {
				return value.Null, err
			}
			if rb {
				markShared(v)
			}
			return value.Merge(cur, v)
		}
		borrowed = false
	}
	if e.Err == nil {
		return storeResult(xe, borrowed, store)
	}
	errPlace := c.place(e.Err)
	def := value.Null
	if td, ok := c.info.Types[e.Value]; ok {
		def = check.DefaultValue(td.Kind)
	}
	markShared(def)
	return cexpr{eval: func(f *frame) (value.Value, error) {
		v, err := xe(f)
		if err != nil {
			msg := value.Bytes(errMessage(err))
			store(f, def)
			errPlace.store(f, msg)
			return msg, nil
		}
		if borrowed {
			markShared(v)
		}
		store(f, v)
		errPlace.store(f, value.Null)
		return v, nil
	}, borrowed: true}
}

// eventAssignment compiles the parts of `.a.b = x`, a plain assignment
// to an event path of at least one step: the store and x. ok is false
// (and nothing is compiled) for any other assignment.
func (c *compiler) eventAssignment(e *ast.Assignment) (st *eventStore, x cexpr, ok bool) {
	q, isQuery := e.Target.(*ast.Query)
	if e.Err != nil || e.Op == ast.MergeAssign || !isQuery || q.Prefix != ast.PrefixEvent || len(q.Path) == 0 {
		return nil, cexpr{}, false
	}
	c.moveInto(e)
	x = c.expr(e.Value)
	target := c.place(e.Target)
	return c.eventStore(target.eventPath), x, true
}

// assignEventPath compiles `.a.b = x`, most of a mapping program's
// statements, with the store made from the assignment's own closure
// rather than through place.store, and, when x is a constant or a path
// read (`.event.kind = "event"`, `.event.action = j.eventName`), without
// calling x's closure either. Each layer saved is an indirect call and a
// copy of the value per statement (with the fused call wrapper and the
// inlined markShared, 5% of BenchmarkIngestTransform's instructions).
func assignEventPath(st *eventStore, x cexpr) cexpr {
	switch {
	case x.konst != nil:
		// constant() has marked the value shared.
		k := *x.konst
		return cexpr{eval: func(f *frame) (value.Value, error) {
			st.store(f, k)
			return k, nil
		}, borrowed: true}
	case x.read != nil && x.read.event:
		src := x.read.path
		return cexpr{eval: func(f *frame) (value.Value, error) {
			v, _ := getPath(f.event, src, f.hints)
			markShared(v)
			st.store(f, v)
			return v, nil
		}, borrowed: true}
	case x.read != nil && len(x.read.path) == 1 && !x.read.path[0].isIndex:
		i, s := x.read.slot, &x.read.path[0]
		return cexpr{eval: func(f *frame) (value.Value, error) {
			v := getField(f.vars[i], s, f.hints)
			markShared(v)
			st.store(f, v)
			return v, nil
		}, borrowed: true}
	case x.read != nil:
		i, src := x.read.slot, x.read.path
		return cexpr{eval: func(f *frame) (value.Value, error) {
			v, _ := getPath(f.vars[i], src, f.hints)
			markShared(v)
			st.store(f, v)
			return v, nil
		}, borrowed: true}
	}
	return storeResult(x.eval, x.borrowed, st.store)
}

// storeResult compiles a plain assignment of xe's value through store: the
// value, marked shared when borrowed (the target and the assignment's own
// value both hold it), is stored and is the assignment's value.
func storeResult(xe func(*frame) (value.Value, error), borrowed bool, store func(*frame, value.Value)) cexpr {
	return cexpr{eval: func(f *frame) (value.Value, error) {
		v, err := xe(f)
		if err != nil {
			return value.Null, err
		}
		if borrowed {
			markShared(v)
		}
		store(f, v)
		return v, nil
	}, borrowed: true}
}

// Path assignments remember their container.
//
// A mapping program assigns field after field into the same few objects
// (`.aws.cloudtrail.event_version = ...`, `.aws.cloudtrail.event_type =
// ...`), and each setPath walked from the root again: two or three field
// lookups, ownership checks and slot updates before the one that matters.
// So each event assignment of two or more field steps has a container id
// (one per distinct parent path, see compiler.eventStore), and the frame
// keeps, per id, the object the last store through it put its field in
// (frame.conts). A store finds its parent there and only looks up its own
// field.
//
// A remembered object O at path P is used only while it is certainly
// still at P and owned by the event:
//
//   - O is not shared (the check is made at each use). Anything that
//     gives a second place a reference to O or to a container above it
//     (a variable, a function argument, an array or object literal)
//     marks it shared first, and marking reaches every container below;
//     a shared O would also have to be copied before a change. (The one
//     argument left unmarked, moveInto's, is replaced by the call's
//     result, a store that forgets the containers below it.)
//   - Nothing replaced a container on P. Only stores and del change the
//     event (functions never change their arguments): each eventStore
//     knows at compile time whether its path is P or a prefix of any
//     container's P (invalidates), and then forgets every container; so
//     do del, the root assignment, `|=` and `ok, err =` into the event,
//     and paths with index steps (place and pathRoot call frame.forget).
//   - A run starts with none remembered (Run forgets them at the end).
//
// On BenchmarkIngestTransform this saves about half of the transform's
// path steps: 3.5% of its instructions.

// eventStore is one compiled store into an event path.
type eventStore struct {
	path []segment
	// cont is the container id of path's parent, or -1 when the path has
	// fewer than two steps or an index step (setPath from the root).
	cont int
	// key is path as a container key (conts' keys), for invalidates.
	key string
	// invalidates is set at the end of Compile when the store may
	// replace a remembered container: path is the path of a container id
	// or above one, or has an index step.
	invalidates bool
}

// eventStore compiles the store of an assignment into the event path.
func (c *compiler) eventStore(path []segment) *eventStore {
	st := &eventStore{path: path, cont: -1}
	key, ok := containerKey(path)
	if !ok {
		st.invalidates = true
		return st
	}
	st.key = key
	if len(path) >= 2 {
		parent, _ := containerKey(path[:len(path)-1])
		id, seen := c.conts[parent]
		if !seen {
			id = len(c.conts)
			c.conts[parent] = id
		}
		st.cont = id
	}
	c.stores = append(c.stores, st)
	return st
}

// containerKey is the key of a path of field steps (false if it has an
// index step): the fields, each followed by a zero byte, so that a key
// is a prefix of another exactly when its path is.
func containerKey(path []segment) (string, bool) {
	var b strings.Builder
	for i := range path {
		if path[i].isIndex {
			return "", false
		}
		b.WriteString(path[i].field)
		b.WriteByte(0)
	}
	return b.String(), true
}

// finishStores decides, once every container id is known, which stores
// may replace a remembered container.
func (c *compiler) finishStores() {
	for _, st := range c.stores {
		for k := range c.conts {
			if strings.HasPrefix(k, st.key) {
				st.invalidates = true
				break
			}
		}
	}
	for _, b := range c.batches {
		for i := range b.members {
			b.invalidates = b.invalidates || b.members[i].st.invalidates
		}
	}
}

// store assigns v at the store's path in the run's event.
func (st *eventStore) store(f *frame, v value.Value) {
	switch {
	case st.cont < 0:
		setPath(&f.event, st.path, v, f.hints, &f.arena)
	case f.cont(st.cont) != nil && !f.cont(st.cont).Shared():
		setField(f.cont(st.cont), &st.path[len(st.path)-1], v, f.hints)
	default:
		o, fresh := ownParent(&f.event, st.path, f.hints, &f.arena)
		f.remember(st.cont, o)
		last := &st.path[len(st.path)-1]
		if fresh {
			o.Append(last.field, v)
		} else {
			setField(o, last, v, f.hints)
		}
	}
	if st.invalidates {
		f.forget()
	}
}

// moveFunctions are the functions whose result references each part of
// their argument at most once (it is the argument, or a new container
// holding some of its parts): `P = f(P)` can then hand P's value over to
// f instead of marking it shared (see moveInto).
var moveFunctions = map[string]bool{"compact": true}

// moveInto spots `P = f(P)` for an event path P and f in moveFunctions,
// with constant options (the finish step's `. = compact(.)`), and tells
// plainCall not to mark the argument shared. The mark exists because the
// result may keep parts of the argument while the argument stays
// reachable; here the assignment replaces the argument by the result, so
// every part stays referenced once and need not be copied later. An
// argument that is already shared stays so. Marking walks every
// container of an unshared event: `. = compact(.)` walked the whole
// transformed event of every record (about 2% of
// BenchmarkIngestTransform's instructions).
//
// Only the call is affected: plainCall checks that the other arguments
// are constants and that no closure runs during the call (a closure could
// reach P while f holds it).
func (c *compiler) moveInto(e *ast.Assignment) {
	t, ok := e.Target.(*ast.Query)
	if !ok || t.Prefix != ast.PrefixEvent {
		return
	}
	call, ok := e.Value.(*ast.Call)
	if !ok || !moveFunctions[call.Name] || call.Closure != nil {
		return
	}
	ci := c.info.Calls[call]
	if ci == nil || ci.Special != check.NotSpecial || ci.Closure != nil || len(ci.Args) == 0 {
		return
	}
	a, ok := ci.Args[0].(*ast.Query)
	if !ok || a.Prefix != ast.PrefixEvent || !samePath(a.Path, t.Path) {
		return
	}
	c.moves[call] = true
}

// samePath reports whether two paths of field and index steps are equal.
func samePath(a, b []ast.PathSegment) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Kind != b[i].Kind || a[i].Field != b[i].Field || a[i].Index != b[i].Index || a[i].Kind == ast.SegCoalesce {
			return false
		}
	}
	return true
}
