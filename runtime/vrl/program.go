// Package vrl runs compiled VRL (Vector Remap Language 0.35) programs.
//
// A program is parsed (compiler/vrl/parse), type checked
// (compiler/vrl/check) and then compiled here, once, into a tree of Go
// closures: every variable is resolved to a slot index, every path to a
// pre-split list of segments, every constant sub-expression to a value,
// and every function call to its compiled stdlib.Call with a reusable
// argument buffer; consecutive stores into one object become a batch
// (batch.go). Running a program per event then does no name lookups and
// few allocations: the objects and arrays a run builds are carved from
// its frame's value.Arena.
//
// Semantics follow the Rust crate vrl 0.35.0: the program's value is its
// last expression, `.` is the event and `%` the metadata, runtime errors
// carry VRL's exact messages, and VRL's value semantics are kept with a
// copy-on-write scheme described in runtime/vrl/value/share.go.
package vrl

import (
	"fmt"
	"sync"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
	"github.com/matano-go/matano/stdlib"
)

// Target is what a program reads and modifies: the event (`.`), its
// metadata (`%`) and the secrets get_secret & co see. Run changes Event
// and Metadata in place and stores the final values back into the Target
// when it returns (the caller hands over ownership for the run); Run does
// not keep the Target, so a caller may keep it on its stack.
type Target struct {
	Event    value.Value
	Metadata value.Value
	Secrets  map[string]string
}

// Env is the environment of a run. The zero Env (or nil) means UTC and
// the wall clock.
type Env struct {
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Timezone is the default time zone of time functions; nil means UTC.
	Timezone *time.Location
}

// Error is a run that did not complete: an `abort` (Abort true, the event
// keeps every change made before the abort) or a runtime error such as
// `function call error for "to_int" at (12:30): ...`.
type Error struct {
	Message string
	Abort   bool
}

func (e *Error) Error() string { return e.Message }

// Program is a compiled VRL program. It is safe for concurrent use: each
// Run takes its own frame (variable slots and argument buffers) from a
// pool.
type Program struct {
	root  evalFn
	nvars int
	// nargs is the total size of the per-call-site argument buffers.
	nargs int
	// argConsts are the compiler's (see Argument slots).
	argConsts []argConst
	// nsites is the number of path field steps (frame.hints).
	nsites int
	// nconts is the number of container ids (frame.conts).
	nconts int
	// closureSites are the call sites that take a closure; each frame has
	// one stdlib.Context per site, whose Closure runner each site's
	// constructor binds to the frame once, when the frame is made.
	closureSites []func(f *frame) func(params ...value.Value) (value.Value, error)
	pool         sync.Pool
}

// frame is the mutable state of one run.
type frame struct {
	vars []value.Value
	// defined records which tracked variables were assigned in this run
	// (see compiler.tracked).
	defined []bool
	args    []value.Value
	present []bool
	// hints is the path steps' per-site memory of field indexes and
	// keys (siteHint); it outlives a run on purpose (the next event
	// likely has the same shape).
	hints []siteHint
	// event and meta are the run's `.` and `%`: Run copies them in from
	// the Target and back out when the run ends, so that the frame, which
	// outlives the run in the pool, never points at the caller's Target
	// (the Target can then stay on the caller's stack: one allocation
	// fewer per run) and a path step reads them without an indirection.
	event value.Value
	meta  value.Value
	// conts are the objects path assignments last stored into, by
	// container id (see eventStore), valid while their gen is the
	// frame's gen (see frame.forget).
	conts []remembered
	gen   uint32
	env   Env
	// ctx is the stdlib context of calls without a closure.
	ctx stdlib.Context
	// closureCtx holds one context per closure call site, with its
	// Closure callback bound to this frame once, when the frame is made.
	closureCtx []stdlib.Context
	// arena carves the objects and arrays the run builds (path
	// assignments, the copy of a shared root, array literals); it
	// outlives the run with the frame, and Run starts each run with
	// Begin (see value.Arena).
	arena value.Arena
}

// Run executes the program against target. The returned value is the
// program's result; on failure the error is an *Error.
func (p *Program) Run(target *Target, env *Env) (result value.Value, err error) {
	f, _ := p.pool.Get().(*frame)
	if f == nil {
		f = p.newFrame() // pool.New is unset for a Program built by hand
	}
	f.event, f.meta = target.Event, target.Metadata
	f.arena.Begin()
	if env != nil {
		f.env = *env
	} else {
		f.env = Env{}
	}
	if f.env.Now == nil {
		f.env.Now = time.Now
	}
	f.ctx.Now = f.env.Now
	f.ctx.Timezone = f.env.Timezone
	for i := range f.closureCtx {
		f.closureCtx[i].Now = f.env.Now
		f.closureCtx[i].Timezone = f.env.Timezone
	}
	defer func() {
		// Every outcome hands the event back: an abort or a runtime error
		// keeps the changes made before it, as in VRL.
		target.Event, target.Metadata = f.event, f.meta
		if r := recover(); r != nil {
			// A panic in a stdlib function must not take the caller down;
			// the frame may be inconsistent, so it is dropped.
			result, err = value.Null, &Error{Message: fmt.Sprintf("internal error: %v", r)}
			return
		}
		clear(f.vars)
		clear(f.defined)
		f.event, f.meta = value.Null, value.Null
		f.forget()
		p.pool.Put(f)
	}()
	v, err := p.root(f)
	if err != nil {
		return value.Null, toRunError(err)
	}
	return v, nil
}

func (p *Program) newFrame() *frame {
	f := &frame{
		vars:       make([]value.Value, p.nvars),
		defined:    make([]bool, p.nvars),
		args:       make([]value.Value, p.nargs),
		present:    make([]bool, p.nargs),
		hints:      make([]siteHint, p.nsites),
		conts:      make([]remembered, p.nconts),
		gen:        1,
		closureCtx: make([]stdlib.Context, len(p.closureSites)),
	}
	for _, a := range p.argConsts {
		f.args[a.off], f.present[a.off] = a.v, true
	}
	// Calls carve the containers they return from the run's arena too
	// (stdlib.Context.Arena): the frame and its arena serve one run at a
	// time, so do its contexts.
	f.ctx.Arena = &f.arena
	for i, mk := range p.closureSites {
		f.closureCtx[i].Closure = mk(f)
		f.closureCtx[i].Arena = &f.arena
	}
	return f
}

// toRunError converts the interpreter's internal control-flow errors into
// the public *Error.
func toRunError(err error) error {
	switch e := err.(type) {
	case *abortError:
		return &Error{Message: e.Error(), Abort: true}
	case *returnSignal:
		// The root turns a return into the result; kept for completeness.
		return &Error{Message: "return"}
	default:
		return &Error{Message: err.Error()}
	}
}

// abortError is `abort` unwinding the program.
type abortError struct {
	msg    string
	hasMsg bool
}

func (e *abortError) Error() string {
	if e.hasMsg {
		return e.msg
	}
	return "aborted"
}

// returnSignal is `return` unwinding the program with its value.
type returnSignal struct {
	v value.Value
}

func (*returnSignal) Error() string { return "return" }

// remembered is a container frame.conts remembers, and the frame's gen
// when it was stored.
type remembered struct {
	o   *value.Object
	gen uint32
}

// cont returns the object remembered for container id, nil when none.
func (f *frame) cont(id int) *value.Object {
	if r := &f.conts[id]; r.gen == f.gen {
		return r.o
	}
	return nil
}

// remember records o as the object of container id.
func (f *frame) remember(id int, o *value.Object) { f.conts[id] = remembered{o, f.gen} }

// forget makes the frame forget every remembered container, at the end
// of a run and wherever a store may have replaced one, by moving to the
// next generation rather than clearing conts: clearing wrote nil over
// every pointer, each one through the write barrier's buffer while the
// GC marks (the end of every run and every del of the event). The
// stale pointers stay until overwritten, as the frame's arena keeps its
// generation's containers. After 2³² generations the counter would come
// back to stale ones: they are cleared then.
func (f *frame) forget() {
	f.gen++
	if f.gen == 0 {
		clear(f.conts)
		f.gen = 1
	}
}
