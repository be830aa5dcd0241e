// Package cast turns VRL events into rows of a table's Arrow schema.
//
// Every column of the schema is looked up in the event, converted by the
// rules below and appended to the column's buffers; whatever the event
// holds beyond the schema is dropped and counted by its dotted path. A
// record either fits entirely or fails entirely with a precise reason
// naming the path ("source.port: expected long, got string \"80\""), so
// the pipeline can sideline it; nothing is coerced silently.
//
// # Rules
//
// The table is the column type, the left the VRL value kinds it accepts.
// They are the rules a compile-time type checker applies to a transform's
// result kind, so a program that type-checks never fails here except on
// values (an int out of range, invalid UTF-8).
//
//	string       ← bytes (valid UTF-8)
//	binary       ← bytes
//	long         ← integer
//	int          ← integer within [-2^31, 2^31-1]
//	double       ← float, integer (promotion)
//	float        ← float (finite in float32 range), integer (promotion)
//	boolean      ← boolean
//	timestamp(tz)← timestamp (stored in microseconds, sub-µs truncated)
//	date         ← timestamp (its UTC calendar day)
//	decimal(p,s) ← integer, float with at most s fraction digits and p digits
//	uuid         ← bytes in canonical 36-character form
//	fixed(n)     ← bytes of exactly n bytes
//	list<E>      ← array (each element by E's rule)
//	struct<...>  ← object (field by field; extra keys dropped and counted)
//	map<string,V>← object (each value by V's rule)
//	any column   ← null or missing, unless the column is required
//
// Not allowed, and so a type error: float → long/int (it may lose the
// fraction), bytes → timestamp (parsing belongs in the transform, where it
// can fail visibly), bytes → number, anything → string other than bytes,
// and time-of-day columns (VRL has no such value).
//
// # Cost
//
// Append makes one walk, driven by the event, not the schema: it goes
// through the event's entries, finds each one's column through a
// per-struct search, checks the value and appends it at once, so a column
// the event does not set costs nothing per row (see node.lazy). A value
// that does not fit ends the walk, and every column the row touched is
// cut back to its length before the row (rollback, node.truncate): the
// columns are the caster's own buffers (column.go), which, unlike Arrow's
// builders, can take back a half-appended row. A failing row is rare;
// its undo walks the failed event's keys again, and nothing else. The
// walk does not allocate on the success path except for the buffers'
// growth and the first sighting of a dropped path
// (BenchmarkCast, BenchmarkCastECS).
//
// NewRecord assembles the record from those buffers: columns no row set
// share one zeroed buffer (nullData), and each column sizes its buffers
// for the next record from the last one (node.hintLen), so a long-lived
// caster allocates each buffer once a record.
//
// Against the two passes over Arrow's builders this replaced, in
// instructions a row (valgrind, deterministic where the shared machine's
// timings are not): BenchmarkCastCloudTrail 38,900 → 20,600,
// BenchmarkCastECS 26,000 → 14,400, BenchmarkCast 10,050 → 7,150; and
// 21-39% fewer bytes allocated. Then the undo list gave way to finding a failed
// row's columns again from its event (rollback), begin inlined and
// validString checks its tail by overlapping loads: outside the
// collector, BenchmarkCastCloudTrail 17,400 → 15,100 instructions a row
// and BenchmarkCastECS 11,400 → 10,400. Then fields are matched by the
// event key's remembered data pointer (node.is), required fields are
// looked for only when there is an error to report (putFields), a short
// string is checked as it is copied (appendString) and struct fields
// that are strings skip put's switch (putString), and a column knows in
// one field whether it samples (sampleCap): BenchmarkCastCloudTrail
// 15,340 → 12,390 instructions a row (cachegrind, GOMAXPROCS=1,
// GOGC=off), BenchmarkCastECS 11,010 → 9,860, BenchmarkCast 5,500 → 4,560,
// the same bytes and allocations a row. In the lake's BenchmarkIngestCloudTrailRows
// profile the cast went from 18.6% to 13.5% of the CPU; there, reading
// 50,000 events that are not in cache is much of what is left. About half
// of the rest is the fresh memory each record's buffers take (Go zeroes
// it, the kernel faults it in): an allocator that recycles released
// records' buffers (NewAlloc) halved a CloudTrail cast's CPU time in a
// trial. The caster writes every byte a record reads, so that allocator
// need not zero what it hands out (TestNewAlloc).
package cast

import (
	"fmt"
	"sort"
	"strings"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/extensions"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// Caster accumulates rows of one Arrow schema. It is not safe for
// concurrent use; the lake gives each table writer its own.
type Caster struct {
	schema *arrow.Schema
	mem    memory.Allocator
	root   *node
	rows   int
	bytes  int64
	drops  map[dropKey]int

	// planDrops and rowBytes are the row being appended: the keys it
	// drops, to count once the row is in, and its share of Bytes. Reused
	// from row to row. (The lazy columns a row touched are not listed:
	// rollback finds them again from the event; an undo list was 5% of
	// BenchmarkCastCloudTrail's instructions, for the rare failing row.)
	planDrops []dropKey
	rowBytes  int64

	// toSample is the touched columns whose values the dictionary
	// sample still wants (see DictionaryColumns), to sample once the row
	// is in: a short list, instead of a pass over every touched column
	// (10% of the cast in the ingest profile, though a record samples
	// only its first 1,024 values a column).
	toSample []int32

	// nodes is every column, list element, map key and map value; a
	// node's id is its index.
	nodes []*node

	// zeros backs every all-null column of every record (see nullData):
	// read-only, at least width*(rows+1) bytes, where width is the
	// widest slot of any column (offsets count 4 bytes).
	zeros *memory.Buffer
	width int

	// dictCols is DictionaryColumns' answer for the last record.
	dictCols []string
}

// null is value.Null for the required-field checks (put takes a pointer).
var null = value.Null

type kind uint8

const (
	kString kind = iota
	kBinary
	kLong
	kInt
	kDouble
	kFloat
	kBool
	kTimestamp
	kDate
	kDecimal
	kUUID
	kFixed
	kStruct
	kList
	kMap
)

var kindNames = [...]string{"string", "binary", "long", "int", "double", "float", "boolean",
	"timestamp", "date", "decimal", "uuid", "fixed", "struct", "list", "map"}

// node is one column (or list element, map key, map value) and the
// buffers it is being built in.
type node struct {
	kind     kind
	id       int32 // index in Caster.nodes
	name     string
	path     string // dotted path from the root, for reports
	required bool
	typ      arrow.DataType

	// struct: children in schema order, in name order (searched by the
	// event-driven walk; a struct inside a list walks all of them, as it
	// must append a null to every absent field) and the required ones in
	// name order (checked in step with the event's sorted entries, so the
	// first failing field reported is the same as a by-name walk's).
	fields  []*node
	byName  []*node
	reqSort []*node
	pos     int32            // index in the parent's byName
	index   map[string]*node // byName by name, for a wide struct (see wideStruct)

	// key is the data of the last event key found equal to name (see
	// is): events built by one decoder and one transform spell a key
	// with the same interned string row after row. It keeps that key's
	// allocation alive: a decoder's 4 KB block of interned keys, at
	// worst one 64 KB text chunk, per column.
	key unsafe.Pointer

	elem *node // list element, map value
	keys *node // map keys

	precision, scale int32
	fixedLen         int

	// lazy columns (reached from the row through struct fields only)
	// have exactly one slot per row, so the nulls of the rows that did
	// not set them are implied by their length: before a value is
	// appended at row r the column is padded with r-len nulls (one run,
	// pad), and NewRecord pads every lazy column to the row count. A wide
	// ECS table has ~1,500 leaves and an event sets a few dozen; touching
	// every absent column on every row was most of BenchmarkCastECS.
	// Nulls are interchangeable, so deferring them never reorders values.
	// List elements and map values are not lazy: they must stay in step
	// with the offsets and keys of their parents. A lazy struct's fields
	// are lazy too, so padding a struct never pads its fields, and
	// NewRecord gives the fields no row set one shared all-null buffer
	// (see nullData).
	lazy bool

	// The column being built (column.go): len slots; bits, the validity
	// bitmap, only once a slot is null (bitmap); vals, the values (bits
	// for booleans, width bytes a slot for fixed-width kinds, int32
	// offsets for strings, binaries, lists and maps); data, the string
	// or binary payload, dlen bytes.
	mem        memory.Allocator
	len        int
	bitmap     bool
	bits, vals buffer
	data       buffer
	dlen       int
	width      int

	// The sizes of the previous record's column, to allocate the next
	// one's buffers at that size at once: slots and payload bytes.
	hintLen, hintData int

	// dictPath is the Parquet column path of a string column that is a
	// struct field or a list's element ("" for others): the columns
	// whose first values are sampled for DictionaryColumns. sampled
	// counts the values seen (up to dictSample), distinct holds the
	// different ones (up to dictSample/dictRatio+1).
	dictPath string
	sampled  int
	distinct map[string]struct{}
	// sampleCap is dictSample for a lazy string column with a dictPath
	// and 0 for every other: put's one test of whether a value is to be
	// sampled (three tests were 7 instructions a string).
	sampleCap int
}

type dropKey struct {
	n   *node
	key string
}

// New compiles a caster for s with buffers from Go's heap
// (memory.DefaultAllocator); see NewAlloc.
func New(s *arrow.Schema) (*Caster, error) { return NewAlloc(s, memory.DefaultAllocator) }

// NewAlloc compiles a caster for s whose every record buffer comes from
// mem. The buffers move into the records NewRecord returns and go back to
// mem when those are released, so a pooling allocator can hand them to
// the next record. It fails on column types no VRL value can fill (a map
// whose keys are not strings, time-of-day).
func NewAlloc(s *arrow.Schema, mem memory.Allocator) (*Caster, error) {
	root := &node{kind: kStruct, required: true, lazy: true}
	for _, f := range s.Fields() {
		n, err := compile(f, "", true)
		if err != nil {
			return nil, err
		}
		root.fields = append(root.fields, n)
	}
	root.sortChildren()
	c := &Caster{schema: s, mem: mem, root: root, drops: map[dropKey]int{}, width: 4}
	for _, f := range root.fields {
		c.collect(f)
	}
	return c, nil
}

func (c *Caster) collect(n *node) {
	n.mem, n.id = c.mem, int32(len(c.nodes))
	c.nodes = append(c.nodes, n)
	c.width = max(c.width, n.width)
	for _, f := range n.fields {
		c.collect(f)
	}
	if n.keys != nil {
		c.collect(n.keys)
	}
	if n.elem != nil {
		c.collect(n.elem)
	}
}

func (n *node) sortChildren() {
	n.byName = append([]*node(nil), n.fields...)
	sort.Slice(n.byName, func(i, j int) bool { return n.byName[i].name < n.byName[j].name })
	n.reqSort = nil
	for i, f := range n.byName {
		f.pos = int32(i)
		if f.required {
			n.reqSort = append(n.reqSort, f)
		}
	}
	if len(n.byName) >= wideStruct {
		n.index = make(map[string]*node, len(n.byName))
		for _, f := range n.byName {
			n.index[f.name] = f
		}
	}
}

// wideStruct is the number of fields from which a struct finds an
// event's keys that are not the next field by hash (node.index) rather
// than by binary search (child): an ECS field set's struct has 10 to 50
// fields and an event sets a few, and the search's string comparisons
// were a quarter of BenchmarkCastECS's instructions (the hash took its
// total from 14,000 to 11,800 a row; narrow structs are unaffected, as
// the next field is the usual match).
const wideStruct = 8

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

func compile(f arrow.Field, prefix string, lazy bool) (*node, error) {
	n := &node{name: f.Name, path: join(prefix, f.Name), required: !f.Nullable, typ: f.Type, lazy: lazy}
	switch t := f.Type.(type) {
	case *arrow.StringType:
		n.kind = kString
		if lazy {
			n.dictPath, n.sampleCap = n.path, dictSample
		}
	case *arrow.BinaryType:
		n.kind = kBinary
	case *arrow.Int64Type:
		n.kind, n.width = kLong, 8
	case *arrow.Int32Type:
		n.kind, n.width = kInt, 4
	case *arrow.Float64Type:
		n.kind, n.width = kDouble, 8
	case *arrow.Float32Type:
		n.kind, n.width = kFloat, 4
	case *arrow.BooleanType:
		n.kind, n.width = kBool, 1
	case *arrow.TimestampType:
		if t.Unit != arrow.Microsecond {
			return nil, fmt.Errorf("%s: timestamp unit %s, want microseconds", n.path, t.Unit)
		}
		n.kind, n.width = kTimestamp, 8
	case *arrow.Date32Type:
		n.kind, n.width = kDate, 4
	case *arrow.Decimal128Type:
		n.kind, n.precision, n.scale, n.width = kDecimal, t.Precision, t.Scale, 16
	case *extensions.UUIDType:
		n.kind, n.width = kUUID, 16
	case *arrow.FixedSizeBinaryType:
		n.kind, n.fixedLen, n.width = kFixed, t.ByteWidth, t.ByteWidth
	case *arrow.StructType:
		n.kind = kStruct
		for _, c := range t.Fields() {
			cn, err := compile(c, n.path, lazy)
			if err != nil {
				return nil, err
			}
			n.fields = append(n.fields, cn)
		}
		n.sortChildren()
	case *arrow.ListType:
		n.kind = kList
		el, err := compile(t.ElemField(), n.path, false)
		if err != nil {
			return nil, err
		}
		el.path = n.path // elements report under the list's path
		if el.kind == kString && lazy {
			// pqarrow's three-level list: <list>.list.<element>
			// (lists inside list elements are not sampled)
			el.dictPath = n.path + ".list." + t.ElemField().Name
		}
		n.elem = el
	case *arrow.MapType:
		n.kind = kMap
		if t.KeyType().ID() != arrow.STRING {
			return nil, fmt.Errorf("%s: map key type %s: VRL object keys are strings", n.path, t.KeyType())
		}
		v, err := compile(t.ItemField(), n.path, false)
		if err != nil {
			return nil, err
		}
		v.path = n.path
		n.elem = v
		n.keys = &node{kind: kString, name: t.KeyField().Name, path: n.path, required: true, typ: t.KeyType()}
	default:
		return nil, fmt.Errorf("%s: column type %s cannot be filled from a VRL value", n.path, f.Type)
	}
	return n, nil
}

// Schema returns the Arrow schema rows are built for.
func (c *Caster) Schema() *arrow.Schema { return c.schema }

// Len returns the number of rows buffered since the last NewRecord.
func (c *Caster) Len() int { return c.rows }

// Bytes estimates the in-memory size of the buffered rows (string and
// binary payloads plus 8 bytes a scalar); writers use it to flush by size.
func (c *Caster) Bytes() int64 { return c.bytes }

// Error is a record that does not fit the schema.
type Error struct {
	// Path is the dotted data path with list indices ("dns.answers[1].ttl").
	Path string
	// Reason says what was expected and what was found.
	Reason string
}

func (e *Error) Error() string { return e.Path + ": " + e.Reason }

// pathErr is built while the walk unwinds; segments are pushed innermost
// first and joined once, so a failing record costs a few small
// allocations and a fitting one none.
type pathErr struct {
	segs   []string
	reason string
}

func (e *pathErr) Error() string { return e.reason }

func (e *pathErr) push(seg string) *pathErr {
	e.segs = append(e.segs, seg)
	return e
}

func (e *pathErr) final() *Error {
	var b strings.Builder
	for i := len(e.segs) - 1; i >= 0; i-- {
		s := e.segs[i]
		if b.Len() > 0 && !strings.HasPrefix(s, "[") {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	p := b.String()
	if p == "" {
		p = "."
	}
	return &Error{Path: p, Reason: e.reason}
}

// Append casts one event and appends it as a row. On failure nothing is
// appended and the error is an *Error.
func (c *Caster) Append(ev value.Value) error {
	if err := c.walk(ev); err != nil {
		return err
	}
	for _, id := range c.toSample {
		c.nodes[id].sampleRow(c.rows)
	}
	for _, d := range c.planDrops {
		c.drop(d.n, d.key)
	}
	// Do not pin the event's keys until the next row.
	clear(c.planDrops)
	c.planDrops = c.planDrops[:0]
	c.bytes += c.rowBytes
	c.rows++
	return nil
}

// Check reports whether ev fits, as Append would, without appending it
// (it appends and takes the row back: as costly as a failing Append).
func (c *Caster) Check(ev value.Value) error {
	err := c.walk(ev)
	if err == nil {
		c.rollback(ev.Obj())
	}
	clear(c.planDrops)
	c.planDrops = c.planDrops[:0]
	return err
}

// walk appends ev at row c.rows, or fails having taken back whatever it
// appended.
func (c *Caster) walk(ev value.Value) error {
	c.toSample, c.planDrops, c.rowBytes = c.toSample[:0], c.planDrops[:0], 0
	if ev.Type() != value.TypeObject {
		return &Error{Path: ".", Reason: "expected object, got " + describe(ev)}
	}
	if pe := c.putFields(c.root, ev.Obj()); pe != nil {
		c.rollback(ev.Obj())
		return pe.final()
	}
	return nil
}

// rollback takes the row being appended, the object o, back out of
// every column it touched. Those are the lazy columns o's keys lead to
// (struct fields, and the fields of lazy structs set to objects), found
// again as putFields found them; each held at most c.rows slots before
// the row (the nulls pad gave it are rows of their own and stay), so
// cutting it back to c.rows undoes the row, and does nothing to a column
// the failed walk did not reach (truncate keeps a column's length and
// payload when they are within the bound).
func (c *Caster) rollback(o *value.Object) { c.undo(c.root, o) }

func (c *Caster) undo(n *node, o *value.Object) {
	entries := o.Entries()
	for i := range entries {
		e := &entries[i]
		var f *node
		if n.index != nil {
			f = n.index[e.Key]
		} else {
			f, _ = child(n.byName, 0, e.Key)
		}
		if f == nil {
			continue
		}
		f.truncate(c.rows)
		if f.kind == kStruct && e.Value.Type() == value.TypeObject {
			c.undo(f, e.Value.Obj()) // a lazy struct's fields are lazy
		}
	}
}

// Release gives back the buffers of the rows not yet taken by NewRecord,
// and the shared all-null buffer. The caster is not used after.
func (c *Caster) Release() {
	for _, f := range c.root.fields {
		f.releaseBuffers()
	}
	if c.zeros != nil {
		c.zeros.Release()
		c.zeros = nil
	}
}

// Dropped returns, and clears, the count of dropped event fields by dotted
// path (fields of rows that were appended; a failed row drops nothing).
func (c *Caster) Dropped() map[string]int {
	out := make(map[string]int, len(c.drops))
	for k, v := range c.drops {
		out[join(k.n.path, k.key)] += v
	}
	clear(c.drops)
	return out
}

// drop counts a key the schema does not have. The key string points into
// the event; it is cloned only the first time it is seen so the map does
// not pin events.
func (c *Caster) drop(n *node, key string) {
	k := dropKey{n, key}
	if _, ok := c.drops[k]; ok {
		c.drops[k]++
		return
	}
	c.drops[dropKey{n, strings.Clone(key)}] = 1
}
