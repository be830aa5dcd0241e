package ingest

import (
	"fmt"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/runtime/vrl"
	"github.com/matano-go/matano/runtime/vrl/value"
	"github.com/matano-go/matano/schemas/ecs"
)

// ECSVersion is the ecs.version every written record carries: the ECS
// release our field catalogue was generated from.
const ECSVersion = ecs.Version

// Programs compile against the initial event kinds compiler/typecheck
// checks them with (typecheck.RecordEvent and friends): a program that
// `matano validate` accepted must compile here too, and the checker's
// fallibility rules (E103 and friends) depend on the event kind.

// CompileError is a program of the log source that does not compile. It
// cannot happen for a directory that passed validation (which compiles
// the same programs from the same event kinds), so it points at a
// mismatch between validate and ingest.
type CompileError struct {
	Program string
	Diags   diag.List
}

func (e *CompileError) Error() string {
	msg := "does not compile"
	for _, d := range e.Diags {
		if d.Severity == diag.Error || d.Severity == diag.Bug {
			msg = d.Summary
			break
		}
	}
	return fmt.Sprintf("ingest: %s: %s", e.Program, msg)
}

// compile compiles one program once; the result is shared by every
// record and object of the process (a Program is safe for concurrent use).
func compile(name, src string, event value.Kind) (*vrl.Program, error) {
	p, diags := vrl.CompileSource(name, []byte(src), check.Config{Event: event})
	if p == nil {
		return nil, &CompileError{Program: name, Diags: diags}
	}
	return p, nil
}

// emptyMetadata is every run's initial metadata. It is marked shared, so
// a program that writes metadata gets its own copy (copy-on-write, see
// value.MarkShared) and the one empty object serves every run and every
// goroutine: a fresh object for each of the two or three runs a record
// takes was a few percent of an ingest's allocations.
var emptyMetadata = func() value.Value {
	v := value.ObjectValue(value.NewObject(0))
	value.MarkShared(v)
	return v
}()

// runResult classifies the outcome of one program run.
type runResult uint8

const (
	runOK runResult = iota
	runError
	runAbort
)

// run executes p on ev and classifies the outcome; event is the event
// after the run, msg the VRL error or abort message. The Target stays on
// the stack (returning a pointer to it cost 2–3 allocations a record).
func run(p *vrl.Program, ev value.Value, env *vrl.Env) (event, result value.Value, res runResult, msg string) {
	target := vrl.Target{Event: ev, Metadata: emptyMetadata}
	out, err := p.Run(&target, env)
	if err == nil {
		return target.Event, out, runOK, ""
	}
	if e, ok := err.(*vrl.Error); ok {
		if e.Abort {
			return target.Event, value.Null, runAbort, e.Message
		}
		return target.Event, value.Null, runError, e.Message
	}
	return target.Event, value.Null, runError, err.Error()
}
