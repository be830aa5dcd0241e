package cast

import (
	"encoding/binary"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// The caster builds its columns in buffers of its own instead of Arrow's
// builders, for three reasons the ingest profile gave (CloudTrail, 8.1 µs
// a row in the cast, 2.7 of them in StringBuilder.Append):
//
//   - a column can be cut back to its length before a row (truncate), so
//     one walk both checks and appends, and a row that fails halfway is
//     taken back exactly; the builders cannot, which cost a whole second
//     pass over every event;
//   - space is never zeroed before it is written: the builders clear every
//     byte they reserve, though each one is about to be overwritten (only
//     null slots are cleared here, as Arrow wants their bytes defined);
//   - a column that has no null in a record has no validity bitmap at all,
//     and appending to it writes only its values.
//
// Every byte comes from the caster's allocator (memory.Buffer's Reserve),
// and the buffers move into the record at NewRecord, so an allocator that
// pools can take them back when the record is released.

// buffer is one growable buffer of a column: bytes from the allocator,
// written in place up to the length its column keeps.
type buffer struct {
	mb *memory.Buffer // nil until the record's first write
	b  []byte         // mb.Buf(): the whole capacity
}

// reserve makes the buffer hold at least need bytes. It grows to twice
// its size, or to hint (the size the previous record ended with) and a
// sixteenth if larger, so a table's buffers are allocated once per
// record. The margin is for a record a little larger than the last one
// (records end at a size threshold, at whichever row crosses it): with
// the hint exact, 37 of a 200,000-line ingest's ~180 large column
// buffers outgrew it by a few bytes and doubled, copying 41 MB.
func (x *buffer) reserve(mem memory.Allocator, need, hint int) {
	if need <= len(x.b) {
		return
	}
	x.grow(mem, need, hint)
}

func (x *buffer) grow(mem memory.Allocator, need, hint int) {
	if x.mb == nil {
		x.mb = memory.NewResizableBuffer(mem)
	}
	x.mb.Reserve(max(need, 2*len(x.b), hint+hint/16, 64))
	x.b = x.mb.Buf()
}

// take hands the buffer, n bytes long, to a record (the caller owns the
// reference) and leaves this one empty for the next record.
func (x *buffer) take(mem memory.Allocator, n int) *memory.Buffer {
	if x.mb == nil {
		x.grow(mem, 1, 0) // an empty column still has its buffer
	}
	mb := x.mb
	mb.ResizeNoShrink(n)
	x.mb, x.b = nil, nil
	return mb
}

// release gives back a buffer that never reached a record.
func (x *buffer) release() {
	if x.mb != nil {
		x.mb.Release()
	}
	x.mb, x.b = nil, nil
}

// put32 and put64 store little-endian, as Arrow's buffers are.
func put32(b []byte, i int, v uint32) { binary.LittleEndian.PutUint32(b[4*i:], v) }
func put64(b []byte, i int, v uint64) { binary.LittleEndian.PutUint64(b[8*i:], v) }

// off is offset i of a string, binary, list or map column: where slot i
// starts in its data or child. Offset 0 is written with the first slot;
// an empty column has none, and reads 0.
func (n *node) off(i int) int {
	if i == 0 {
		return 0
	}
	return int(binary.LittleEndian.Uint32(n.vals.b[4*i:]))
}

// valid marks the slot being appended (n.len) valid, in the bitmap if
// the column has one yet. Split from setValid so that the usual case, a
// column with no null yet, inlines into every append.
func (n *node) valid() {
	if n.bitmap {
		n.setValid()
	}
}

func (n *node) setValid() {
	n.bits.reserve(n.mem, n.len/8+1, n.hintLen/8+1)
	bitutil.SetBit(n.bits.b, n.len)
}

// pad gives a lazy column the null slots of the rows before row that did
// not set it (see node.lazy).
func (n *node) pad(row int) {
	if n.len < row {
		n.appendNulls(row - n.len)
	}
}

// padTo is pad out of line, for begin, which must stay small enough to
// inline: inlined, its call to appendNulls would count against begin.
//
//go:noinline
func (n *node) padTo(row int) { n.appendNulls(row - n.len) }

// appendNulls appends k null slots. The first null of a record makes the
// bitmap, with the slots before it valid. Null slots' values are written
// too (zero, or an empty range of the data), as Arrow defines them.
func (n *node) appendNulls(k int) {
	i, end := n.len, n.len+k
	n.bits.reserve(n.mem, int(bitutil.BytesForBits(int64(end))), n.hintLen/8+1)
	if !n.bitmap {
		n.bitmap = true
		bitutil.SetBitsTo(n.bits.b, 0, int64(i), true)
	}
	bitutil.SetBitsTo(n.bits.b, int64(i), int64(k), false)
	switch n.kind {
	case kString, kBinary, kList, kMap:
		n.vals.reserve(n.mem, 4*(end+1), 4*(n.hintLen+1))
		o := uint32(n.off(i))
		for j := i; j <= end; j++ {
			put32(n.vals.b, j, o)
		}
	case kBool:
		n.vals.reserve(n.mem, int(bitutil.BytesForBits(int64(end))), n.hintLen/8+1)
		bitutil.SetBitsTo(n.vals.b, int64(i), int64(k), false)
	case kStruct:
		if !n.lazy {
			for _, f := range n.fields {
				f.appendNulls(k)
			}
		}
	default: // fixed width
		w := n.width
		n.vals.reserve(n.mem, w*end, w*n.hintLen)
		clear(n.vals.b[w*i : w*end])
	}
	n.len = end
}

// appendBytes appends a string or binary slot (and a map key). Both
// buffers are checked for room at once and grown out of line, and the
// payload is copied last, so that little stays live across a call: the
// two reserve calls' spills and reloads were a third of its instructions
// (67 a string on BenchmarkCastCloudTrail, where 30 of an event's values
// are strings; 60 after, of which the copy is 14). Short strings now take
// appendString instead.
func (n *node) appendBytes(s string) {
	if 4*(n.len+2) > len(n.vals.b) || n.dlen+len(s) > len(n.data.b) {
		n.growBytes(len(s))
	}
	i, start := n.len, n.dlen
	end := start + len(s)
	vals := n.vals.b
	if i == 0 {
		put32(vals, 0, 0)
	}
	put32(vals, i+1, uint32(end))
	n.dlen = end
	n.valid()
	n.len = i + 1
	copy(n.data.b[start:end], s)
}

// appendString appends s to string column n if it is valid UTF-8, and
// reports whether it was. A string of up to 32 bytes (most of a log's) is
// copied with the loads that check it, one to four words that overlap
// rather than a loop: checking and copying apart (validString,
// appendBytes, the runtime's memmove) cost 117 instructions a string on
// BenchmarkCastCloudTrail, this 82 (26 of its 30 strings are this
// short). The stores go only to bytes past the column's payload, which
// stay garbage if s is not valid; a longer string is checked, then
// copied.
func (n *node) appendString(s string) bool {
	if len(s) > 32 {
		if !validString(s) {
			return false
		}
		n.appendBytes(s)
		return true
	}
	if 4*(n.len+2) > len(n.vals.b) || n.dlen+len(s) > len(n.data.b) {
		n.growBytes(len(s))
	}
	start := n.dlen
	end := start + len(s)
	d := n.data.b[start:end]
	var hi uint64
	switch l := len(s); {
	case l >= 16: // four words cover 16 to 32 bytes
		a, b, c, e := word(s), word(s[8:]), word(s[l-16:]), word(s[l-8:])
		hi = a | b | c | e
		put64(d[l-16:], 0, c)
		put64(d[l-8:], 0, e)
		put64(d, 0, a)
		put64(d, 1, b)
	case l >= 8:
		a, b := word(s), word(s[l-8:])
		hi = a | b
		put64(d[l-8:], 0, b)
		put64(d, 0, a)
	case l >= 4:
		a, b := half(s), half(s[l-4:])
		hi = uint64(a | b)
		put32(d[l-4:], 0, b)
		put32(d, 0, a)
	case l > 0: // 1 to 3 bytes
		a, b, c := s[0], s[l/2], s[l-1]
		hi = uint64(a | b | c)
		d[l-1], d[l/2], d[0] = c, b, a
	}
	if hi&hiBits != 0 && !utf8.ValidString(s) {
		return false
	}
	i := n.len
	vals := n.vals.b
	if i == 0 {
		put32(vals, 0, 0)
	}
	put32(vals, i+1, uint32(end))
	n.dlen = end
	n.valid()
	n.len = i + 1
	return true
}

// growBytes is appendBytes' growth: room for one more slot and k more
// payload bytes.
//
//go:noinline
func (n *node) growBytes(k int) {
	n.vals.reserve(n.mem, 4*(n.len+2), 4*(n.hintLen+1))
	n.data.reserve(n.mem, n.dlen+k, n.hintData)
}

// append64 appends an 8-byte slot (long, double, timestamp).
func (n *node) append64(v uint64) {
	n.vals.reserve(n.mem, 8*(n.len+1), 8*n.hintLen)
	put64(n.vals.b, n.len, v)
	n.valid()
	n.len++
}

// append32 appends a 4-byte slot (int, float, date).
func (n *node) append32(v uint32) {
	n.vals.reserve(n.mem, 4*(n.len+1), 4*n.hintLen)
	put32(n.vals.b, n.len, v)
	n.valid()
	n.len++
}

// appendBool appends a boolean slot (values are bits).
func (n *node) appendBool(v bool) {
	n.vals.reserve(n.mem, n.len/8+1, n.hintLen/8+1)
	if v {
		bitutil.SetBit(n.vals.b, n.len)
	} else {
		bitutil.ClearBit(n.vals.b, n.len)
	}
	n.valid()
	n.len++
}

// appendFixed appends a slot of n.width bytes (decimal, uuid, fixed),
// held in a slice or a string.
func appendFixed[B []byte | string](n *node, b B) {
	w := n.width
	n.vals.reserve(n.mem, w*(n.len+1), w*n.hintLen)
	copy(n.vals.b[w*n.len:w*(n.len+1)], b)
	n.valid()
	n.len++
}

// endList closes the list or map slot being appended, whose children end
// at child.
func (n *node) endList(child int) {
	i := n.len
	n.vals.reserve(n.mem, 4*(i+2), 4*(n.hintLen+1))
	if i == 0 {
		put32(n.vals.b, 0, 0)
	}
	put32(n.vals.b, i+1, uint32(child))
	n.valid()
	n.len++
}

// endStruct closes the struct slot being appended (its fields are
// already appended, or, for a lazy struct, their own concern).
func (n *node) endStruct() {
	n.valid()
	n.len++
}

// truncate cuts the column back to at most l slots, and its children to
// what those slots hold: the undo of a row that failed partway (see
// Caster.rollback). Slots, payload and children beyond the new length
// are left as garbage that the next appends overwrite; a bitmap made by
// the failed row stays, with the surviving slots' bits correct.
func (n *node) truncate(l int) {
	if n.len > l {
		n.len = l
	}
	switch n.kind {
	case kString, kBinary:
		n.dlen = n.off(n.len)
	case kStruct:
		if !n.lazy {
			for _, f := range n.fields {
				f.truncate(n.len)
			}
		}
	case kList:
		n.elem.truncate(n.off(n.len))
	case kMap:
		k := n.off(n.len)
		n.keys.truncate(k)
		n.elem.truncate(k)
	}
}

// releaseBuffers gives back the buffers of n and its children that did
// not reach a record (Caster.Release).
func (n *node) releaseBuffers() {
	n.bits.release()
	n.vals.release()
	n.data.release()
	n.len, n.dlen, n.bitmap = 0, 0, false
	for _, f := range n.fields {
		f.releaseBuffers()
	}
	if n.elem != nil {
		n.elem.releaseBuffers()
	}
	if n.keys != nil {
		n.keys.releaseBuffers()
	}
}
