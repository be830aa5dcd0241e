package value

import (
	"runtime"
	"strconv"
	"sync"
	"testing"
)

// TestArenaCarvesExactly checks that carved objects and arrays have
// exactly the room asked for, so that growing one reallocates instead of
// writing over the next one carved from the same chunk.
func TestArenaCarvesExactly(t *testing.T) {
	var a Arena
	a.Begin()
	for _, n := range []int{0, 1, 2, 3, 7, 12} {
		o := a.NewObject(n)
		if o.Len() != 0 || cap(o.entries) != n || o.Shared() {
			t.Errorf("NewObject(%d): len %d cap %d shared %v", n, o.Len(), cap(o.entries), o.Shared())
		}
		arr := a.NewArray(n)
		if len(arr.Items) != n || cap(arr.Items) != n || arr.Shared() {
			t.Errorf("NewArray(%d): len %d cap %d shared %v", n, len(arr.Items), cap(arr.Items), arr.Shared())
		}
		for i, it := range arr.Items {
			if !it.IsNull() {
				t.Errorf("NewArray(%d)[%d] = %v, want null", n, i, it)
			}
		}
	}
	src := NewObject(2)
	src.Set("a", Integer(1))
	src.Set("b", Integer(2))
	MarkShared(ObjectValue(src))
	for _, extra := range []int{0, 1, 5} {
		c := a.CloneObject(src, extra)
		if c.Shared() || c.Len() != 2 || cap(c.entries) != 2+max(extra, 1) {
			t.Errorf("CloneObject(extra %d): shared %v len %d cap %d", extra, c.Shared(), c.Len(), cap(c.entries))
		}
		if got := string(AppendJSON(nil, ObjectValue(c))); got != `{"a":1,"b":2}` {
			t.Errorf("CloneObject(extra %d) = %s", extra, got)
		}
	}
}

// TestArenaNeighboursIndependent fills objects and arrays carved one
// after the other past their room: each must keep its own fields, and
// none may change its neighbour.
func TestArenaNeighboursIndependent(t *testing.T) {
	var a Arena
	a.Begin()
	objs := make([]*Object, 6)
	arrs := make([]*Array, 6)
	for i := range objs {
		objs[i] = a.NewObject(2)
		arrs[i] = a.NewArray(1)
	}
	for i, o := range objs {
		for k := range 5 {
			// Reverse order: every insertion after the first shifts.
			key := "k" + strconv.Itoa(4-k)
			*o.SlotGrow(key, 2) = Integer(int64(i*10 + k))
		}
		arrs[i].Items[0] = Integer(int64(i))
		arrs[i].Items = append(arrs[i].Items, Integer(int64(-i)))
	}
	for i, o := range objs {
		want := `{"k0":` + strconv.Itoa(i*10+4) + `,"k1":` + strconv.Itoa(i*10+3) + `,"k2":` + strconv.Itoa(i*10+2) +
			`,"k3":` + strconv.Itoa(i*10+1) + `,"k4":` + strconv.Itoa(i*10) + `}`
		if got := string(AppendJSON(nil, ObjectValue(o))); got != want {
			t.Errorf("object %d = %s, want %s", i, got, want)
		}
		want = "[" + strconv.Itoa(i) + "," + strconv.Itoa(-i) + "]"
		if got := string(AppendJSON(nil, ArrayOf(arrs[i]))); got != want {
			t.Errorf("array %d = %s, want %s", i, got, want)
		}
	}
}

// TestArenaGenerations checks when Begin starts a new generation: only
// when the entries chunk has less room than the last run took. Smaller
// kinds that run out are refilled within the generation, and a container
// larger than a quarter chunk gets its own allocation without touching
// the chunks or the counts.
func TestArenaGenerations(t *testing.T) {
	// Runs of 100 entries each: a generation serves as many as the
	// entries chunk holds, then Begin drops every chunk.
	var a Arena
	var gens []int
	runs := 0
	for range 100 {
		a.Begin()
		if a.entries.buf == nil && runs > 0 {
			gens = append(gens, runs)
			runs = 0
		}
		a.NewObject(100)
		runs++
	}
	if len(gens) < 5 {
		t.Fatalf("%d generations in 100 runs", len(gens))
	}
	for i, n := range gens[1:] { // the first one was sized for an empty run
		if want := arenaEntryChunk / 100; n != want {
			t.Errorf("generation %d served %d runs of 100 entries, want %d", i+1, n, want)
		}
	}

	// A run that finds too little room left in the entries chunk gets a
	// new one, and the generation ends after it, although the new chunk
	// has room for more.
	a = Arena{}
	a.Begin()
	a.NewObject(100)
	a.Begin()
	for a.NewObject(100); a.entries.left() >= 200; a.NewObject(100) {
		a.Begin()
	}
	a.Begin()
	if a.entries.buf == nil || a.entries.left() < 100 {
		t.Fatalf("the generation ended with %d entries left", a.entries.left())
	}
	// Room for a run like the last (100 entries), not for this one.
	a.NewObject(a.entries.left() + 1)
	if a.entries.left() < 100 {
		t.Fatalf("the entries chunk has %d left, want a new one", a.entries.left())
	}
	a.Begin()
	if a.entries.buf != nil {
		t.Error("the generation went on after its entries chunk ran out within a run")
	}

	// Arrays running out within a generation get a new chunk; the
	// generation goes on.
	a = Arena{}
	a.Begin()
	a.NewObject(1)
	a.Begin() // sized for runs of one entry and no array
	a.NewObject(1)
	entries := a.entries.left()
	for range 3 * a.size.arrays {
		a.NewArray(1)
	}
	a.Begin()
	if a.entries.buf == nil || a.entries.left() != entries {
		t.Errorf("the generation ended (entries chunk %d → %d) although its entries chunk had room", entries, a.entries.left())
	}

	// A big object has its own allocation and is not counted.
	a = Arena{}
	a.Begin()
	big := a.NewObject(arenaEntryChunk)
	if cap(big.entries) != arenaEntryChunk || a.used.entries != 0 || a.entries.buf != nil {
		t.Errorf("big object: cap %d, counted %d, chunk %d", cap(big.entries), a.used.entries, a.entries.left())
	}
}

// TestArenaDoesNotLeak carves many runs' containers, nested in one
// another as a program's output is, and drops them: the heap must not
// grow with their number. Chunks replaced kind by kind would link every
// run to the next (see Arena), keeping all of them alive.
func TestArenaDoesNotLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("carves about 100 MB")
	}
	var a Arena
	var ms runtime.MemStats
	heapAfter := func(runs int) uint64 {
		for i := range runs {
			a.Begin()
			root := a.NewObject(3)
			for k := range 3 + i%2 { // runs differ, as a branch makes them
				o := a.NewObject(4)
				arr := a.NewArray(2 + i%3)
				arr.Items[0] = ObjectValue(root)
				*o.SlotGrow("arr", 4) = ArrayOf(arr)
				*o.SlotGrow("up", 4) = ObjectValue(root)
				*root.SlotGrow("k"+strconv.Itoa(k), 3) = ObjectValue(o)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		runtime.KeepAlive(&a)
		return ms.HeapAlloc
	}
	before := heapAfter(1000)
	after := heapAfter(100000)
	if after > before+8<<20 {
		t.Errorf("heap grew from %d to %d bytes while carving runs nobody kept", before, after)
	}

	// Runs growing in cycles, so that a run often finds too little room
	// left in the entries chunk (Begin saw room for a run like the last,
	// smaller one): the generation must still end.
	growing := func(runs int) uint64 {
		for i := range runs {
			a.Begin()
			root := a.NewObject(2)
			n := 2 + 30*(i%7)
			for k := range 2 {
				o := a.NewObject(n)
				*o.SlotGrow("up", n) = ObjectValue(root)
				*root.SlotGrow("k"+strconv.Itoa(k), 2) = ObjectValue(o)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		runtime.KeepAlive(&a)
		return ms.HeapAlloc
	}
	before = growing(1000)
	after = growing(100000)
	if after > before+8<<20 {
		t.Errorf("heap grew from %d to %d bytes while carving growing runs nobody kept", before, after)
	}
}

// TestArenaConcurrentRuns hands each run's containers to another
// goroutine, which reads and mutates them while the arena carves the
// next runs from the same chunks (run it with -race): carved memory is
// never handed out twice.
func TestArenaConcurrentRuns(t *testing.T) {
	var a Arena
	var wg sync.WaitGroup
	results := make(chan *Object, 16)
	errs := make(chan string, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		i := 0
		for o := range results {
			*o.SlotGrow("b", 2) = Integer(int64(-i))
			*o.SlotGrow("c", 2) = Integer(int64(i)) // grows past the room
			want := `{"a":` + strconv.Itoa(i) + `,"b":` + strconv.Itoa(-i) + `,"c":` + strconv.Itoa(i) + `}`
			if got := string(AppendJSON(nil, ObjectValue(o))); got != want {
				select {
				case errs <- got + ", want " + want:
				default:
				}
			}
			i++
		}
	}()
	for i := range 5000 {
		a.Begin()
		o := a.NewObject(2)
		*o.SlotGrow("a", 2) = Integer(int64(i))
		results <- o
	}
	close(results)
	wg.Wait()
	select {
	case e := <-errs:
		t.Error(e)
	default:
	}
}
