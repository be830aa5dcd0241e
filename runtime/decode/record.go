package decode

import (
	"fmt"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// KindDecode is the error kind of every decode error; the sideline groups
// failed records by kind (decode, transform, cast).
const KindDecode = "decode"

// Record is one decoded record, or the input that failed to decode.
type Record struct {
	// Value is the record for the transform (see the package comment for
	// its shape). It is null when Err is set.
	Value value.Value
	// Err describes input that could not be decoded, for the sideline.
	Err *Error
	// Line and Offset locate the record's input, as in Error, so a later
	// stage (transform, cast) can say where a record it rejects came from:
	// the 1-based line of a JSON or text line or CSV row, the byte offset
	// of the line, row or CloudWatch envelope in the decompressed object.
	// Both are 0 for expanded documents.
	Line, Offset int64
}

// Error is input that could not be decoded. It carries enough to find the
// input again (line, offset, index) and the input itself (Raw), so a
// sidelined record can be inspected and replayed.
type Error struct {
	// Kind is KindDecode.
	Kind string
	// Line is the 1-based line of a JSON line, text line or CSV row (its
	// first line); 0 for the other formats.
	Line int64
	// Offset is the byte offset in the decompressed object where the bad
	// input starts (for a corrupt compressed stream: how far it decoded).
	Offset int64
	// Index is the 1-based position of a bad log event in its CloudWatch
	// envelope or of a bad element in an expanded document; 0 otherwise.
	Index int
	// Raw is the input, cut to Options.MaxRawBytes.
	Raw []byte
	// Truncated reports that Raw was cut.
	Truncated bool
	// Reason says what is wrong, without the position.
	Reason string
}

// Error renders the error with its position: "decode: line 3: reason".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Kind)
	b.WriteString(": ")
	switch {
	case e.Line > 0:
		fmt.Fprintf(&b, "line %d: ", e.Line)
	case e.Offset > 0:
		fmt.Fprintf(&b, "offset %d: ", e.Offset)
	}
	if e.Index > 0 {
		fmt.Fprintf(&b, "record %d: ", e.Index)
	}
	b.WriteString(e.Reason)
	return b.String()
}

// decodeError builds an error record, copying at most MaxRawBytes of raw
// (raw usually points into a reused buffer).
func (d *Decoder) decodeError(line, off int64, raw []byte, reason string) *Error {
	e := &Error{Kind: KindDecode, Line: line, Offset: off, Reason: reason}
	e.Raw, e.Truncated = d.rawCopy(raw)
	return e
}

// decodeErrorString is decodeError for raw input held in a string.
func (d *Decoder) decodeErrorString(line, off int64, raw, reason string) *Error {
	e := &Error{Kind: KindDecode, Line: line, Offset: off, Reason: reason}
	if len(raw) > d.opt.MaxRawBytes {
		raw, e.Truncated = raw[:d.opt.MaxRawBytes], true
	}
	e.Raw = []byte(raw)
	return e
}

func (d *Decoder) rawCopy(raw []byte) ([]byte, bool) {
	if len(raw) > d.opt.MaxRawBytes {
		return append([]byte(nil), raw[:d.opt.MaxRawBytes]...), true
	}
	return append([]byte(nil), raw...), false
}

// The record wrappers. Keys are in sorted order (json < message <
// related < ts); the objects, their entries and related's arrays are
// carved from the parser's arena like the decoded values.

// jsonRecord wraps a decoded object: {json, related, ts}. It belongs to
// the record obj was parsed in; a caller wrapping an object that did not
// come from parse must call p.arena.begin first.
func (p *jsonParser) jsonRecord(ts, obj value.Value) value.Value {
	// obj may not come from the arena (sharedRecords): a no-op if it does.
	value.MarkShared(obj)
	// Room for a fourth field, as the transform adds fields to the
	// record's root (it had the same spare slot as a four-field object).
	es := p.arena.takeEntries(4)[:3]
	es[0] = value.Entry{Key: "json", Value: obj}
	es[1] = value.Entry{Key: "related", Value: p.newRelated()}
	es[2] = value.Entry{Key: "ts", Value: ts}
	return value.ObjectValue(p.arena.newObject(es))
}

// messageRecord wraps a line or a log event message: {json?, message,
// related, ts}; json is set when the message holds a JSON object (Matano
// parses every message this way before the transform).
func (p *jsonParser) messageRecord(ts value.Value, msg string) value.Value {
	p.arena.begin()
	es := p.arena.takeEntries(4)[:0]
	if looksLikeObject(msg) {
		if v, err := p.parseValue(msg); err == nil && v.Type() == value.TypeObject {
			es = append(es, value.Entry{Key: "json", Value: v})
		}
	}
	es = append(es,
		value.Entry{Key: "message", Value: value.Bytes(msg)},
		value.Entry{Key: "related", Value: p.newRelated()},
		value.Entry{Key: "ts", Value: ts})
	return value.ObjectValue(p.arena.newObject(es))
}

// newRelated returns {hash: [], ip: [], user: []}, the ECS related.* lists
// Matano's transformer creates before every transform.
func (p *jsonParser) newRelated() value.Value {
	es := p.arena.takeEntries(3)
	es[0] = value.Entry{Key: "hash", Value: value.ArrayOf(p.arena.newArray(nil))}
	es[1] = value.Entry{Key: "ip", Value: value.ArrayOf(p.arena.newArray(nil))}
	es[2] = value.Entry{Key: "user", Value: value.ArrayOf(p.arena.newArray(nil))}
	return value.ObjectValue(p.arena.newObject(es))
}

// looksLikeObject is the cheap test before trying to parse a message as
// JSON: most text lines do not start with '{'.
func looksLikeObject(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
			continue
		case '{':
			return true
		}
		return false
	}
	return false
}
