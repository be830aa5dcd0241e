package value

import "unsafe"

// Arena hands out objects and arrays carved from chunks shared by
// consecutive runs of one goroutine: the interpreter gives each frame one
// for the containers a program builds (the ECS objects of a mapping, the
// root copy of a shared input event, array literals).
//
// Building a CloudTrail record's output took 15 object allocations (one
// per ECS object, each an Object header with its entries) and 2 array
// allocations, and NewObjectCap with the GC assists it drew was a fifth
// of BenchmarkIngestTransform's CPU. Carved, a record takes a few
// hundredths of an allocation, and every object gets exactly the room it
// is sized for instead of the next of NewObjectCap's fixed sizes: the
// benchmark went from 20 allocations and 4,123 bytes an op to 3 and
// 3,849, and its instructions with the GC off fell 7.5%.
//
// Ownership is unchanged: a chunk is never reused, only its unused tail
// is handed out, so a container carved for one run is its owner's for
// good and may be read or mutated by another goroutine while the arena
// carves later parts of the same chunk for the next run (distinct memory:
// no race, and the GC keeps a chunk alive while anything in it is
// referenced). Every carved slice has cap == len, so growing an object or
// array reallocates rather than writing over its neighbour.
//
// Chunks point into each other (headers at entries, entries at nested
// headers, items at arrays). Were each kind's chunk replaced on its own,
// a new chunk of one kind would point into an old chunk of another that
// holds earlier runs, which point into an older chunk of the first kind,
// and so on: everything ever carved would stay reachable. So all chunks
// are replaced together, between runs (Begin): a generation points only
// into itself and into what the runs stored (their input values), never
// into a later generation. Keeping one result alive pins its generation,
// at most about 50 KiB, and with it what the generation's runs stored
// (for ingest, the decoded input of about fifteen records).
//
// The zero Arena is ready to use. An Arena is not safe for concurrent
// use: one run at a time carves from it.
type Arena struct {
	entries arenaChunk[Entry]
	objects arenaChunk[Object]
	arrays  arenaChunk[Array]
	values  arenaChunk[Value]
	// used counts what the current run took of each kind, last what the
	// previous one took: Begin keeps the generation only while the
	// entries chunk has room for a run like the last.
	used, last arenaNeed
	// full is set when the entries chunk ran out within a run: the
	// generation ends at the next Begin, whatever room the new chunk has.
	// Otherwise runs each larger than the last could keep one generation
	// going for ever, every chunk linked to the next.
	full bool
	// size is each kind's chunk length in the current generation.
	size arenaNeed
}

// arenaNeed counts elements per kind.
type arenaNeed struct{ entries, objects, arrays, values int }

// The largest chunk of each kind, in elements, each just inside a
// small-object size class (less the 8-byte header the allocator puts
// before pointerful objects): a byte more and a chunk becomes a large
// object with its own span. The entries chunk, the largest, serves about
// fifteen CloudTrail records (52 entries each).
const (
	arenaMallocHeader = 8
	arenaEntryChunk   = (32<<10 - arenaMallocHeader) / int(unsafe.Sizeof(Entry{}))
	arenaObjectChunk  = (8<<10 - arenaMallocHeader) / int(unsafe.Sizeof(Object{}))
	arenaArrayChunk   = (4<<10 - arenaMallocHeader) / int(unsafe.Sizeof(Array{}))
	arenaValueChunk   = (8<<10 - arenaMallocHeader) / int(unsafe.Sizeof(Value{}))
)

// Begin starts a run: everything carved between two Begins belongs to
// one run. It ends the generation when the entries chunk, the largest,
// ran out during the last run or has less room left than the last run
// took: then every chunk is dropped, whatever room the others have left.
func (a *Arena) Begin() {
	a.last, a.used = a.used, arenaNeed{}
	if a.full || a.size.entries == 0 || a.entries.left() < a.last.entries {
		a.entries, a.objects, a.arrays, a.values = arenaChunk[Entry]{}, arenaChunk[Object]{}, arenaChunk[Array]{}, arenaChunk[Value]{}
		a.full = false
		a.sizeGeneration()
	}
}

// sizeGeneration sizes the next generation's chunks from the last run:
// the entries chunk sets how many runs a generation serves, and the other
// kinds get room for a quarter more runs like the last, so that few need
// a second chunk within the generation (runs of one program differ by a
// branch or two) and none is mostly thrown away.
func (a *Arena) sizeGeneration() {
	runs := arenaEntryChunk / max(a.last.entries, 1)
	fit := func(per, most int) int { return min(most, max(8, per*(runs+runs/4+1))) }
	a.size = arenaNeed{
		entries: arenaEntryChunk,
		objects: fit(a.last.objects, arenaObjectChunk),
		arrays:  fit(a.last.arrays, arenaArrayChunk),
		values:  fit(a.last.values, arenaValueChunk),
	}
}

// arenaChunk is the current chunk of one kind and how much of it is
// carved. The chunk is only replaced when it runs out: a carve writes an
// integer, not a pointer. Advancing a slice instead wrote its data
// pointer into the frame's arena at every carve, and while the GC marks,
// every pointer written to the heap goes through the write barrier's
// buffer: write barriers were a fifth of
// BenchmarkIngestTransformOnly's CPU profile (GOMAXPROCS=1).
type arenaChunk[T any] struct {
	buf []T
	off int
}

// left is the room left in the chunk.
func (c *arenaChunk[T]) left() int { return len(c.buf) - c.off }

// carve takes n zeroed elements (cap == n) from the chunk, counting them
// in *used. A chunk too short is replaced by a new one of the
// generation's size for the kind, within the generation: Begin drops it
// with the others, so it links no two generations either. ran is set
// when that happens to a chunk of this generation (nil: the generation
// goes on; ending it as soon as any kind ran out ended the CloudTrail
// mapping's generations at 13 runs instead of 15, its runs differing by
// an array or two, and each record carried 17% more entries than it
// used). More than a quarter of the kind's largest chunk gets its own
// allocation and is not counted, so one big container neither wastes a
// chunk nor ends every generation.
func (c *arenaChunk[T]) carve(used *int, ran *bool, size, most, n int) []T {
	if n > most/4 {
		return make([]T, n)
	}
	*used += n
	if c.left() < n {
		if ran != nil && c.buf != nil {
			*ran = true
		}
		c.buf, c.off = make([]T, max(size, n)), 0
	}
	s := c.buf[c.off : c.off+n : c.off+n]
	c.off += n
	return s
}

// NewObject returns an empty unshared object with room for n fields (as
// NewObjectCap).
//
// The chunks mostly have room: that case is carved inline, without
// carve's calls and checks (NewObject was 3.5% of
// BenchmarkIngestTransformOnly's instructions).
func (a *Arena) NewObject(n int) *Object {
	var o *Object
	if c := &a.objects; c.off < len(c.buf) {
		o = &c.buf[c.off]
		c.off++
		a.used.objects++
	} else {
		o = &c.carve(&a.used.objects, nil, a.size.objects, arenaObjectChunk, 1)[0]
	}
	if n > 0 {
		if c := &a.entries; n <= arenaEntryChunk/4 && n <= c.left() {
			o.entries = c.buf[c.off : c.off : c.off+n]
			c.off += n
			a.used.entries += n
		} else {
			o.entries = c.carve(&a.used.entries, &a.full, a.size.entries, arenaEntryChunk, n)[:0]
		}
	}
	return o
}

// CloneObject is o.CloneCap(extra) carved from the arena: an unshared
// copy of o, one level deep, with room for extra more fields (at least
// one).
func (a *Arena) CloneObject(o *Object, extra int) *Object {
	c := a.NewObject(len(o.entries) + max(extra, 1))
	c.entries = append(c.entries, o.entries...)
	return c
}

// NewArray returns an unshared array of n nulls (as NewArrayLen).
func (a *Arena) NewArray(n int) *Array {
	var arr *Array
	if c := &a.arrays; c.off < len(c.buf) {
		// Inline when the chunks have room, as in NewObject.
		arr = &c.buf[c.off]
		c.off++
		a.used.arrays++
	} else {
		arr = &c.carve(&a.used.arrays, nil, a.size.arrays, arenaArrayChunk, 1)[0]
	}
	if n > 0 {
		if c := &a.values; n <= arenaValueChunk/4 && n <= c.left() {
			arr.Items = c.buf[c.off : c.off+n : c.off+n]
			c.off += n
			a.used.values += n
		} else {
			arr.Items = c.carve(&a.used.values, nil, a.size.values, arenaValueChunk, n)
		}
	}
	return arr
}
