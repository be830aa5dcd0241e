package decode

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// TestArenaNeighboursIndependent checks the carving rule: objects and
// arrays decoded next to each other in one chunk can each grow without
// writing over the other.
func TestArenaNeighboursIndependent(t *testing.T) {
	var p jsonParser
	v, err := p.parse(`{"a":{"x":1},"b":{"y":2},"c":[1],"d":[2],"e":{}}`)
	if err != nil {
		t.Fatal(err)
	}
	root := v.Obj()
	get := func(k string) value.Value { x, _ := root.Get(k); return x }
	get("a").Obj().Set("z", value.Integer(3))
	get("e").Obj().Set("w", value.Integer(5))
	c := get("c").Arr()
	c.Items = append(c.Items, value.Integer(4))
	root.Set("f", value.True) // the root too
	// A second record carved after the first must not see its changes
	// either, nor change it.
	w, err := p.parse(`{"a":{"x":9},"b":{"y":8}}`)
	if err != nil {
		t.Fatal(err)
	}
	w.Obj().Set("c", value.Null)
	if got, want := string(value.AppendJSON(nil, v)), `{"a":{"x":1,"z":3},"b":{"y":2},"c":[1,4],"d":[2],"e":{"w":5},"f":true}`; got != want {
		t.Errorf("first record = %s, want %s", got, want)
	}
	if got, want := string(value.AppendJSON(nil, w)), `{"a":{"x":9},"b":{"y":8},"c":null}`; got != want {
		t.Errorf("second record = %s, want %s", got, want)
	}
}

// TestArenaRecordsIndependent does the same for the record wrappers, whose
// root object has a spare slot of its own.
func TestArenaRecordsIndependent(t *testing.T) {
	var p jsonParser
	ts := value.Integer(0)
	r1 := p.messageRecord(ts, `{"k":1}`)
	r2 := p.messageRecord(ts, `plain text`)
	r3 := p.jsonRecord(ts, value.ObjectValue(value.NewObject(0)))
	r3.Obj().Set("added", value.True)
	r2.Obj().Set("aaa", value.True)
	rel, _ := r1.Obj().Get("related")
	ip, _ := rel.Obj().Get("ip")
	ip.Arr().Items = append(ip.Arr().Items, value.Bytes("10.0.0.1"))
	want := []string{
		`{"json":{"k":1},"message":"{\"k\":1}","related":{"hash":[],"ip":["10.0.0.1"],"user":[]},"ts":0}`,
		`{"aaa":true,"message":"plain text","related":{"hash":[],"ip":[],"user":[]},"ts":0}`,
		`{"added":true,"json":{},"related":{"hash":[],"ip":[],"user":[]},"ts":0}`,
	}
	for i, r := range []value.Value{r1, r2, r3} {
		if got := string(value.AppendJSON(nil, r)); got != want[i] {
			t.Errorf("record %d = %s, want %s", i+1, got, want[i])
		}
	}
}

// TestArenaCarvesExactly checks cap == len on what the arena hands out,
// and the own allocation of requests too big for a chunk.
func TestArenaCarvesExactly(t *testing.T) {
	var a arena
	a.begin()
	for _, n := range []int{1, 3, entryChunk / 4, entryChunk/4 + 1, entryChunk} {
		if es := a.takeEntries(n); len(es) != n || cap(es) != n {
			t.Errorf("takeEntries(%d): len %d cap %d", n, len(es), cap(es))
		}
	}
	for _, n := range []int{1, valueChunk / 4, valueChunk} {
		if vs := a.takeValues(n); len(vs) != n || cap(vs) != n {
			t.Errorf("takeValues(%d): len %d cap %d", n, len(vs), cap(vs))
		}
	}
	if a.takeEntries(0) != nil || a.takeValues(0) != nil {
		t.Error("empty requests should take nothing")
	}
	if got := a.str(nil); got != "" {
		t.Errorf("str(nil) = %q", got)
	}
	long := strings.Repeat("x", textChunk)
	if got := a.str([]byte(long)); got != long {
		t.Error("long string changed")
	}
}

// TestArenaGenerations checks when begin starts a new generation: not
// while the chunks have room for another record like the last, always
// after a chunk ran out within a record.
func TestArenaGenerations(t *testing.T) {
	var a arena
	a.begin()
	a.takeEntries(10)
	a.newObject(nil)
	first := &a.entries.buf[0]
	a.begin() // room for another 10 entries: same generation
	if &a.entries.buf[0] != first {
		t.Fatal("begin dropped chunks with room left")
	}
	for a.entries.left() > 15 {
		a.takeEntries(10) // leaves less than this record took
	}
	a.begin()
	if a.entries.buf != nil || a.objects.buf != nil {
		t.Fatal("begin kept chunks too small for the next record")
	}
	a.takeEntries(10) // a new chunk: the generation goes on
	if a.full {
		t.Fatal("the first chunk of a generation should not end it")
	}
	for a.entries.left() >= 10 {
		a.takeEntries(10)
	}
	a.takeEntries(10) // runs out within the record
	if !a.full {
		t.Fatal("running out within a record should end the generation")
	}
	a.begin()
	if a.entries.buf != nil || a.full {
		t.Fatal("begin kept a generation that ran out")
	}
}

// TestArenaCarvesFromOffset checks the inline takes against carve: a
// request the chunk has room for comes from the same chunk, right after
// the last one, and only moves the offset; one it has no room for, or too
// big for a chunk, or empty, takes the other ways.
func TestArenaCarvesFromOffset(t *testing.T) {
	var a arena
	a.begin()
	first := a.takeEntries(3) // the generation's first chunk
	buf := a.entries.buf
	next := a.takeEntries(2)
	if &next[0] != &buf[3] || len(next) != 2 || cap(next) != 2 {
		t.Fatalf("second take not right after the first")
	}
	if &a.entries.buf[0] != &buf[0] || a.entries.off != 5 || a.used.entries != 5 {
		t.Fatalf("takes within a chunk replaced it or miscounted: off %d used %d", a.entries.off, a.used.entries)
	}
	// Exactly the room left: still this chunk, which is then full.
	for a.entries.left() > entryChunk/4 {
		a.takeEntries(entryChunk / 4)
	}
	rest := a.takeEntries(a.entries.left())
	if &rest[len(rest)-1] != &buf[len(buf)-1] || a.full {
		t.Fatalf("taking the exact rest left the chunk")
	}
	// One more: a new chunk, and the generation ran out within a record.
	more := a.takeEntries(1)
	if &a.entries.buf[0] == &buf[0] || &more[0] != &a.entries.buf[0] || !a.full {
		t.Fatalf("no new chunk when the old one was full")
	}
	// Too big for a chunk: its own allocation, not counted, chunk untouched.
	off, used := a.entries.off, a.used.entries
	if big := a.takeEntries(entryChunk/4 + 1); len(big) != entryChunk/4+1 || a.entries.off != off || a.used.entries != used {
		t.Fatalf("a request over a quarter chunk was carved")
	}
	if a.takeEntries(0) != nil || a.entries.off != off {
		t.Fatalf("an empty request took something")
	}
	// The same for items, object and array headers.
	v1, v2 := a.takeValues(1), a.takeValues(1)
	if &v2[0] != &a.values.buf[1] || &v1[0] != &a.values.buf[0] {
		t.Errorf("items not carved in order")
	}
	o1, o2 := a.newObject(first), a.newObject(nil)
	if o1 != &a.objects.buf[0] || o2 != &a.objects.buf[1] || a.used.objects != 2 || o1.Len() != 3 {
		t.Errorf("object headers not carved in order")
	}
	r1, r2 := a.newArray(v1), a.newArray(nil)
	if r1 != &a.arrays.buf[0] || r2 != &a.arrays.buf[1] || a.used.arrays != 2 || r1.Len() != 1 {
		t.Errorf("array headers not carved in order")
	}
	for a.objects.left() > 0 {
		a.newObject(nil)
	}
	objs := a.objects.buf
	if o := a.newObject(nil); o != &a.objects.buf[0] || &a.objects.buf[0] == &objs[0] {
		t.Errorf("no new object chunk when the old one was full")
	}
}

// TestArenaEntriesMargin checks begin's margin for entries: the
// generation goes on while the entries chunk has room for a quarter more
// than the last record took, and ends with less.
func TestArenaEntriesMargin(t *testing.T) {
	for _, tc := range []struct {
		left int
		keep bool
	}{{left: 50, keep: true}, {left: 40, keep: true}, {left: 39, keep: false}, {left: 32, keep: false}} {
		var a arena
		a.begin()
		a.takeEntries(1)
		a.entries.off = entryChunk - 32 - tc.left // as if earlier records took the rest
		a.begin()
		a.takeEntries(32) // the last record: 32 entries, margin 8
		buf := a.entries.buf
		if a.entries.left() != tc.left {
			t.Fatalf("left %d, want %d", a.entries.left(), tc.left)
		}
		a.begin()
		if kept := a.entries.buf != nil && &a.entries.buf[0] == &buf[0]; kept != tc.keep {
			t.Errorf("%d entries left after a record of 32: kept %v, want %v", tc.left, kept, tc.keep)
		}
	}
}

// TestArenaDoesNotLeak decodes many records and drops them: the heap must
// not grow with their number. Chunks refilled kind by kind would link
// every record to the next (see arena's Generations), which kept all of
// them alive.
func TestArenaDoesNotLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes 30 MB")
	}
	lines := strings.Split(strings.TrimSpace(string(cloudTrailLines(50))+string(ingestLines(50))), "\n")
	var p jsonParser
	var ms runtime.MemStats
	heapAfter := func(records int) uint64 {
		for i := range records {
			line := []byte(lines[i%len(lines)])
			if i%3 == 0 {
				p.messageRecord(value.Integer(0), p.arena.str(line))
			} else if _, err := p.parse(string(line)); err != nil {
				t.Fatal(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		runtime.KeepAlive(&p) // the arena is what would keep records alive
		return ms.HeapAlloc
	}
	before := heapAfter(1000)
	after := heapAfter(20000) // about 100 MB of records
	if after > before+8<<20 {
		t.Errorf("heap grew from %d to %d bytes while decoding records nobody kept", before, after)
	}
}

// TestJSONParseManyFields covers objects around the sizes of the stack
// buffers (smallFields, stackFields) and beyond them (the heap scratch),
// in order, out of order, with duplicates, and nested in one another,
// against value.FromJSON.
func TestJSONParseManyFields(t *testing.T) {
	obj := func(n int, key func(i int) string, inner string) string {
		var b strings.Builder
		b.WriteByte('{')
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%q:%d", key(i), i)
		}
		if inner != "" {
			b.WriteString(`,"zzinner":` + inner)
		}
		b.WriteByte('}')
		return b.String()
	}
	sorted := func(i int) string { return fmt.Sprintf("k%03d", i) }
	reversed := func(i int) string { return fmt.Sprintf("k%03d", 1000-i) }
	dups := func(i int) string { return fmt.Sprintf("k%03d", i%7) }
	var inputs []string
	for _, n := range []int{1, smallFields - 1, smallFields, smallFields + 1, stackFields - 1, stackFields, stackFields + 1, 3 * stackFields} {
		for _, key := range []func(int) string{sorted, reversed, dups} {
			inputs = append(inputs, obj(n, key, ""), obj(n, key, obj(n, reversed, obj(n, dups, ""))))
		}
	}
	var p jsonParser
	for round := range 2 {
		for _, in := range inputs {
			got, err := p.parse(in)
			if err != nil {
				t.Fatalf("%s: %v", in, err)
			}
			want, err := value.FromJSON([]byte(in))
			if err != nil {
				t.Fatal(err)
			}
			if g, w := string(value.AppendJSON(nil, got)), string(value.AppendJSON(nil, want)); g != w {
				t.Errorf("round %d: %s:\n got %s\nwant %s", round, in, g, w)
			}
		}
	}
}

// TestStringEnds compares quoteIndex and strEnd with byte loops, for
// every position of the byte looked for around the word boundaries,
// bytes close to it (a borrow must not create a match), and the tails
// shorter than a word. strEnd is called at increasing offsets, as the
// parser does.
func TestStringEnds(t *testing.T) {
	naive := func(s string, i int, backslash bool) int {
		for ; i < len(s); i++ {
			if s[i] == '"' || backslash && s[i] == '\\' {
				return i
			}
		}
		return len(s)
	}
	fillers := []byte{'a', 0, 0x21, 0x23, 0x5b, 0x5d, 0x80, 0xff, '"' - 1, '\\' + 1}
	for n := 0; n <= 20; n++ {
		for _, f := range fillers {
			base := strings.Repeat(string([]byte{f}), n)
			for _, c := range []byte{'"', '\\'} {
				for pos := -1; pos < n; pos++ {
					s := []byte(base)
					if pos >= 0 {
						s[pos] = c
						if pos+2 < n {
							s[pos+2] = '"' ^ '\\' ^ c // the other one later
						}
					}
					p := jsonParser{s: string(s), bs: indexByte(string(s), 0, '\\')}
					for start := 0; start <= min(n, 9); start++ {
						if got, want := quoteIndex(string(s), start), naive(string(s), start, false); got != want {
							t.Fatalf("quoteIndex(%q, %d) = %d, want %d", s, start, got, want)
						}
						if got, want := p.strEnd(start), naive(string(s), start, true); got != want {
							t.Fatalf("strEnd(%q, %d) = %d, want %d", s, start, got, want)
						}
					}
				}
			}
		}
	}
}

// TestJSONParseStringErrors pins the errors of strings around the fast
// scan: a backslash before a missing closing quote is still an
// unterminated string (not an escape error), at the end of the input.
func TestJSONParseStringErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"abc`, "invalid JSON at byte 4: unterminated string"},
		{`"a\x`, "invalid JSON at byte 4: unterminated string"},
		{`"ab\`, "invalid JSON at byte 4: unterminated string"},
		{`"0123456789\"`, "invalid JSON at byte 13: unterminated string"},
		{`"a\x"`, `invalid JSON at byte 2: invalid escape '\x'`},
		{`"0123456789abcdef\q"`, `invalid JSON at byte 17: invalid escape '\q'`},
		{`{"0123456789abcdef":1,"k\`, "invalid JSON at byte 25: unterminated string"},
	}
	var p jsonParser
	for _, tt := range tests {
		_, err := p.parse(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("parse(%q) error = %v, want %s", tt.in, err, tt.want)
		}
	}
	// And strings that end at every offset around a word, with and
	// without escapes.
	for n := range 20 {
		plain := strings.Repeat("a", n)
		for _, in := range []string{`"` + plain + `"`, `"` + plain + `\n"`, `"\t` + plain + `"`} {
			got, err := p.parse(in)
			want, _ := value.FromJSON([]byte(in))
			if err != nil || string(value.AppendJSON(nil, got)) != string(value.AppendJSON(nil, want)) {
				t.Errorf("parse(%q) = %s, %v", in, value.AppendJSON(nil, got), err)
			}
		}
	}
}

// TestArenaConcurrentRecords hands each record to another goroutine that
// mutates it while the decoder carves the next ones from the same chunks,
// as the ingest pipeline does; run with -race, this checks that records
// share no memory with what is carved after them.
func TestArenaConcurrentRecords(t *testing.T) {
	data := ingestLines(300)
	d, err := Open(strings.NewReader(string(data)), "ct.jsonl", Options{Format: FormatText, Now: testClock})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	recs := make(chan value.Value, 16)
	done := make(chan int)
	go func() {
		n := 0
		for r := range recs {
			root := r.Obj()
			root.Set("extra", value.Integer(int64(n)))
			js, _ := root.Get("json")
			ui, _ := js.Obj().Get("userIdentity")
			ui.Obj().Set("zz", value.True)
			res, _ := js.Obj().Get("resources")
			res.Arr().Items = append(res.Arr().Items, value.Null)
			n++
		}
		done <- n
	}()
	for d.Next() {
		if d.Record().Err != nil {
			t.Fatal(d.Record().Err)
		}
		recs <- d.Record().Value
	}
	close(recs)
	if n := <-done; n != 300 {
		t.Errorf("%d records, want 300", n)
	}
}
