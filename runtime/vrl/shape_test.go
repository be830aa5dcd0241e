package vrl

import (
	"testing"

	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// TestShapeHint checks the per-container field counts path assignments
// size their objects by: distinct fields only, per root, through index
// steps, and read at run time (a later assignment raises an earlier
// path's hint).
func TestShapeHint(t *testing.T) {
	c := &compiler{shapes: map[string]*shape{}}
	seg := func(fields ...string) []segment {
		out := make([]segment, len(fields))
		for i, f := range fields {
			if f == "[0]" {
				out[i] = segment{isIndex: true}
			} else {
				out[i] = segment{field: f}
			}
		}
		return out
	}
	first := seg("aws", "cloudtrail", "a")
	c.shapeHint(".", first)
	c.shapeHint(".", seg("aws", "cloudtrail", "b"))
	c.shapeHint(".", seg("aws", "cloudtrail", "a")) // repeated: not counted
	c.shapeHint(".", seg("aws", "x"))
	c.shapeHint(".", seg("event", "kind"))
	c.shapeHint("%", seg("aws", "y")) // metadata is another root
	c.shapeHint("v", seg("aws", "z", "[0]", "k"))
	c.shapeHint("v", seg("aws", "z", "[0]", "l"))
	for _, tc := range []struct {
		name string
		got  *int
		want int
	}{
		{". root", first[0].fields, 2},          // aws, event
		{".aws", first[1].fields, 2},            // cloudtrail, x
		{".aws.cloudtrail", first[2].fields, 2}, // a, b
	} {
		if tc.got == nil || *tc.got != tc.want {
			t.Errorf("%s: hint %v, want %d", tc.name, tc.got, tc.want)
		}
	}
	meta := seg("aws", "y")
	c.shapeHint("%", meta)
	if *meta[0].fields != 1 || *meta[1].fields != 1 {
		t.Errorf("metadata hints %d, %d; want 1, 1", *meta[0].fields, *meta[1].fields)
	}
	v := seg("aws", "z", "[0]", "m")
	c.shapeHint("v", v)
	if v[2].fields != nil {
		t.Error("an index step got a field hint")
	}
	if *v[3].fields != 3 {
		t.Errorf("v.aws.z[0]: hint %d, want 3", *v[3].fields)
	}
}

// TestSizedPathAssignments runs assignments that build objects in
// unsorted key order, over existing, shared and non-object values, and
// checks the event against the expected JSON: the capacity hints must
// never show in results.
func TestSizedPathAssignments(t *testing.T) {
	checkEvents(t, []eventCase{
		{"unsorted fields", `.e.z = 1; .e.a = 2; .e.m = 3; .e.b = 4; .e.y = 5; .e.c = 6`, `{}`,
			`{"e":{"a":2,"b":4,"c":6,"m":3,"y":5,"z":1}}`},
		{"past the hint", `.o.a = 1; . = merge(., {"o": {"q": 1, "r": 2, "s": 3}}, deep: true); .o.b = 2; .o.t = 3`, `{}`,
			`{"o":{"a":1,"b":2,"q":1,"r":2,"s":3,"t":3}}`},
		{"existing root grows", `.k = 1; .a = 2; .z = 3`, `{"m":0,"n":0,"b":0,"y":0}`,
			`{"a":2,"b":0,"k":1,"m":0,"n":0,"y":0,"z":3}`},
		{"copy on write", `x = .o; .o.b = 2; .o.a = 1; x.c = 3; . = merge(., {"x": x})`, `{"o":{"m":0}}`,
			`{"o":{"a":1,"b":2,"m":0},"x":{"c":3,"m":0}}`},
		{"scalar replaced", `.s.b = 1; .s.a = 2`, `{"s":"text"}`, `{"s":{"a":2,"b":1}}`},
		{"array literal", `.l = [.a, .b, "c"]; .l[4] = 1`, `{"a":1,"b":[2]}`, `{"a":1,"b":[2],"l":[1,[2],"c",null,1]}`},
		{"variable root", `v.b = 1; v.a = 2; .v = v`, `{}`, `{"v":{"a":2,"b":1}}`},
		{"metadata root", `%b = 1; %a = 2; .m = %`, `{}`, `{"m":{"a":2,"b":1}}`},
	})
}

// TestFieldHintsAcrossShapes runs one program over events whose fields
// sit at different indexes, so the remembered indexes (frame.hints) are
// wrong as often as right; results must not depend on them.
func TestFieldHintsAcrossShapes(t *testing.T) {
	p, diags := CompileSource("hints.vrl", []byte(`.r = .a.k; .a.k = "set"; .s = exists(.a.q)`), check.Config{})
	if p == nil {
		t.Fatal(RenderDiagnostics(diags, false))
	}
	cases := []struct{ in, want string }{
		{`{"a":{"k":1,"z":2}}`, `{"a":{"k":"set","z":2},"r":1,"s":false}`},
		{`{"a":{"b":0,"k":3,"q":0}}`, `{"a":{"b":0,"k":"set","q":0},"r":3,"s":true}`},
		{`{"a":{}}`, `{"a":{"k":"set"},"r":null,"s":false}`},
		{`{"a":{"a":1,"b":2,"c":3,"k":4}}`, `{"a":{"a":1,"b":2,"c":3,"k":"set"},"r":4,"s":false}`},
		{`{"a":{"q":1}}`, `{"a":{"k":"set","q":1},"r":null,"s":true}`},
		{`{"x":1}`, `{"a":{"k":"set"},"r":null,"s":false,"x":1}`},
	}
	for round := range 3 {
		for _, tc := range cases {
			ev, err := value.FromJSON([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			target := &Target{Event: ev, Metadata: value.ObjectValue(value.NewObject(0))}
			if _, err := p.Run(target, nil); err != nil {
				t.Fatalf("%s: %v", tc.in, err)
			}
			if got := string(value.AppendJSON(nil, target.Event)); got != tc.want {
				t.Errorf("round %d, %s: got %s, want %s", round, tc.in, got, tc.want)
			}
		}
	}
}
