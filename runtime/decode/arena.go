package decode

import (
	"strings"
	"unsafe"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// arena hands out the memory of decoded records: object headers and their
// entries, arrays and their items, and the text of lines and unescaped
// strings, carved from chunks shared by consecutive records.
//
// Decoding a CloudTrail line cost 17 allocations (one or two per object
// and array, one per line, three for the record wrapper), and malloc+GC
// was a fifth of the ingest CPU; carving brings that to a seventh of an
// allocation per record (BenchmarkTextIngest: 581 allocations for 4,000
// records).
//
// Ownership is unchanged: a chunk is never reused, only its unused tail
// is handed out, so what a record holds is the caller's for good (Record's
// contract). Every carved slice has cap == len (or spare capacity nobody
// else gets), so appending to a decoded object or array reallocates rather
// than writing over its neighbour, and a record can be mutated by one
// goroutine while the decoder fills later slots of the same chunk on
// another (distinct memory, no race).
//
// # Generations
//
// Chunks hold pointers into each other (headers point at entries, entries
// at headers of nested objects, items and text). If each chunk kind were
// refilled on its own, a new chunk of one kind would point into a chunk of
// another kind that also holds older records, which point into an older
// chunk of the first kind, and so on: every record ever decoded would stay
// reachable from the arena (a first version leaked exactly so, its heap
// growing by 50 MB a second in BenchmarkParseCloudTrail). So the pointerful
// chunks are replaced together, between records: begin starts a record
// and drops all of them when any might not hold one more record like the
// last. All of a record's pointerful memory is then taken from one
// generation, and a generation points only into itself and into text
// (which holds no pointers, so sharing text blocks across generations
// links nothing). Keeping one record alive (a sidelined event) pins its
// generation: about 80 KiB of chunks plus a 64 KiB text block.
//
// The zero arena is ready to use.
type arena struct {
	entries chunk[value.Entry]
	objects chunk[value.Object]
	arrays  chunk[value.Array]
	values  chunk[value.Value]

	// used counts what the current record has taken of each kind, last
	// what the previous one took: begin keeps the generation only when
	// every chunk has room for the last record's needs again.
	used, last need
	// full is set when a chunk ran out within a record: the generation
	// ends at the next begin, whatever room is left.
	full bool
	// size is the chunk length of each kind for the current generation
	// (see sizeGeneration).
	size need

	// text holds copied lines and unescaped strings. A strings.Builder
	// only ever appends, so a substring of String() stays valid and
	// unchanged while later text is written after it; when the block is
	// full a fresh Builder starts a new block (Grow would copy).
	text strings.Builder
}

// need counts elements per pointerful kind.
type need struct{ entries, objects, arrays, values int }

// The largest chunk of each kind, in elements: a generation serves
// several records (a CloudTrail record takes about 47 entries, 11
// objects, 4 arrays, 1 item and 1.3 KB of text).
//
// The entries chunk is a 64 KiB large object. Chunks of 32 KiB (the
// largest size class, one object a span, less the 8-byte header the
// allocator puts before pointerful small objects) took one span from the
// heap per chunk all the same, for half the bytes: doubling every kind
// halved the decoder's allocations (BenchmarkTextIngest: 1,138 to 585 an
// op, 15.31 to 15.28 MB an op; BenchmarkJSONLines: 1,492 to 739, 20.24 to
// 19.65 MB), and in a micro-benchmark with the same live heap a 64 KiB
// pointerful allocation cost about half as much a byte as a 32 KiB one.
// (A 32 KiB chunk plus its header, a large object of 40 KiB, cost 6% of
// BenchmarkTextIngest in mallocgcLarge: the count, not the class, is what
// costs.) The others stay just inside a small size class, and the text
// block, without pointers, is never zeroed (strings.Builder.Grow).
const (
	mallocHeader = 8
	entryChunk   = (64 << 10) / int(unsafe.Sizeof(value.Entry{})) // large: no header
	valueChunk   = (16<<10 - mallocHeader) / int(unsafe.Sizeof(value.Value{}))
	objectChunk  = (16<<10 - mallocHeader) / int(unsafe.Sizeof(value.Object{}))
	arrayChunk   = (8<<10 - mallocHeader) / int(unsafe.Sizeof(value.Array{}))
	textChunk    = 64 << 10 // no pointers, no header
)

// begin starts a record: every pointerful allocation of one record must
// come after one begin and before the next (see Generations). It ends the
// generation when a chunk ran out during the last record or has less room
// than the last record took; for entries, the kind whose count varies
// most between records of one shape, less than a quarter more than that.
//
// Without that margin a record a few entries longer than the last ran out
// of the entries chunk, and the generation ended with a new chunk of which
// it had used three entries: with 64 KiB chunks 27 of 144 generations of
// BenchmarkTextIngest ended so, and a record allocated 481 bytes it never
// used (68 with the margin).
func (a *arena) begin() {
	a.last, a.used = a.used, need{}
	if a.size.entries == 0 {
		a.sizeGeneration() // the first record: chunks as for an empty one
	}
	if a.full || a.entries.left() < a.last.entries+a.last.entries/4 || a.objects.left() < a.last.objects ||
		a.arrays.left() < a.last.arrays || a.values.left() < a.last.values {
		a.entries, a.objects, a.arrays, a.values = chunk[value.Entry]{}, chunk[value.Object]{}, chunk[value.Array]{}, chunk[value.Value]{}
		a.full = false
		a.sizeGeneration()
	}
}

// sizeGeneration sizes the next generation's chunks from the last
// record's shape: the entries chunk, the largest, sets how many records a
// generation holds, and the other kinds get room for as many records like
// the last (plus one), so that no kind's chunk ends the generation early
// and none is mostly thrown away when it ends. With fixed sizes a record
// allocated a quarter more bytes (chunk tails never used).
func (a *arena) sizeGeneration() {
	records := entryChunk / max(a.last.entries, 1)
	fit := func(per, most int) int { return min(most, max(8, per*(records+1))) }
	a.size = need{
		entries: entryChunk,
		objects: fit(a.last.objects, objectChunk),
		arrays:  fit(a.last.arrays, arrayChunk),
		values:  fit(a.last.values, valueChunk),
	}
}

// takeEntries returns n zeroed entries with cap == n. A request bigger
// than a quarter chunk gets its own allocation, so a large object never
// wastes the rest of a chunk.
//
// The chunk mostly has room: that case is written out here, one bounds
// test and an offset, and carve, with its allocation and generation
// bookkeeping, is called only when it has not. The arena's instructions
// per BenchmarkTextIngest record fell from about 940 to 915 (cachegrind):
// little, but the slow path no longer sits in every caller.
func (a *arena) takeEntries(n int) []value.Entry {
	c := &a.entries
	// 1 <= n <= a quarter chunk, in one unsigned compare.
	if off := c.off; uint(n-1) < uint(entryChunk/4) && n <= len(c.buf)-off {
		c.off = off + n
		a.used.entries += n
		return c.buf[off : off+n : off+n]
	}
	return a.carveEntries(n)
}

// carveEntries is takeEntries past its common case.
func (a *arena) carveEntries(n int) []value.Entry {
	if n == 0 {
		return nil
	}
	return carve(a, &a.entries, &a.used.entries, a.size.entries, entryChunk, n)
}

// takeValues is takeEntries for array items.
func (a *arena) takeValues(n int) []value.Value {
	c := &a.values
	if off := c.off; uint(n-1) < uint(valueChunk/4) && n <= len(c.buf)-off {
		c.off = off + n
		a.used.values += n
		return c.buf[off : off+n : off+n]
	}
	return a.carveValues(n)
}

// carveValues is takeValues past its common case.
func (a *arena) carveValues(n int) []value.Value {
	if n == 0 {
		return nil
	}
	return carve(a, &a.values, &a.used.values, a.size.values, valueChunk, n)
}

// newObject returns an object owning entries (sorted, no duplicates),
// marked shared (see sharedRecords). Written out when the chunk has room,
// as in takeEntries.
func (a *arena) newObject(entries []value.Entry) *value.Object {
	c := &a.objects
	var o *value.Object
	if off := c.off; off < len(c.buf) {
		o = &c.buf[off]
		c.off = off + 1
		a.used.objects++
	} else {
		o = a.carveObject()
	}
	value.InitSharedObject(o, entries)
	return o
}

// carveObject is newObject's header past its common case.
func (a *arena) carveObject() *value.Object {
	return &carve(a, &a.objects, &a.used.objects, a.size.objects, objectChunk, 1)[0]
}

// newArray returns an array owning items, marked shared. Written out when
// the chunk has room, as in takeEntries.
func (a *arena) newArray(items []value.Value) *value.Array {
	c := &a.arrays
	var arr *value.Array
	if off := c.off; off < len(c.buf) {
		arr = &c.buf[off]
		c.off = off + 1
		a.used.arrays++
	} else {
		arr = a.carveArray()
	}
	value.InitSharedArray(arr, items)
	return arr
}

// carveArray is newArray's header past its common case.
func (a *arena) carveArray() *value.Array {
	return &carve(a, &a.arrays, &a.used.arrays, a.size.arrays, arrayChunk, 1)[0]
}

// sharedRecords: every container of a decoded record is marked shared
// (value/share.go) when it is made. The pipeline keeps a record's input
// for the sideline, so before the transform it marked the whole record
// shared, and the interpreter copies what it changes: that walk over
// every object and array of every record was 0.46 s of a 1 GB ingest's
// CPU (1.8%). Marked at birth, the walk stops at the root. Containers a
// record gets from elsewhere (a CSV row, the elements an
// expand_records_from_payload program returns) are marked when they are
// wrapped (jsonRecord), so the rule MarkShared relies on holds: below a
// shared container everything is shared.

// chunk is the current chunk of one kind and how much of it is carved.
// A carve advances off, an integer; the chunk's slice is only written
// when the chunk is replaced. Advancing the slice itself stored its data
// pointer into the parser at every carve (27 a CloudTrail record), and while
// the GC marks every pointer stored to the heap goes through the write
// barrier (value.Arena made the same change: write barriers were a fifth
// of the transform's profile).
type chunk[T any] struct {
	buf []T
	off int
}

// left is the room left in the chunk.
func (c *chunk[T]) left() int { return len(c.buf) - c.off }

// carve takes n zeroed elements (cap == n) from the current chunk of one
// kind, counting them in *used; a chunk too short for them is replaced by
// a new one of size elements (at least n), and a.full records that the
// generation ran out within a record. More than a quarter of most, the
// kind's largest chunk, gets its own allocation and is not counted.
func carve[T any](a *arena, c *chunk[T], used *int, size, most, n int) []T {
	if n > most/4 {
		return make([]T, n)
	}
	*used += n
	if c.left() < n {
		a.full = a.full || c.buf != nil
		c.buf, c.off = make([]T, max(size, n)), 0
	}
	s := c.buf[c.off : c.off+n : c.off+n]
	c.off += n
	return s
}

// str returns a string holding a copy of b. Strings longer than a quarter
// block get their own allocation.
func (a *arena) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > textChunk/4 {
		return string(b)
	}
	if a.text.Cap()-a.text.Len() < len(b) {
		a.text = strings.Builder{}
		a.text.Grow(textChunk)
	}
	start := a.text.Len()
	a.text.Write(b)
	return a.text.String()[start:]
}
