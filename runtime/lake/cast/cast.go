// Package cast turns VRL events into rows of a table's Arrow schema.
//
// The caster walks the schema, not the event: every column is looked up in
// the event, converted by the rules below and appended to an Arrow builder;
// whatever the event holds beyond the schema is dropped and counted by its
// dotted path. A record either fits entirely or fails entirely with a
// precise reason naming the path ("source.port: expected long, got string
// \"80\""), so the pipeline can sideline it; nothing is coerced silently.
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
// Append makes two passes: check (no side effects on the builders) then
// append (cannot fail). Arrow builders cannot take back a half-appended
// row, and a second pass is cheaper than rebuilding a batch on every
// sidelined record. Both passes are driven by the event, not the schema:
// check walks the event's entries, finds each one's column through a
// per-struct search and records (column, value) steps in a plan that the
// append pass replays, so a column the event does not set costs nothing
// per row (see node.lazy) and no lookup is done twice. Neither pass
// allocates on the success path except for the builders' own growth, the
// plan's growth to the widest event and the first sighting of a dropped
// path (BenchmarkCast, BenchmarkCastECS).
//
// NewRecord assembles the record itself rather than through the
// RecordBuilder: columns no row set share one zeroed buffer (nullData),
// and a caster sizes its builders for the next record from the last one
// (reserveBuilders), so a long-lived caster allocates each buffer once.
// Together these took BenchmarkCastECS from 9.8 KB and 11 allocations a
// row to 0.5 KB and 1, and 43% less time (BenchmarkCast: -50%).
package cast

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/extensions"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/uuid"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// Caster accumulates rows of one Arrow schema. It is not safe for
// concurrent use; the lake gives each table writer its own.
type Caster struct {
	schema *arrow.Schema
	rb     *array.RecordBuilder
	root   *node
	rows   int
	bytes  int64
	drops  map[dropKey]int

	// plan and planDrops are the check pass's output for Append: the
	// lazy columns the event sets, in pre-order (a struct before its
	// fields), and the keys it drops. Reused from row to row.
	plan      []step
	planDrops []dropKey

	// nodes is every column, list element and map value, for sizing
	// their builders; reserve is set by NewRecord and makes the next
	// Append size the builders from the record just built (see
	// reserveBuilders).
	nodes   []*node
	reserve bool

	// zeros backs every all-null column of every record (see nullData):
	// read-only, at least width*(rows+1) bytes, where width is the
	// widest slot of any column (offsets count 4 bytes).
	zeros *memory.Buffer
	width int

	// dictCols is DictionaryColumns' answer for the last record.
	dictCols []string
}

// step is one lazy column's value for the row being appended. v points
// into the event (an entry's value): 16 bytes a step, not a 24-byte copy.
type step struct {
	n *node
	v *value.Value
}

// null is value.Null for the required-field checks (check takes a pointer).
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

// node is one column (or list element / map value) with its builder.
type node struct {
	kind     kind
	name     string
	path     string // dotted path from the root, for reports
	required bool
	typ      arrow.DataType
	b        array.Builder

	// struct: children in schema order, in name order (searched by the
	// event-driven walks; a struct inside a list walks all of them, as it
	// must append a null to every absent field) and the required ones in
	// name order (checked in step with the event's sorted entries, so the
	// first failing field reported is the same as a by-name walk's).
	fields  []*node
	byName  []*node
	reqSort []*node

	elem *node // list element, map value

	precision, scale int32
	fixedLen         int

	// lazy columns (reached from the row through struct fields only)
	// have exactly one slot per row, so the nulls of the rows that did
	// not set them are implied by their builder's length: before a value
	// is appended at row r the builder is padded with r-Len() nulls (one
	// AppendNulls run), and NewRecord pads every lazy column to the row
	// count. A wide ECS table has ~1,500 leaves and an event sets a few
	// dozen; touching every absent column on every row was most of
	// BenchmarkCastECS. Nulls are interchangeable, so deferring them never
	// reorders values. List elements and map values are not lazy: their
	// builders must stay in step with the offsets and keys of their
	// parents.
	lazy bool

	// A lazy struct keeps its own validity bitmap instead of using its
	// StructBuilder: padding the builder with nulls pads every field
	// too, materialising the fields no event of the batch set, where
	// NewRecord gives those one shared all-null buffer (see finish).
	// valid covers rows [0, vlen); nulls counts its zero bits.
	valid       []byte
	vlen, nulls int

	// The sizes of the previous record's buffers, to reserve the next
	// one's up front (see reserveBuilders): slots, string payload bytes,
	// and for a map its keys' slots and bytes.
	hintLen, hintData, hintKeys, hintKeyData int

	// dictPath is the Parquet column path of a string column that is a
	// struct field or a list's element ("" for others): the columns
	// whose first values are sampled for DictionaryColumns. sampled
	// counts the values seen (up to dictSample), distinct holds the
	// different ones (up to dictSample/dictRatio+1).
	dictPath string
	sampled  int
	distinct map[string]struct{}
}

type dropKey struct {
	n   *node
	key string
}

// New compiles a caster for s. It fails on column types no VRL value can
// fill (a map whose keys are not strings, time-of-day).
func New(s *arrow.Schema) (*Caster, error) {
	rb := array.NewRecordBuilder(memory.DefaultAllocator, s)
	root := &node{kind: kStruct, required: true, lazy: true}
	for i, f := range s.Fields() {
		n, err := compile(f, "", rb.Field(i), true)
		if err != nil {
			rb.Release()
			return nil, err
		}
		root.fields = append(root.fields, n)
	}
	root.sortChildren()
	c := &Caster{schema: s, rb: rb, root: root, drops: map[dropKey]int{}, width: 4}
	for _, f := range root.fields {
		c.collect(f)
	}
	return c, nil
}

func (c *Caster) collect(n *node) {
	c.nodes = append(c.nodes, n)
	t := n.typ
	if ext, ok := t.(arrow.ExtensionType); ok {
		t = ext.StorageType()
	}
	if fw, ok := t.(arrow.FixedWidthDataType); ok {
		c.width = max(c.width, (fw.BitWidth()+7)/8)
	}
	for _, f := range n.fields {
		c.collect(f)
	}
	if n.elem != nil {
		c.collect(n.elem)
	}
}

func (n *node) sortChildren() {
	n.byName = append([]*node(nil), n.fields...)
	sort.Slice(n.byName, func(i, j int) bool { return n.byName[i].name < n.byName[j].name })
	n.reqSort = nil
	for _, f := range n.byName {
		if f.required {
			n.reqSort = append(n.reqSort, f)
		}
	}
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

func compile(f arrow.Field, prefix string, b array.Builder, lazy bool) (*node, error) {
	n := &node{name: f.Name, path: join(prefix, f.Name), required: !f.Nullable, typ: f.Type, b: b, lazy: lazy}
	switch t := f.Type.(type) {
	case *arrow.StringType:
		n.kind = kString
		if lazy {
			n.dictPath = n.path
		}
	case *arrow.BinaryType:
		n.kind = kBinary
	case *arrow.Int64Type:
		n.kind = kLong
	case *arrow.Int32Type:
		n.kind = kInt
	case *arrow.Float64Type:
		n.kind = kDouble
	case *arrow.Float32Type:
		n.kind = kFloat
	case *arrow.BooleanType:
		n.kind = kBool
	case *arrow.TimestampType:
		if t.Unit != arrow.Microsecond {
			return nil, fmt.Errorf("%s: timestamp unit %s, want microseconds", n.path, t.Unit)
		}
		n.kind = kTimestamp
	case *arrow.Date32Type:
		n.kind = kDate
	case *arrow.Decimal128Type:
		n.kind, n.precision, n.scale = kDecimal, t.Precision, t.Scale
	case *extensions.UUIDType:
		n.kind = kUUID
	case *arrow.FixedSizeBinaryType:
		n.kind, n.fixedLen = kFixed, t.ByteWidth
	case *arrow.StructType:
		n.kind = kStruct
		sb := b.(*array.StructBuilder)
		for i, c := range t.Fields() {
			cn, err := compile(c, n.path, sb.FieldBuilder(i), lazy)
			if err != nil {
				return nil, err
			}
			n.fields = append(n.fields, cn)
		}
		n.sortChildren()
	case *arrow.ListType:
		n.kind = kList
		el, err := compile(t.ElemField(), n.path, b.(*array.ListBuilder).ValueBuilder(), false)
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
		mb := b.(*array.MapBuilder)
		v, err := compile(t.ItemField(), n.path, mb.ItemBuilder(), false)
		if err != nil {
			return nil, err
		}
		v.path = n.path
		n.elem = v
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

// pathErr is built while the check pass unwinds; segments are pushed
// innermost first and joined once, so a failing record costs a few small
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
	if err := c.Check(ev); err != nil {
		return err
	}
	if c.reserve {
		c.reserveBuilders()
	}
	for _, s := range c.plan {
		c.appendLazy(s.n, s.v)
	}
	for _, d := range c.planDrops {
		c.drop(d.n, d.key)
	}
	// Do not pin the event's values until the next row.
	clear(c.plan)
	clear(c.planDrops)
	c.plan, c.planDrops = c.plan[:0], c.planDrops[:0]
	c.rows++
	return nil
}

// Check reports whether ev fits, as Append would, without appending it.
func (c *Caster) Check(ev value.Value) error {
	c.plan, c.planDrops = c.plan[:0], c.planDrops[:0]
	if ev.Type() != value.TypeObject {
		return &Error{Path: ".", Reason: "expected object, got " + describe(ev)}
	}
	if pe := c.checkStruct(c.root, ev.Obj()); pe != nil {
		return pe.final()
	}
	return nil
}

// NewRecord returns the buffered rows as a record batch and resets the
// caster. The caller owns (and must Release) the batch.
func (c *Caster) NewRecord() arrow.RecordBatch {
	c.dictCols = c.dictCols[:0]
	for _, n := range c.nodes {
		n.noteSize()
		if n.dictPath != "" && n.sampled > 0 {
			if d := len(n.distinct); d >= 2 && d*dictRatio <= n.sampled {
				c.dictCols = append(c.dictCols, n.dictPath)
			}
			n.sampled = 0
			clear(n.distinct)
		}
	}
	if need := c.width * (c.rows + 1); c.zeros == nil || c.zeros.Len() < need {
		// Records in flight keep their reference to the old buffer.
		if c.zeros != nil {
			c.zeros.Release()
		}
		c.zeros = memory.NewBufferBytes(make([]byte, need))
	}
	cols := make([]arrow.Array, len(c.root.fields))
	for i, f := range c.root.fields {
		d := c.finish(f, c.rows)
		cols[i] = array.MakeFromData(d)
		d.Release()
	}
	rec := array.NewRecordBatch(c.schema, cols, int64(c.rows))
	for _, a := range cols {
		a.Release()
	}
	c.rows, c.bytes = 0, 0
	c.reserve = true
	return rec
}

// Dictionary sampling: see DictionaryColumns.
const (
	dictSample = 1024
	dictRatio  = 4
)

// DictionaryColumns returns the Parquet paths of the string columns (struct
// fields and list elements) of the record NewRecord last returned that
// are worth dictionary-encoding: the first dictSample values the column
// got in that record hold at least two and at most one in dictRatio
// different values. The writer disables dictionaries for all other
// columns. The Parquet writer hashes every value of a dictionary column
// (and allocates for it); for a column of ids that is wasted, as it
// falls back to plain once the dictionary outgrows its values, and for a
// constant column plain pages compress as well. The sample costs one map
// lookup for each of a column's first 1,024 values per record.
func (c *Caster) DictionaryColumns() []string { return c.dictCols }

// sample records s, a value of a sampled string column.
func (n *node) sample(s string) {
	n.sampled++
	if len(n.distinct) > dictSample/dictRatio {
		return // over the ratio already: stop growing the map
	}
	if _, ok := n.distinct[s]; !ok {
		if n.distinct == nil {
			n.distinct = make(map[string]struct{})
		}
		n.distinct[strings.Clone(s)] = struct{}{} // not pinning the event
	}
}

// finish returns the data of lazy column n, rows slots, and resets its
// builder. A column no row of the batch set is all null (nullData); one
// that was set is padded with its deferred nulls (one run).
func (c *Caster) finish(n *node, rows int) arrow.ArrayData {
	if n.kind == kStruct {
		return c.finishStruct(n, rows)
	}
	if n.b.Len() == 0 {
		return c.nullData(n.typ, rows)
	}
	if d := rows - n.b.Len(); d > 0 {
		n.b.AppendNulls(d)
	}
	a := n.b.NewArray()
	defer a.Release()
	d := a.Data()
	d.Retain()
	return d
}

// finishStruct builds a lazy struct's data from its own validity bitmap
// and its fields' data (see node.valid).
func (c *Caster) finishStruct(n *node, rows int) arrow.ArrayData {
	if n.vlen == 0 {
		return c.nullData(n.typ, rows)
	}
	n.setValidity(rows, false)
	children := make([]arrow.ArrayData, len(n.fields))
	for i, f := range n.fields {
		children[i] = c.finish(f, rows)
		defer children[i].Release()
	}
	// The bitmap moves to the array; the next batch starts a new one.
	bitmap := memory.NewBufferBytes(n.valid[:bitutil.BytesForBits(int64(rows))])
	nulls := n.nulls
	n.valid, n.vlen, n.nulls = nil, 0, 0
	return array.NewData(n.typ, rows, []*memory.Buffer{bitmap}, children, nulls, 0)
}

// nullData is an all-null column of type t: every buffer, its own and
// its descendants', is the caster's zeroed buffer (zero validity bits,
// zero offsets, zero values). A wide ECS table has hundreds of columns
// no event of a batch sets; padding each one's builder slot by slot and
// handing its own buffers to the writer was three quarters of
// BenchmarkCastECS's time and nearly all its memory (9.8 KB a row).
func (c *Caster) nullData(t arrow.DataType, rows int) arrow.ArrayData {
	st := t
	if ext, ok := t.(arrow.ExtensionType); ok {
		st = ext.StorageType()
	}
	z := c.zeros
	var bufs []*memory.Buffer
	var children []arrow.ArrayData
	switch st := st.(type) {
	case *arrow.StructType:
		bufs = []*memory.Buffer{z}
		for _, f := range st.Fields() {
			children = append(children, c.nullData(f.Type, rows))
		}
	case arrow.ListLikeType: // list, map: zero offsets, empty values
		bufs = []*memory.Buffer{z, z}
		children = []arrow.ArrayData{c.nullData(st.ElemField().Type, 0)}
	case arrow.BinaryDataType:
		bufs = []*memory.Buffer{z, z, z}
	default: // fixed width: compile admits no other leaf
		bufs = []*memory.Buffer{z, z}
	}
	d := array.NewData(t, rows, bufs, children, rows, 0)
	for _, ch := range children {
		ch.Release()
	}
	return d
}

// setValidity extends a lazy struct's bitmap to rows+1 slots: nulls for
// the rows in between, then bit rows set to ok. With rows == the row
// count and ok false it pads to the end of the batch instead (NewRecord).
func (n *node) setValidity(row int, ok bool) {
	end := row
	if ok {
		end = row + 1
	}
	if need := int(bitutil.BytesForBits(int64(end))); need > len(n.valid) {
		if need > cap(n.valid) {
			n.valid = slices.Grow(n.valid, max(need, n.hintLen/8+1, 2*cap(n.valid))-len(n.valid))
		}
		n.valid = n.valid[:need] // bytes past the old length are zero
	}
	n.nulls += row - n.vlen
	if ok {
		bitutil.SetBit(n.valid, row)
	}
	n.vlen = end
}

// noteSize records the size of n's buffers in the record being built,
// before NewRecord resets them.
func (n *node) noteSize() {
	if n.lazy && n.kind == kStruct {
		n.hintLen = n.vlen
		return
	}
	n.hintLen = n.b.Len()
	switch n.kind {
	case kString:
		n.hintData = n.b.(*array.StringBuilder).DataLen()
	case kBinary:
		n.hintData = n.b.(*array.BinaryBuilder).DataLen()
	case kMap:
		kb := n.b.(*array.MapBuilder).KeyBuilder().(*array.StringBuilder)
		n.hintKeys, n.hintKeyData = kb.Len(), kb.DataLen()
	}
}

// reserveBuilders sizes every builder that was used in the previous
// record to that record's size, on the first row after NewRecord (not in
// NewRecord itself: after a batch's last flush no row follows). Batches
// of one table are alike, so each buffer is allocated once instead of
// doubling from 32 slots up: the doubling's copies and the zeroing of
// new capacity were most of the cast's string appends in the ingest
// profile. A column the previous record never set stays unsized (in a
// wide table most are).
func (c *Caster) reserveBuilders() {
	c.reserve = false
	for _, n := range c.nodes {
		if n.hintLen == 0 || n.lazy && n.kind == kStruct {
			continue
		}
		n.b.Reserve(n.hintLen)
		switch n.kind {
		case kString:
			n.b.(*array.StringBuilder).ReserveData(n.hintData)
		case kBinary:
			n.b.(*array.BinaryBuilder).ReserveData(n.hintData)
		case kMap:
			kb := n.b.(*array.MapBuilder).KeyBuilder().(*array.StringBuilder)
			kb.Reserve(n.hintKeys)
			kb.ReserveData(n.hintKeyData)
		}
	}
}

// Release frees the builders.
func (c *Caster) Release() { c.rb.Release() }

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

// ---- check pass ----

// checkStruct checks an object against struct n by walking the object's
// entries (sorted by key) and, in step with them, n's required fields (in
// name order), so errors come in field-name order. For a lazy struct it
// records the plan: the fields the object sets and the keys it drops.
func (c *Caster) checkStruct(n *node, o *value.Object) *pathErr {
	req := n.reqSort
	j := 0
	by := n.byName
	k := 0 // by[:k] sort before every remaining entry
	entries := o.Entries()
	for i := range entries {
		e := &entries[i]
		for j < len(req) && req[j].name < e.Key {
			return c.check(req[j], &null).push(req[j].name)
		}
		var f *node
		f, k = child(by, k, e.Key)
		if f == nil {
			if n.lazy {
				c.planDrops = append(c.planDrops, dropKey{n, e.Key})
			}
			continue
		}
		if j < len(req) && req[j] == f {
			j++
		}
		if pe := c.check(f, &e.Value); pe != nil {
			return pe.push(f.name)
		}
	}
	if j < len(req) {
		return c.check(req[j], &null).push(req[j].name)
	}
	return nil
}

// child finds the field named key in by[k:] (sorted by name), given that
// the keys searched come in increasing order, and returns it (nil if the
// schema has no such field) with the position to search the next key
// from. The next field is tried first: in a narrow table the event sets
// most fields, so the match is usually there; otherwise a binary search
// skips the absent fields of a wide struct (an ECS table's event sets a
// few of each struct's dozens of fields) without comparing each.
func child(by []*node, k int, key string) (*node, int) {
	if k >= len(by) {
		return nil, k
	}
	if f := by[k]; f.name == key {
		return f, k + 1
	} else if f.name > key {
		return nil, k
	}
	lo, hi := k+1, len(by)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if by[m].name < key {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(by) && by[lo].name == key {
		return by[lo], lo + 1
	}
	return nil, lo
}

func mismatch(n *node, v value.Value) *pathErr {
	return &pathErr{reason: "expected " + n.typeName() + ", got " + describe(v)}
}

func (n *node) typeName() string {
	switch n.kind {
	case kDecimal:
		return fmt.Sprintf("decimal(%d,%d)", n.precision, n.scale)
	case kFixed:
		return fmt.Sprintf("fixed(%d)", n.fixedLen)
	case kList:
		return "list"
	case kStruct:
		return "struct"
	}
	return kindNames[n.kind]
}

// check checks v against column n and, for a lazy column, adds it to the
// plan (a struct before its fields, which its checkStruct adds).
func (c *Caster) check(n *node, v *value.Value) *pathErr {
	t := v.Type()
	if t == value.TypeNull {
		if n.required {
			return &pathErr{reason: "required " + n.typeName() + " is missing"}
		}
		return nil
	}
	if n.lazy {
		c.plan = append(c.plan, step{n, v})
	}
	switch n.kind {
	case kString:
		if t != value.TypeBytes {
			return mismatch(n, *v)
		}
		if !utf8.ValidString(v.Str()) {
			return &pathErr{reason: "expected string, got bytes that are not valid UTF-8"}
		}
	case kBinary:
		if t != value.TypeBytes {
			return mismatch(n, *v)
		}
	case kLong:
		if t != value.TypeInteger {
			return mismatch(n, *v)
		}
	case kInt:
		if t != value.TypeInteger {
			return mismatch(n, *v)
		}
		if i := v.Int(); i < math.MinInt32 || i > math.MaxInt32 {
			return &pathErr{reason: "integer " + strconv.FormatInt(i, 10) + " out of range for int"}
		}
	case kDouble:
		if t != value.TypeFloat && t != value.TypeInteger {
			return mismatch(n, *v)
		}
	case kFloat:
		switch t {
		case value.TypeInteger:
		case value.TypeFloat:
			if f := v.Flt(); math.Abs(f) > math.MaxFloat32 && !math.IsInf(f, 0) {
				return &pathErr{reason: "float " + value.FormatFloat(f) + " out of range for float"}
			}
		default:
			return mismatch(n, *v)
		}
	case kBool:
		if t != value.TypeBoolean {
			return mismatch(n, *v)
		}
	case kTimestamp, kDate:
		if t != value.TypeTimestamp {
			return mismatch(n, *v)
		}
	case kDecimal:
		if t != value.TypeInteger && t != value.TypeFloat {
			return mismatch(n, *v)
		}
		if _, err := decimalOf(n, *v); err != nil {
			return &pathErr{reason: err.Error()}
		}
	case kUUID:
		if t != value.TypeBytes {
			return mismatch(n, *v)
		}
		if len(v.Str()) != 36 {
			return &pathErr{reason: "expected uuid, got " + describe(*v)}
		}
		if _, err := uuid.Parse(v.Str()); err != nil {
			return &pathErr{reason: "expected uuid, got " + describe(*v)}
		}
	case kFixed:
		if t != value.TypeBytes {
			return mismatch(n, *v)
		}
		if len(v.Str()) != n.fixedLen {
			return &pathErr{reason: fmt.Sprintf("expected fixed(%d), got %d bytes", n.fixedLen, len(v.Str()))}
		}
	case kStruct:
		if t != value.TypeObject {
			return mismatch(n, *v)
		}
		return c.checkStruct(n, v.Obj())
	case kList:
		if t != value.TypeArray {
			return mismatch(n, *v)
		}
		items := v.Arr().Items
		for i := range items {
			if pe := c.check(n.elem, &items[i]); pe != nil {
				return pe.push("[" + strconv.Itoa(i) + "]")
			}
		}
	case kMap:
		if t != value.TypeObject {
			return mismatch(n, *v)
		}
		entries := v.Obj().Entries()
		for i := range entries {
			e := &entries[i]
			if pe := c.check(n.elem, &e.Value); pe != nil {
				return pe.push(e.Key)
			}
		}
	}
	return nil
}

func decimalOf(n *node, v value.Value) (decimal128.Num, error) {
	var s string
	if v.Type() == value.TypeInteger {
		s = strconv.FormatInt(v.Int(), 10)
	} else {
		f := v.Flt()
		if math.IsInf(f, 0) {
			return decimal128.Num{}, fmt.Errorf("float %s does not fit %s", value.FormatFloat(f), n.typeName())
		}
		s = strconv.FormatFloat(f, 'f', -1, 64)
		if dot := strings.IndexByte(s, '.'); dot >= 0 && len(s)-dot-1 > int(n.scale) {
			return decimal128.Num{}, fmt.Errorf("float %s has more than %d fraction digits for %s", s, n.scale, n.typeName())
		}
	}
	num, err := decimal128.FromString(s, n.precision, n.scale)
	if err != nil {
		return decimal128.Num{}, fmt.Errorf("%s does not fit %s", s, n.typeName())
	}
	return num, nil
}

// describe renders a value for an error message: its VRL kind, and for
// scalars the value itself (strings quoted and cut at 40 bytes).
func describe(v value.Value) string {
	switch v.Type() {
	case value.TypeBytes:
		s := v.Str()
		if len(s) > 40 {
			return "string " + strconv.Quote(s[:40]) + "…"
		}
		return "string " + strconv.Quote(s)
	case value.TypeInteger:
		return "integer " + strconv.FormatInt(v.Int(), 10)
	case value.TypeFloat:
		return "float " + value.FormatFloat(v.Flt())
	case value.TypeBoolean:
		return "boolean " + strconv.FormatBool(v.Bool())
	case value.TypeTimestamp:
		return "timestamp " + value.FormatRFC3339(v.Time())
	}
	return v.Type().String()
}

// ---- append pass (cannot fail: check ran first) ----

// appendLazy appends the value of a lazy column at the current row after
// padding its builder with the nulls of the rows that did not set it. A
// struct gets its validity bit only: its fields are steps of their own.
func (c *Caster) appendLazy(n *node, v *value.Value) {
	if n.kind == kStruct {
		n.setValidity(c.rows, true)
		return
	}
	if d := c.rows - n.b.Len(); d > 0 {
		n.b.AppendNulls(d)
	}
	c.appendValue(n, *v)
}

// appendStruct appends an object to a struct column that is not lazy (a
// list element's or map value's struct): every field gets a slot, null if
// the object does not set it.
func (c *Caster) appendStruct(n *node, o *value.Object) {
	n.b.(*array.StructBuilder).Append(true)
	entries := o.Entries()
	i := 0
	for _, f := range n.byName {
		for i < len(entries) && entries[i].Key < f.name {
			c.drop(n, entries[i].Key)
			i++
		}
		if i < len(entries) && entries[i].Key == f.name {
			c.appendValue(f, entries[i].Value)
			i++
		} else {
			c.appendValue(f, value.Null)
		}
	}
	for ; i < len(entries); i++ {
		c.drop(n, entries[i].Key)
	}
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

// appendValue appends v to n's builder: for a lazy column only through
// appendLazy (never null), otherwise for every slot.
func (c *Caster) appendValue(n *node, v value.Value) {
	if v.Type() == value.TypeNull {
		n.b.AppendNull()
		return
	}
	switch n.kind {
	case kString:
		s := v.Str()
		n.b.(*array.StringBuilder).Append(s)
		c.bytes += int64(len(s))
		if n.sampled < dictSample && n.dictPath != "" {
			n.sample(s)
		}
		return
	case kBinary:
		s := v.Str()
		// BinaryBuilder copies; AppendString avoids converting to []byte.
		n.b.(*array.BinaryBuilder).AppendString(s)
		c.bytes += int64(len(s))
		return
	case kLong:
		n.b.(*array.Int64Builder).Append(v.Int())
	case kInt:
		n.b.(*array.Int32Builder).Append(int32(v.Int()))
	case kDouble:
		if v.Type() == value.TypeInteger {
			n.b.(*array.Float64Builder).Append(float64(v.Int()))
		} else {
			n.b.(*array.Float64Builder).Append(v.Flt())
		}
	case kFloat:
		if v.Type() == value.TypeInteger {
			n.b.(*array.Float32Builder).Append(float32(v.Int()))
		} else {
			n.b.(*array.Float32Builder).Append(float32(v.Flt()))
		}
	case kBool:
		n.b.(*array.BooleanBuilder).Append(v.Bool())
	case kTimestamp:
		n.b.(*array.TimestampBuilder).Append(arrow.Timestamp(v.Time().UnixMicro()))
	case kDate:
		n.b.(*array.Date32Builder).Append(arrow.Date32FromTime(v.Time()))
	case kDecimal:
		num, _ := decimalOf(n, v)
		n.b.(*array.Decimal128Builder).Append(num)
		c.bytes += 8
	case kUUID:
		n.b.(*extensions.UUIDBuilder).Append(uuid.MustParse(v.Str()))
	case kFixed:
		n.b.(*array.FixedSizeBinaryBuilder).Append([]byte(v.Str()))
		c.bytes += int64(n.fixedLen)
		return
	case kStruct:
		c.appendStruct(n, v.Obj())
		return
	case kList:
		lb := n.b.(*array.ListBuilder)
		lb.Append(true)
		for _, it := range v.Arr().Items {
			c.appendValue(n.elem, it)
		}
		return
	case kMap:
		mb := n.b.(*array.MapBuilder)
		mb.Append(true)
		kb := mb.KeyBuilder().(*array.StringBuilder)
		for _, e := range v.Obj().Entries() {
			kb.Append(e.Key)
			c.bytes += int64(len(e.Key))
			c.appendValue(n.elem, e.Value)
		}
		return
	}
	c.bytes += 8
}
