package vrl

import (
	"strings"
	"testing"

	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// Tests of the fast paths of session 5: site hints that compare key
// pointers and remember gaps (siteHint), parents found without storing
// their first field (ownParent), argument slots written once per frame
// (Argument slots) and the owned form of `. = compact(.)` (ownedCall).

// keyTable builds objects whose keys are taken from one set of strings,
// as runtime/decode's learned shapes hand them out: the same key has the
// same data pointer in every event, which is what siteHint's pointer
// checks see. clone gives the keys listed in it fresh copies instead
// (equal bytes, another pointer).
type keyTable map[string]string

func (kt keyTable) key(k string) string {
	if s, ok := kt[k]; ok {
		return s
	}
	s := strings.Clone(k)
	kt[k] = s
	return s
}

// object builds an object from alternating keys and JSON values.
func (kt keyTable) object(t *testing.T, clone string, kv ...string) value.Value {
	t.Helper()
	o := value.NewObject(len(kv) / 2)
	for i := 0; i < len(kv); i += 2 {
		k := kt.key(kv[i])
		if strings.Contains(clone, kv[i]) {
			k = strings.Clone(kv[i])
		}
		v, err := value.FromJSON([]byte(kv[i+1]))
		if err != nil {
			t.Fatal(err)
		}
		o.Set(k, v)
	}
	return value.ObjectValue(o)
}

// TestSiteHintsSharedKeys runs one program over events of changing
// shapes whose keys are the same strings from event to event, so that
// the remembered key pointers and gaps are tried on every lookup, right
// or wrong: a field remembered missing between two keys that are still
// there but now has the field between them, a remembered gap at the
// start or the end of an object that has grown there, keys with equal
// bytes behind other pointers. Each result must be what a fresh program
// (no hints at all) gives.
func TestSiteHintsSharedKeys(t *testing.T) {
	src := `.r = .j.b; .s = .j.z; .t = .j.a; .j.m = 1; .u = exists(.j.c); .o.k = .j.b; .o.a = 1; .o.z = 2`
	kt := keyTable{}
	shapes := []struct {
		clone string
		kv    []string
	}{
		{"", []string{"a", "1", "c", "3"}},
		{"", []string{"a", "1", "b", "2", "c", "3"}},
		{"", []string{"a", "1", "c", "3"}},
		{"", []string{"c", "3"}},
		{"", []string{"a", "1", "c", "3", "z", "26"}},
		{"", []string{"a", "1", "c", "3"}},
		{"a", []string{"a", "1", "c", "3"}},
		{"c", []string{"a", "1", "b", "2", "c", "3"}},
		{"", []string{"b", "2"}},
		{"", []string{}},
		{"", []string{"a", "1", "m", "0", "z", "26"}},
		{"bz", []string{"a", "1", "b", "[2]", "z", "26"}},
	}
	p := compileOrFail(t, src)
	for round := range 3 {
		for i, sh := range shapes {
			ev := value.NewObject(1)
			ev.Set(kt.key("j"), kt.object(t, sh.clone, sh.kv...))
			got := runOn(t, p, value.ObjectValue(ev))
			want := runOn(t, compileOrFail(t, src), value.ObjectValue(ev.Clone()))
			if got != want {
				t.Errorf("round %d, shape %d: got %s, want %s", round, i, got, want)
			}
		}
	}
}

func compileOrFail(t *testing.T, src string) *Program {
	t.Helper()
	p, diags := CompileSource("t.vrl", []byte(src), check.Config{})
	if p == nil {
		t.Fatal(RenderDiagnostics(diags, false))
	}
	return p
}

// runOn runs p on ev (marked shared, as ingest hands its input over)
// and returns the event it leaves, or the error.
func runOn(t *testing.T, p *Program, ev value.Value) string {
	t.Helper()
	value.MarkShared(ev)
	target := &Target{Event: ev, Metadata: value.ObjectValue(value.NewObject(0))}
	if _, err := p.Run(target, nil); err != nil {
		return "error: " + err.Error()
	}
	return string(value.AppendJSON(nil, target.Event))
}

// TestParentStores pins the stores that find their parent with
// ownParent, batched or not, into every kind of parent: missing,
// created by an earlier store, holding other fields, shared with a
// variable, a non-object, and below a parent that was remembered.
func TestParentStores(t *testing.T) {
	checkEvents(t, []eventCase{
		{"missing parents", `.a.b.c = 1; .a.b.d = 2; .a.e = 3; .r = 0`, `{}`,
			`{"a":{"b":{"c":1,"d":2},"e":3},"r":0}`},
		{"fresh parent, batch in key order", `.p.z = 1; .p.m = 2; .p.a = 3; .r = 0`, `{}`,
			`{"p":{"a":3,"m":2,"z":1},"r":0}`},
		{"parent with fields", `.p.z = 1; .p.b = 2; .q.k = to_string(1); .r = 0`, `{"p":{"c":0},"q":{"a":0}}`,
			`{"p":{"b":2,"c":0,"z":1},"q":{"a":0,"k":"1"},"r":0}`},
		{"parent shared with a variable", `x = .p; .p.z = 1; .p.b = 2; .p.k = to_string(3); .x = x`, `{"p":{"c":0}}`,
			`{"p":{"b":2,"c":0,"k":"3","z":1},"x":{"c":0}}`},
		{"parent not an object", `.p.z = 1; .p.b = 2; .q.k = to_string(1); .r = 0`, `{"p":"s","q":[1]}`,
			`{"p":{"b":2,"z":1},"q":{"k":"1"},"r":0}`},
		{"intermediate not an object", `.p.q.z = 1; .p.q.b = 2; .r = 0`, `{"p":5}`,
			`{"p":{"q":{"b":2,"z":1}},"r":0}`},
		{"batch into a parent it already filled", `.p.a = 1; .p.b = 2; .p.a = 3; .p.c = 4; .r = 0`, `{}`,
			`{"p":{"a":3,"b":2,"c":4},"r":0}`},
		{"one field then a batch", `.p.m = to_string(1); .p.z = 1; .p.a = 2; .r = 0`, `{}`,
			`{"p":{"a":2,"m":"1","z":1},"r":0}`},
		{"parent deleted between", `.p.a = 1; .p.b = 2; del(.p); .p.c = 3; .p.d = 4; .r = 0`, `{}`,
			`{"p":{"c":3,"d":4},"r":0}`},
	})
}

// TestArgumentSlots runs call sites with absent, constant and computed
// arguments several times on the same program, so that its pooled frames
// are reused: constants and present flags are written once per frame,
// computed arguments at every call, and a run whose argument failed its
// kind check must not leave anything the next run sees.
func TestArgumentSlots(t *testing.T) {
	src := `.t = to_unix_timestamp(parse_timestamp!(.s, "%Y-%m-%d %H:%M:%S"))
.c = compact!(.o, null: false)
.j = join!(map_values(array!(.l)) -> |v| { to_string(v) ?? "?" }, ",")
.n = to_string(.x) ?? "bad"
.e = contains!(.w, "b")`
	p := compileOrFail(t, src)
	cases := []struct{ in, want string }{
		{`{"s":"2020-01-02 03:04:05","o":{"a":null,"b":""},"l":[1,"x",[2]],"x":5,"w":"abc"}`,
			`{"c":{"a":null},"e":true,"j":"1,x,?","l":[1,"x",[2]],"n":"5","o":{"a":null,"b":""},"s":"2020-01-02 03:04:05","t":1577934245,"w":"abc","x":5}`},
		{`{"s":"2021-01-02 03:04:05","o":{},"l":[],"x":[1],"w":"xyz"}`,
			`{"c":{},"e":false,"j":"","l":[],"n":"bad","o":{},"s":"2021-01-02 03:04:05","t":1609556645,"w":"xyz","x":[1]}`},
		{`{"s":"2020-01-02 03:04:05","o":{},"l":[],"x":1,"w":5}`,
			`error: function call error for "contains" at (201:219): expected string, got integer`},
		{`{"s":"2020-01-02 03:04:05","o":{"k":[]},"l":["a"],"x":"s","w":"b"}`,
			`{"c":{},"e":true,"j":"a","l":["a"],"n":"s","o":{"k":[]},"s":"2020-01-02 03:04:05","t":1577934245,"w":"b","x":"s"}`},
	}
	for round := range 3 {
		for _, tc := range cases {
			ev, err := value.FromJSON([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if got := runOn(t, p, ev); got != tc.want {
				t.Errorf("round %d, %s:\ngot  %s\nwant %s", round, tc.in, got, tc.want)
			}
		}
	}
}

// TestOwnedCompact checks `P = compact(P)` compacting the event in place
// (ownedCall): the result is compact's, values other places hold keep
// theirs, the shared input is untouched (runOn marks it), containers the
// frame remembered are not used after it, and a wrong kind gives
// compact's error.
func TestOwnedCompact(t *testing.T) {
	checkEvents(t, []eventCase{
		{"in place", `.a.b = null; .a.c = 1; .e = ""; . = compact(.); .a.d = 2`, `{"k":{"x":null,"y":[null,{}]},"l":[1,""]}`,
			`{"a":{"c":1,"d":2},"l":[1]}`},
		{"emptied parent then a store", `.a.b = null; .a.c = null; . = compact(.); .a.d = 2`, `{}`,
			`{"a":{"d":2}}`},
		{"variable keeps its copy", `.a.b = null; .a.c = 1; x = .a; . = compact(.); .x = x`, `{}`,
			`{"a":{"c":1},"x":{"b":null,"c":1}}`},
		{"path", `.a.b.c = null; .a.b.d = 1; .a = compact!(.a); .a.b.e = 2`, `{}`,
			`{"a":{"b":{"d":1,"e":2}}}`},
		{"array path", `.a = [null, 1, {"k": null}]; .a = compact!(.a); .a[5] = 2`, `{}`,
			`{"a":[1,null,null,null,null,2]}`},
	})
	for _, tc := range []struct{ src, want string }{
		{`.a = compact!(.a)`, `function call error for "compact" at (5:17): expected array or object, got string`},
		{`.b = compact!(.a)`, `function call error for "compact" at (5:17): expected array or object, got string`},
	} {
		_, _, err := run(t, tc.src, `{"a":"s"}`)
		if err != tc.want {
			t.Errorf("%s: error %q, want %q", tc.src, err, tc.want)
		}
	}
	src := `.e = ""; . = compact(.)`
	p := compileOrFail(t, src)
	in, err := value.FromJSON([]byte(`{"a":{"b":null,"c":1},"d":[""]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := runOn(t, p, in), `{"a":{"c":1}}`; got != want {
		t.Errorf("shared input: got %s, want %s", got, want)
	}
	if got, want := string(value.AppendJSON(nil, in)), `{"a":{"b":null,"c":1},"d":[""]}`; got != want {
		t.Errorf("shared input changed: %s, want %s", got, want)
	}
}

// TestForgetGenerations checks frame.forget: a remembered container is
// seen until the next forget, and the generation counter's wrap clears
// what it would otherwise bring back.
func TestForgetGenerations(t *testing.T) {
	f := &frame{conts: make([]remembered, 2), gen: 1}
	o := value.NewObject(0)
	f.remember(0, o)
	if f.cont(0) != o || f.cont(1) != nil {
		t.Fatal("remembered container not seen")
	}
	f.forget()
	if f.cont(0) != nil {
		t.Fatal("container seen after forget")
	}
	f.gen = ^uint32(0)
	f.remember(1, o)
	f.forget()
	if f.gen != 1 || f.cont(1) != nil {
		t.Fatalf("after the wrap: gen %d, container %v", f.gen, f.cont(1))
	}
	f.conts[0] = remembered{o, 1} // stale from generation 1 of a previous wrap
	f.gen = ^uint32(0)
	f.forget()
	if f.cont(0) != nil {
		t.Fatal("a container from before the wrap came back")
	}
}
