package vrl

import (
	"github.com/matano-go/matano/runtime/vrl/value"
	"testing"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/compiler/vrl/parse"
)

// TestMoveInto checks which assignments hand the argument over to the
// call (moveInto): only `P = compact(P, <constants>)` for one event path
// P, never a call whose argument stays reachable afterwards.
func TestMoveInto(t *testing.T) {
	for _, tc := range []struct {
		src   string
		moved int
	}{
		{`. = compact(.)`, 1},
		{`.a.b = compact!(.a.b)`, 1},
		{`.a[1] = compact!(.a[1])`, 1},
		{`. = compact(., null: false, string: true)`, 1},
		{`.b = compact!(.a)`, 0},                                // .a stays
		{`. = compact!(.a)`, 0},                                 // different path
		{`.a = compact(.)`, 0},                                  // the root stays
		{`.a[0] = compact!(.a[1])`, 0},                          // different index
		{`x = compact(.)`, 0},                                   // the event stays
		{`x = {}; x = compact(x)`, 0},                           // variables are not handled
		{`%a = compact!(%a)`, 0},                                // nor metadata
		{`. = compact(., null: true && .keep_null == true)`, 0}, // an option reads the event
		{`. |= compact(.)`, 0},                                  // merge: the old value is kept
		{`.a, err = compact(.a)`, 0},                            // error assignment: not handled
		{`. = merge(., {})`, 0},                                 // not in moveFunctions
		{`. = compact(compact(.))`, 0},                          // the inner call's result is not the target
		{`.a = compact!(.a); .b = compact!(.b)`, 2},             // each statement on its own
	} {
		file := diag.NewFile("t.vrl", []byte(tc.src))
		prog, diags := parse.File(file)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", tc.src, diags)
		}
		info, diags := check.Check(prog, check.Config{})
		if diags.HasErrors() {
			t.Fatalf("%s: check: %s", tc.src, RenderDiagnostics(diags, false))
		}
		c := newCompiler(info)
		c.block(prog.Exprs)
		if c.moved != tc.moved {
			t.Errorf("%s: %d calls take their argument over, want %d", tc.src, c.moved, tc.moved)
		}
	}
}

// TestMoveIntoSemantics runs programs around the moved argument of
// `. = compact(.)` and its neighbours that must keep marking: values
// that stay reachable elsewhere must never change with the event.
func TestMoveIntoSemantics(t *testing.T) {
	checkEvents(t, []eventCase{
		{"root, nothing removed", `. = compact(.); .a.n.m = 3`, `{"a":{"n":{"m":1}}}`, `{"a":{"n":{"m":3}}}`},
		{"root, something removed", `. = compact(.); .a.b = 3`, `{"a":{"b":1},"e":""}`, `{"a":{"b":3}}`},
		{"variable keeps its copy", `x = .a; . = compact(.); .a.b = 2; .x = x`, `{"a":{"b":1},"n":null}`,
			`{"a":{"b":2},"x":{"b":1}}`},
		{"path", `.a = compact!(.a); .a.k.m = 2`, `{"a":{"k":{"m":1},"z":null}}`, `{"a":{"k":{"m":2}}}`},
		{"constant options", `. = compact(., string: false); .a.b = 3`, `{"a":{"b":1},"s":""}`, `{"a":{"b":3},"s":""}`},
		{"other path keeps marking", `.b = compact!(.a); .b.x = 1; .a.y = 2`, `{"a":{"k":1}}`,
			`{"a":{"k":1,"y":2},"b":{"k":1,"x":1}}`},
		{"variable result keeps marking", `x = compact(.); x.a.k = 5; .c = x.a`, `{"a":{"k":1}}`,
			`{"a":{"k":1},"c":{"k":5}}`},
		{"read option keeps marking", `. = compact(., null: .n == true); .a.k = 2`, `{"a":{"k":1},"n":false}`,
			`{"a":{"k":2},"n":false}`},
	})
}

// TestRememberedContainers runs programs that store into a container
// that path assignments remember (eventStore) after something else has
// replaced, removed, shared or moved it: each later assignment must land
// in the event's current container and nowhere else.
func TestRememberedContainers(t *testing.T) {
	checkEvents(t, []eventCase{
		{"fill one object", `.a.b = 1; .a.c = 2; .a.b = 3`, `{}`, `{"a":{"b":3,"c":2}}`},
		{"existing object", `.a.b = 1; .a.c = 2`, `{"a":{"z":0}}`, `{"a":{"b":1,"c":2,"z":0}}`},
		{"parent replaced", `.a.b = 1; .a = {"z": 0}; .a.c = 2`, `{}`, `{"a":{"c":2,"z":0}}`},
		{"parent replaced by a scalar", `.a.b = 1; .a = .s; .a.c = 2`, `{"s":"x"}`, `{"a":{"c":2},"s":"x"}`},
		{"grandparent replaced", `.a.b.c = 1; .a = .o; .a.b.d = 2`, `{"o":{}}`, `{"a":{"b":{"d":2}},"o":{}}`},
		{"container replaced below", `.a.b.c = 1; .a.b = .s; .a.b.d = 3`, `{"s":"x"}`, `{"a":{"b":{"d":3}},"s":"x"}`},
		{"root replaced", `.a.b = 1; . = object!(.o); .a.c = 2`, `{"o":{"q":1}}`, `{"a":{"c":2},"q":1}`},
		{"deleted", `.a.b = 1; del(.a); .a.c = 2`, `{}`, `{"a":{"c":2}}`},
		{"deleted above", `.a.b.c = 1; del(.a.b); .a.b.d = 2`, `{}`, `{"a":{"b":{"d":2}}}`},
		{"merged", `.a.b = 1; .a |= {"m": 1}; .a.c = 2`, `{}`, `{"a":{"b":1,"c":2,"m":1}}`},
		{"error assignment", `.a.b = 1; .a, err = parse_json("{\"y\":1}"); .a.c = 2`, `{}`, `{"a":{"c":2,"y":1}}`},
		{"index store", `.a.b = 1; .a.l[1] = 5; .a.c = 2`, `{}`, `{"a":{"b":1,"c":2,"l":[null,5]}}`},
		{"index path", `.a[0].b = 1; .a[0].c = 2`, `{}`, `{"a":[{"b":1,"c":2}]}`},
		{"closure store", `.a.b = 1; .r = map_values([1]) -> |v| { .a = .o; v }; .a.c = 2`, `{"o":{"k":1}}`, `{"a":{"c":2,"k":1},"o":{"k":1},"r":[1]}`},
		{"closure store into it", `.a.b = 1; .r = map_values([1]) -> |v| { .a.k = v; v }; .a.c = 2`, `{}`, `{"a":{"b":1,"c":2,"k":1},"r":[1]}`},
		{"shared by a variable", `.a.b = 1; x = .a; .a.c = 2; .x = x`, `{}`, `{"a":{"b":1,"c":2},"x":{"b":1}}`},
		{"parent shared by a variable", `.a.b.c = 1; x = .a; .a.b.d = 2; .x = x`, `{}`,
			`{"a":{"b":{"c":1,"d":2}},"x":{"b":{"c":1}}}`},
		{"shared by an argument", `.a.b = 1; y = compact(.a); .a.c = 2; .y = y`, `{}`, `{"a":{"b":1,"c":2},"y":{"b":1}}`},
		{"shared by a literal", `.a.b = 1; l = [.a]; .a.c = 2; .l = l`, `{}`, `{"a":{"b":1,"c":2},"l":[{"b":1}]}`},
		{"moved through compact", `.a.b.c = 1; .a.b = compact!(.a.b); .a.b.d = 2`, `{}`, `{"a":{"b":{"c":1,"d":2}}}`},
		{"root moved through compact", `.a.b = 1; . = compact(.); .a.c = 2`, `{"e":null}`, `{"a":{"b":1,"c":2}}`},
		{"metadata is not remembered", `%a.b = 1; %a.c = 2; .m = %a`, `{}`, `{"m":{"b":1,"c":2}}`},
	})
}

// TestRememberedContainersAcrossRuns runs one program on several events,
// shared as ingest shares them and not, through the same frame: a run
// must never store into a container remembered by an earlier run, and
// must leave shared input alone.
func TestRememberedContainersAcrossRuns(t *testing.T) {
	p, diags := CompileSource("runs.vrl", []byte(`.a.x = .v; .a.y = 1; if .v == 2 { abort }`), check.Config{})
	if p == nil {
		t.Fatal(RenderDiagnostics(diags, false))
	}
	for round := range 2 {
		for i, in := range []string{`{"v":1}`, `{"v":2,"a":{"k":0}}`, `{"v":3,"a":{"x":0}}`, `{"v":4,"a":"s"}`} {
			ev, err := value.FromJSON([]byte(in))
			if err != nil {
				t.Fatal(err)
			}
			shared := (i+round)%2 == 0
			before := string(value.AppendJSON(nil, ev))
			if shared {
				value.MarkShared(ev)
			}
			target := &Target{Event: ev, Metadata: value.ObjectValue(value.NewObject(0))}
			_, err = p.Run(target, nil)
			if (err != nil) != (i == 1) {
				t.Fatalf("%s: %v", in, err)
			}
			var want string
			switch i {
			case 0:
				want = `{"a":{"x":1,"y":1},"v":1}`
			case 1:
				want = `{"a":{"k":0,"x":2,"y":1},"v":2}`
			case 2:
				want = `{"a":{"x":3,"y":1},"v":3}`
			case 3:
				want = `{"a":{"x":4,"y":1},"v":4}`
			}
			if got := string(value.AppendJSON(nil, target.Event)); got != want {
				t.Errorf("round %d, %s: got %s, want %s", round, in, got, want)
			}
			if shared {
				if got := string(value.AppendJSON(nil, ev)); got != before {
					t.Errorf("round %d: the shared input changed: %s, was %s", round, got, before)
				}
			}
		}
	}
}

// TestContainerIDs checks which stores get a container id and which
// forget the remembered containers.
func TestContainerIDs(t *testing.T) {
	file := diag.NewFile("t.vrl", []byte(`.a.b = 1; .a.c = 2; .d = 3; .a.e.f = 4; .a.e = 5; .g[0].h = 6; .a = 7`))
	prog, diags := parse.File(file)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	info, diags := check.Check(prog, check.Config{})
	if diags.HasErrors() {
		t.Fatal(RenderDiagnostics(diags, false))
	}
	c := newCompiler(info)
	c.block(prog.Exprs)
	c.finishStores()
	type want struct {
		cont        bool
		invalidates bool
	}
	wants := []want{
		{true, false},  // .a.b
		{true, false},  // .a.c (same container as .a.b)
		{false, false}, // .d: one step
		{true, false},  // .a.e.f
		{true, true},   // .a.e: the parent of .a.e.f
		{false, true},  // .g[0].h: an index step
		{false, true},  // .a: above every .a container
	}
	if len(c.stores) != len(wants)-1 {
		// .g[0].h is not listed (it always invalidates).
		t.Fatalf("%d stores listed, want %d", len(c.stores), len(wants)-1)
	}
	if len(c.conts) != 2 {
		t.Errorf("%d container ids, want 2 (.a and .a.e)", len(c.conts))
	}
	stores := append(c.stores[:5:5], nil)
	stores = append(stores, c.stores[5])
	for i, st := range stores {
		if st == nil {
			continue
		}
		if (st.cont >= 0) != wants[i].cont || st.invalidates != wants[i].invalidates {
			t.Errorf("store %d: container %d, invalidates %v; want %+v", i, st.cont, st.invalidates, wants[i])
		}
	}
	if c.stores[0].cont != c.stores[1].cont {
		t.Error(".a.b and .a.c have different container ids")
	}
}
