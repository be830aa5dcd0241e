package vrl

import (
	"testing"
	"time"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/compiler/vrl/parse"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// compileBatches compiles src with store batches on or off and returns
// the program and how many assignments went into batches.
func compileBatches(t *testing.T, src string, batches bool) (*Program, int) {
	t.Helper()
	file := diag.NewFile("t.vrl", []byte(src))
	prog, diags := parse.File(file)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", src, diags)
	}
	info, diags := check.Check(prog, check.Config{})
	if diags.HasErrors() {
		t.Fatalf("%s: check: %s", src, RenderDiagnostics(diags, false))
	}
	c := newCompiler(info)
	c.noBatches = !batches
	p, err := compile(c, prog)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return p, c.batched
}

// TestStoreBatchGrouping checks which statements form batches: runs of
// two or more constant or variable-read stores into distinct fields of
// one parent path, never the block's last expression, never a store
// whose value could fail or read the event, and never across another
// statement.
func TestStoreBatchGrouping(t *testing.T) {
	for _, tc := range []struct {
		src     string
		batched int
	}{
		{`.a.x = 1; .a.y = 2; null`, 2},
		{`.a.x = 1; .a.y = 2`, 0}, // the last one is the block's value: no run of two left
		{`.a.x = 1; .a.y = 2; .a.z = 3; null`, 3},
		{`j = {}; .a.x = j.k; .a.y = j; .a.z = "s"; null`, 3},
		{`.a.x = 1; .b.y = 2; null`, 0},                         // different parents
		{`.a.x = 1; .a.x = 2; null`, 0},                         // the same field twice
		{`.a.x = 1; .a.y = 2; .a.x = 3; .a.z = 4; null`, 4},     // two batches of two
		{`.a.x = 1; .a.y = .b; null`, 0},                        // reads the event
		{`.a.x = 1; .a.y = to_string(1); null`, 0},              // a call
		{`.a.x = 1; null; .a.y = 2; null`, 0},                   // another statement between
		{`.x = 1; .y = 2; null`, 0},                             // one step: no container id
		{`.a[0].x = 1; .a[0].y = 2; null`, 0},                   // an index step
		{`.a.b.x = 1; .a.b.y = 2; .a.c = 1; .a.d = 2; null`, 4}, // two parents, two batches
		{`if true { .a.x = 1; .a.y = 2; null }; null`, 2},       // inner blocks too
		{`%a.x = 1; %a.y = 2; null`, 0},                         // metadata
		{`x.a = 1; x.b = 2; null`, 0},                           // variables
		{`.a.x, err = parse_json("1"); .a.y = 2; null`, 0},      // error assignment
		{`.a = {}; .a |= {}; .a.y = 2; null`, 0},                // merge
	} {
		_, got := compileBatches(t, tc.src, true)
		if got != tc.batched {
			t.Errorf("%s: %d assignments batched, want %d", tc.src, got, tc.batched)
		}
	}
}

// TestStoreBatchSemantics runs programs with batches on and off: events,
// results and errors must be the same, whatever the parent object held
// before the batch (nothing, some fields, one of the batch's fields, a
// non-object, a shared copy of the input) and whatever the batch's values
// are shared with.
func TestStoreBatchSemantics(t *testing.T) {
	for _, tc := range []struct{ name, src, event string }{
		{"fresh parent", `.a.z = 1; .a.b = "x"; .a.m = [1]; .r = 0`, `{}`},
		{"fresh nested parent", `.a.b.z = 1; .a.b.a = 2; .a.b.q = 3; .r = 0`, `{"k":1}`},
		{"parent with other fields", `.a.z = 1; .a.b = 2; .r = 0`, `{"a":{"c":0,"y":9}}`},
		{"parent with one of the fields", `.a.z = 1; .a.b = 2; .r = 0`, `{"a":{"z":0}}`},
		{"parent with the first field only", `.a.b = 1; .a.z = 2; .r = 0`, `{"a":{"b":0}}`},
		{"parent with the last field only", `.a.b = 1; .a.z = 2; .r = 0`, `{"a":{"z":0}}`},
		{"parent not an object", `.a.z = 1; .a.b = 2; .r = 0`, `{"a":"text"}`},
		{"parent an array", `.a.z = 1; .a.b = 2; .r = 0`, `{"a":[1,2]}`},
		{"parent empty object", `.a = {}; .a.z = 1; .a.b = 2; .r = 0`, `{}`},
		{"variable values stay apart", `x = {"k": .n}; .a.z = x; .a.b = x; .a.z.k = 2; x.k = 3; .r = x`, `{"n":1}`},
		{"variable read from the input", `j = .in; .a.z = j.v; .a.b = j; .a.b.v = 7; .r = j`, `{"in":{"v":{"w":1}}}`},
		{"remembered parent", `.a.q = 0; .a.z = 1; .a.b = 2; .r = 0`, `{}`},
		{"remembered parent then shared", `.a.q = 0; y = .a; .a.z = 1; .a.b = 2; .r = y`, `{}`},
		{"field is a container elsewhere", `j = .in; .a.b.x = 3; .a.b = j; .a.c = 2; .a.b.y = 5; .r = j`, `{"in":{"w":1}}`},
		{"two batches, one parent", `.a.x = 1; .a.y = 2; .a.x = 3; .a.w = 4; .r = 0`, `{"a":{"v":1}}`},
		{"missing variable path", `j = {}; .a.z = j.k.m; .a.b = j.n; .r = 0`, `{}`},
		{"abort after a batch", `.a.z = 1; .a.b = 2; abort`, `{}`},
	} {
		var outs [2][3]string
		for i, batches := range []bool{false, true} {
			p, n := compileBatches(t, tc.src, batches)
			if batches && n == 0 {
				t.Errorf("%s: no batch", tc.name)
			}
			ev, err := value.FromJSON([]byte(tc.event))
			if err != nil {
				t.Fatal(err)
			}
			value.MarkShared(ev) // as ingest hands its input over
			before := string(value.AppendJSON(nil, ev))
			target := &Target{Event: ev, Metadata: value.ObjectValue(value.NewObject(0))}
			res, err := p.Run(target, &Env{Now: func() time.Time { return time.Unix(0, 0) }})
			if after := string(value.AppendJSON(nil, ev)); after != before {
				t.Errorf("%s (batches %v): the shared input changed: %s, was %s", tc.name, batches, after, before)
			}
			outs[i][0] = string(value.AppendJSON(nil, res))
			outs[i][1] = string(value.AppendJSON(nil, target.Event))
			if err != nil {
				outs[i][2] = err.Error()
			}
		}
		if outs[0] != outs[1] {
			t.Errorf("%s:\nbatched   %q\nunbatched %q", tc.name, outs[1], outs[0])
		}
	}
}
