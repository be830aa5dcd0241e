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

// The record wrappers. Keys are set in sorted order (json < message <
// related < ts), so every Set appends; the objects come from
// NewSmallObject, one allocation each for up to four fields.

// jsonRecord wraps a decoded object: {json, related, ts}.
func jsonRecord(ts, obj value.Value) value.Value {
	o := value.NewSmallObject()
	o.Set("json", obj)
	o.Set("related", newRelated())
	o.Set("ts", ts)
	return value.ObjectValue(o)
}

// messageRecord wraps a line or a log event message: {json?, message,
// related, ts}; json is set when the message holds a JSON object (Matano
// parses every message this way before the transform).
func messageRecord(ts value.Value, msg string, p *jsonParser) value.Value {
	o := value.NewSmallObject()
	if looksLikeObject(msg) {
		if v, err := p.parse(msg); err == nil && v.Type() == value.TypeObject {
			o.Set("json", v)
		}
	}
	o.Set("message", value.Bytes(msg))
	o.Set("related", newRelated())
	o.Set("ts", ts)
	return value.ObjectValue(o)
}

// newRelated returns {hash: [], ip: [], user: []}, the ECS related.* lists
// Matano's transformer creates before every transform. The three empty
// arrays come from one allocation.
func newRelated() value.Value {
	a := new([3]value.Array)
	o := value.NewSmallObject()
	o.Set("hash", value.ArrayOf(&a[0]))
	o.Set("ip", value.ArrayOf(&a[1]))
	o.Set("user", value.ArrayOf(&a[2]))
	return value.ObjectValue(o)
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
