package cast

import (
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// NewRecord returns the buffered rows as a record batch and resets the
// caster. The caller owns (and must Release) the batch; its buffers come
// from the caster's allocator and go back to it when the batch is
// released.
func (c *Caster) NewRecord() arrow.RecordBatch {
	c.dictCols = c.dictCols[:0]
	for _, n := range c.nodes {
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
		c.zeros = memory.NewResizableBuffer(c.mem)
		c.zeros.Resize(need)
		clear(c.zeros.Bytes()) // an allocator that pools hands out used bytes
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

// sampleRow samples the values lazy column n got at row, once the row is
// in (a failed row's values are not sampled): a string column's value, or
// a list's string elements. put lists each column at most once a row.
func (n *node) sampleRow(row int) {
	switch {
	case n.kind == kString:
		if n.sampled < dictSample {
			n.sample(n.str(row))
		}
	case n.kind == kList && n.elem.dictPath != "":
		el := n.elem
		for i, end := n.off(row), n.off(row+1); i < end && el.sampled < dictSample; i++ {
			if el.bitmap && !bitutil.BitIsSet(el.bits.b, i) {
				continue // a null element: nothing to sample
			}
			el.sample(el.str(i))
		}
	}
}

// str is slot i of a string column, pointing into its buffer.
func (n *node) str(i int) []byte { return n.data.b[n.off(i):n.off(i+1)] }

// sample records s, a value of a sampled string column.
func (n *node) sample(s []byte) {
	n.sampled++
	if len(n.distinct) > dictSample/dictRatio {
		return // over the ratio already: stop growing the map
	}
	if _, ok := n.distinct[string(s)]; !ok {
		if n.distinct == nil {
			n.distinct = make(map[string]struct{})
		}
		n.distinct[strings.Clone(string(s))] = struct{}{}
	}
}

// finish returns the data of column n, rows slots, and hands its buffers
// to it. A lazy column no row of the batch set is all null (nullData);
// one that was set is padded with its deferred nulls (one run).
func (c *Caster) finish(n *node, rows int) arrow.ArrayData {
	if n.len == 0 {
		// Buffers a failed row made stay for the next record; the
		// next record allocates like the first (no size hint).
		n.hintLen, n.hintData, n.bitmap = 0, 0, false
		return c.nullData(n.typ, rows)
	}
	if n.lazy {
		n.pad(rows)
	}
	l := n.len
	var bits *memory.Buffer
	nulls := 0
	if n.bitmap {
		bits = n.bits.take(c.mem, int(bitutil.BytesForBits(int64(l))))
		nulls = l - bitutil.CountSetBits(bits.Bytes(), 0, l)
	}
	var bufs []*memory.Buffer
	var children []arrow.ArrayData
	n.hintLen, n.hintData = l, n.dlen
	switch n.kind {
	case kString, kBinary:
		bufs = []*memory.Buffer{bits, n.vals.take(c.mem, 4*(l+1)), n.data.take(c.mem, n.dlen)}
	case kBool:
		bufs = []*memory.Buffer{bits, n.vals.take(c.mem, int(bitutil.BytesForBits(int64(l))))}
	case kStruct:
		bufs = []*memory.Buffer{bits}
		children = make([]arrow.ArrayData, len(n.fields))
		for i, f := range n.fields {
			children[i] = c.finish(f, l)
		}
	case kList:
		end := n.off(l)
		bufs = []*memory.Buffer{bits, n.vals.take(c.mem, 4*(l+1))}
		children = []arrow.ArrayData{c.finish(n.elem, end)}
	case kMap:
		end := n.off(l)
		bufs = []*memory.Buffer{bits, n.vals.take(c.mem, 4*(l+1))}
		kv := []arrow.ArrayData{c.finish(n.keys, end), c.finish(n.elem, end)}
		entries := array.NewData(n.typ.(*arrow.MapType).ElemField().Type, end, []*memory.Buffer{nil}, kv, 0, 0)
		kv[0].Release()
		kv[1].Release()
		children = []arrow.ArrayData{entries}
	default: // fixed width
		bufs = []*memory.Buffer{bits, n.vals.take(c.mem, n.width*l)}
	}
	n.len, n.dlen, n.bitmap = 0, 0, false
	d := array.NewData(n.typ, l, bufs, children, nulls, 0)
	for _, b := range bufs {
		if b != nil {
			b.Release() // the data holds them now
		}
	}
	for _, ch := range children {
		ch.Release()
	}
	return d
}

// nullData is an all-null column of type t: every buffer, its own and
// its descendants', is the caster's zeroed buffer (zero validity bits,
// zero offsets, zero values). A wide ECS table has hundreds of columns
// no event of a batch sets; padding each one slot by slot and handing its
// own buffers to the writer was three quarters of BenchmarkCastECS's time
// and nearly all its memory (9.8 KB a row).
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
