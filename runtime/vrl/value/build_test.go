package value

import "testing"

// TestInitShared checks that containers built with InitSharedObject and
// InitSharedArray are shared, that MarkShared then stops at the root
// (it must not need to walk a record built this way), and that a clone
// of one is an unshared copy whose children stay shared.
func TestInitShared(t *testing.T) {
	var inner Object
	InitSharedObject(&inner, []Entry{{Key: "k", Value: Integer(1)}})
	var arr Array
	InitSharedArray(&arr, []Value{ObjectValue(&inner), Bytes("s")})
	var root Object
	InitSharedObject(&root, []Entry{{Key: "a", Value: ArrayOf(&arr)}, {Key: "o", Value: ObjectValue(&inner)}})
	for name, v := range map[string]Value{"root": ObjectValue(&root), "array": ArrayOf(&arr), "inner": ObjectValue(&inner)} {
		if !IsShared(v) {
			t.Errorf("%s not shared", name)
		}
	}
	// A child left unmarked on purpose: MarkShared on the shared root
	// must return at once, without reaching it.
	var loose Object
	InitObject(&loose, nil)
	root.entries[1].Value = ObjectValue(&loose)
	MarkShared(ObjectValue(&root))
	if loose.Shared() {
		t.Error("MarkShared walked below a root that was already shared")
	}
	c := root.Clone()
	if c.Shared() || !IsShared(c.entries[0].Value) || c.Len() != 2 {
		t.Errorf("clone: shared %v, child shared %v, len %d", c.Shared(), IsShared(c.entries[0].Value), c.Len())
	}
	if got := string(AppendJSON(nil, ObjectValue(&root))); got != `{"a":[{"k":1},"s"],"o":{}}` {
		t.Errorf("root is %s", got)
	}
}

func TestObjectTruncate(t *testing.T) {
	o := NewObject(3)
	o.Set("a", Integer(1))
	o.Set("b", Integer(2))
	o.Set("c", Integer(3))
	o.Truncate(2)
	if got := string(AppendJSON(nil, ObjectValue(o))); got != `{"a":1,"b":2}` {
		t.Fatalf("after Truncate(2): %s", got)
	}
	o.Set("d", Integer(4)) // writes over the dropped slot
	if got := string(AppendJSON(nil, ObjectValue(o))); got != `{"a":1,"b":2,"d":4}` {
		t.Fatalf("after Set: %s", got)
	}
	o.Truncate(0)
	if o.Len() != 0 {
		t.Fatalf("Truncate(0) left %d fields", o.Len())
	}
}
