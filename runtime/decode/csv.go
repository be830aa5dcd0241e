package decode

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// csvSource splits CSV objects (RFC 4180: comma separated, fields may be
// quoted with '"', a quote inside a quoted field is doubled, and a quoted
// field may span lines). Each row becomes {json: {<header>: <cell>}}.
//
// Matching Matano (which reads CSV with the Rust csv crate, trimming every
// field and deserialising each row into JSON values):
//   - the header is Options.CSVHeaders or, when empty, the first row;
//   - fields (and header names read from the file) are trimmed of
//     whitespace after unquoting;
//   - cells are typed the way that crate infers them: "true"/"false" are
//     booleans, integers that fit in i64 are integers, other numbers
//     (including integers beyond i64) are floats, "inf" and "NaN" become
//     null (JSON has no such numbers), everything else stays a string;
//   - empty lines are skipped.
//
// Unlike Matano (which reads "flexible" rows), a row with more or fewer
// fields than the header is a decode error: silently dropping or leaving
// out columns would put values under the wrong names with no trace.
type csvSource struct {
	w       *window
	headers []string
	order   []int // header indices in key order
	line    int64

	buf  []byte // the unquoted fields of the current row, back to back
	ends []int  // end of each field in buf
	raw  []byte // the raw row, all its lines
	cut  bool   // raw lacks the part of an over-long line that was skipped
}

func newCSVSource(w *window, headers []string) *csvSource {
	cs := &csvSource{w: w}
	if len(headers) > 0 {
		cs.setHeaders(slices.Clone(headers))
	}
	return cs
}

func (cs *csvSource) setHeaders(h []string) {
	cs.headers = h
	cs.order = make([]int, len(h))
	for i := range cs.order {
		cs.order[i] = i
	}
	// Stable: with duplicate names the later column wins, as when the
	// crate deserialises a row into a map.
	slices.SortStableFunc(cs.order, func(a, b int) int { return strings.Compare(h[a], h[b]) })
}

func (d *Decoder) nextCSV() bool {
	cs := d.csv
	for {
		line, off, ok, reason := cs.readRow(d.opt.MaxRawBytes)
		if !ok {
			return false
		}
		if reason != "" {
			e := d.decodeError(line, off, cs.raw, reason)
			e.Truncated = e.Truncated || cs.cut
			d.rec = Record{Err: e, Line: line, Offset: off}
			return true
		}
		if len(cs.ends) == 1 && isBlank(cs.raw) {
			continue
		}
		// One string for the whole row; cells are substrings of it.
		all := string(cs.buf)
		if cs.headers == nil {
			h := make([]string, len(cs.ends))
			for i := range h {
				h[i] = strings.TrimSpace(cs.field(all, i))
			}
			cs.setHeaders(h)
			continue
		}
		if len(cs.ends) != len(cs.headers) {
			d.rec = Record{Err: d.decodeError(line, off, cs.raw,
				fmt.Sprintf("row has %d fields, the header has %d", len(cs.ends), len(cs.headers))), Line: line, Offset: off}
			return true
		}
		o := value.NewObject(len(cs.headers))
		for _, i := range cs.order {
			o.Set(cs.headers[i], inferCSV(strings.TrimSpace(cs.field(all, i))))
		}
		d.parser.arena.begin()
		d.rec = Record{Value: d.parser.jsonRecord(d.now(), value.ObjectValue(o)), Line: line, Offset: off}
		return true
	}
}

func (cs *csvSource) field(all string, i int) string {
	start := 0
	if i > 0 {
		start = cs.ends[i-1]
	}
	return all[start:cs.ends[i]]
}

// readRow reads one row into buf/ends/raw and returns its first line
// number and offset. A non-empty reason means the row is malformed (raw
// holds what was read of it); ok is false at the end of the stream.
func (cs *csvSource) readRow(keep int) (line, off int64, ok bool, reason string) {
	text, off, total, tooLong, ok := cs.w.readLine(keep)
	if !ok {
		return 0, 0, false, ""
	}
	cs.line++
	line = cs.line
	cs.raw = append(cs.raw[:0], text...)
	cs.buf, cs.ends = cs.buf[:0], cs.ends[:0]
	cs.cut = tooLong
	if tooLong {
		return line, off, true, fmt.Sprintf("line of %d bytes exceeds the limit of %d bytes", total, cs.w.max)
	}
	i := 0
	for {
		if i < len(text) && text[i] == '"' {
			i++
			for {
				j := bytes.IndexByte(text[i:], '"')
				if j < 0 {
					// The quoted field goes on to the next line.
					cs.buf = append(cs.buf, text[i:]...)
					cs.buf = append(cs.buf, '\n')
					next, _, total, tooLong, ok := cs.w.readLine(keep)
					if !ok {
						return line, off, true, "unterminated quoted field"
					}
					cs.line++
					cs.raw = append(cs.raw, '\n')
					cs.raw = append(cs.raw, next...)
					if tooLong || len(cs.raw) > cs.w.max {
						// The rest of an over-long line has been skipped;
						// the next row starts on the line after it. If
						// that line was inside the quoted field, the rows
						// after it may be misread: they are then reported
						// as malformed, never lost.
						cs.cut = tooLong
						return line, off, true, fmt.Sprintf("row exceeds the limit of %d bytes (a line of %d bytes)", cs.w.max, total)
					}
					text, i = next, 0
					continue
				}
				cs.buf = append(cs.buf, text[i:i+j]...)
				i += j + 1
				if i < len(text) && text[i] == '"' { // "" is a quote
					cs.buf = append(cs.buf, '"')
					i++
					continue
				}
				break
			}
			for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
				i++
			}
			cs.ends = append(cs.ends, len(cs.buf))
			if i == len(text) {
				return line, off, true, ""
			}
			if text[i] != ',' {
				return line, off, true, fmt.Sprintf("unexpected %q after the closing quote of field %d", text[i], len(cs.ends))
			}
			i++
			continue
		}
		j := bytes.IndexByte(text[i:], ',')
		if j < 0 {
			cs.buf = append(cs.buf, text[i:]...)
			cs.ends = append(cs.ends, len(cs.buf))
			return line, off, true, ""
		}
		cs.buf = append(cs.buf, text[i:i+j]...)
		cs.ends = append(cs.ends, len(cs.buf))
		i += j + 1
	}
}

// inferCSV types a trimmed cell as the Rust csv crate does when
// deserialising into JSON values (see csvSource).
func inferCSV(s string) value.Value {
	switch s {
	case "":
		return value.Bytes("")
	case "true":
		return value.True
	case "false":
		return value.False
	}
	// The syntax is checked before strconv is called: a failed strconv
	// call allocates its error, and most cells that start like a number
	// (IP addresses, dates) are not one (BenchmarkCSV: 4 fewer
	// allocations per VPC flow row).
	kind := numberSyntax(s)
	switch kind {
	case notNumber:
		return value.Bytes(s)
	case specialFloat:
		return value.Null // inf and NaN: JSON, and so serde_json, has no such number
	case intNumber:
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return value.Integer(i)
		}
		// Out of the i64 range: a float, as serde_json's u64 and the
		// 128-bit integers become in VRL.
	}
	f, _ := strconv.ParseFloat(s, 64) // syntax checked; a range error gives ±Inf or 0
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return value.Null
	}
	return value.Float(f)
}

type numberKind uint8

const (
	notNumber numberKind = iota
	intNumber
	floatNumber
	specialFloat
)

// numberSyntax classifies s: an integer ([+-]digits), a float as Rust's
// f64 parser reads it ([+-], digits with an optional fraction — either side
// of the point may be empty, not both — and an optional exponent), one of
// "inf", "infinity", "nan" in any case with an optional sign, or none.
func numberSyntax(s string) numberKind {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if w := s[i:]; strings.EqualFold(w, "inf") || strings.EqualFold(w, "infinity") || strings.EqualFold(w, "nan") {
		return specialFloat
	}
	digits := func() int {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - j
	}
	intDigits := digits()
	if i == len(s) {
		if intDigits > 0 {
			return intNumber
		}
		return notNumber
	}
	fracDigits := 0
	if s[i] == '.' {
		i++
		fracDigits = digits()
	}
	if intDigits+fracDigits == 0 {
		return notNumber
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return notNumber
		}
	}
	if i != len(s) {
		return notNumber
	}
	return floatNumber
}
