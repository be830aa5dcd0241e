package stdlib

// timefmt_compiled.go: a strptime format prepared once for a call site
// whose format is a literal (parse_timestamp(x, "%Y-%m-%dT%H:%M:%SZ")), with
// a fast path for inputs in the format's fixed-width numeric shape.
//
// The general parse (timefmt_parse.go) fills a chrono-style tfParsed with
// pointers to every field and cross-checks them; for the two
// parse_timestamp calls of a CloudTrail record it cost 0.65–1 µs of CPU
// and one allocation each (BenchmarkIngestCalls/parse_timestamp), 4.4% of
// an ingest. The fast path takes ~60 ns and allocates nothing. Most log timestamps are written with every field zero-padded to
// its width, and for such input the general parse's outcome is known in
// advance: each numeric item reads exactly its width of digits (it reads
// greedily up to its width, and the next position is not a digit or
// belongs to the next item), white space and literals match as written,
// and the fields give a date without any cross-check. The fast path
// recognises exactly that shape and computes the instant directly. For
// anything else (another shape, an out-of-range field, a leap second, a
// time zone other than UTC) it declines and the general parse runs, so
// results and errors are the general parse's by construction;
// TestTimeFormatFastPath compares the two on many inputs.

import (
	"time"
)

// tfStrptime is a compiled strptime format.
type tfStrptime struct {
	items   []tfItem
	hasZone bool
	// fixed is the fast path's layout, nil when the format does not
	// qualify.
	fixed *tfFixedLayout
}

// tfCompileFormat prepares format (already valid UTF-8, as
// parse_timestamp reads it through lossyUTF8).
func tfCompileFormat(format string) *tfStrptime {
	f := &tfStrptime{items: tfItems(format), hasZone: tfFormatHasZone(format)}
	if !f.hasZone {
		f.fixed = tfFixedLayoutOf(f.items)
	}
	return f
}

// parse is tfParseFormat with the format's work done: s read with the
// format's own offset when it has a zone directive, as wall-clock time in
// loc otherwise.
func (f *tfStrptime) parse(s string, loc *time.Location) (time.Time, error) {
	p, err := tfParseWhole(s, f.items)
	if err != nil {
		return time.Time{}, err
	}
	if f.hasZone {
		return p.toFixed()
	}
	return p.inZone(loc)
}

// The fields the fast path reads, in tfFixedLayout.at order.
const (
	tfFixedYear = iota
	tfFixedMonth
	tfFixedDay
	tfFixedHour
	tfFixedMinute
	tfFixedSecond
	tfFixedFields
)

// tfFixedLayout is the shape of an input the fast path takes: shape holds
// the literal and white-space bytes, digits marks the positions that must
// be ASCII digits instead, and at is where each field starts (-1 when the
// format has no such field: only the second may be missing).
type tfFixedLayout struct {
	shape  string
	digits uint64
	at     [tfFixedFields]int
	// words is shape as little-endian 8-byte words, for shapeOK.
	words []tfShapeWord
}

// tfShapeWord is eight bytes of a layout's shape (fewer in the last
// word; the missing bytes are zero in every field and in the input
// word). want holds the literal bytes and '0' at the digit positions;
// after x = input ^ want, a literal byte must be 0 (lit has 0xff there)
// and a digit byte must be 0x00-0x09: high nibble 0 (hi has 0xf0 there)
// and low nibble plus 6 below 0x10 (lo has 0x0f, six 0x06 and carry
// 0x10 there; no byte's sum reaches the next byte).
type tfShapeWord struct {
	want, lit, hi, lo, six, carry uint64
}

// tfFixedLayoutOf returns the fast path's layout for items, or nil when
// they are not only literals, white space and the numeric fields %Y, %m,
// %d, %H, %M and %S, each once, with at least a full date and hours and
// minutes.
func tfFixedLayoutOf(items []tfItem) *tfFixedLayout {
	l := &tfFixedLayout{at: [tfFixedFields]int{-1, -1, -1, -1, -1, -1}}
	var shape []byte
	for _, it := range items {
		switch it.kind {
		case tfLiteral, tfSpace:
			// White space matches as written: the general parse then
			// skips exactly it, because what follows is a digit or a
			// literal, and literals never start with white space.
			shape = append(shape, it.lit...)
		case tfNumeric:
			field, width := -1, 2
			switch it.num {
			case tfYear:
				field, width = tfFixedYear, 4
			case tfMonth:
				field = tfFixedMonth
			case tfDay:
				field = tfFixedDay
			case tfHour:
				field = tfFixedHour
			case tfMinute:
				field = tfFixedMinute
			case tfSecond:
				field = tfFixedSecond
			}
			if field < 0 || l.at[field] >= 0 {
				return nil
			}
			l.at[field] = len(shape)
			for range width {
				if len(shape) < 64 {
					l.digits |= 1 << len(shape)
				}
				shape = append(shape, '0')
			}
		default:
			return nil
		}
	}
	if len(shape) > 64 {
		return nil
	}
	for f := tfFixedYear; f < tfFixedSecond; f++ {
		if l.at[f] < 0 {
			return nil
		}
	}
	l.shape = string(shape)
	for off := 0; off < len(shape); off += 8 {
		var w tfShapeWord
		for k := 0; k < 8 && off+k < len(shape); k++ {
			sh := 8 * uint(k)
			w.want |= uint64(shape[off+k]) << sh
			if l.digits&(1<<(off+k)) != 0 {
				w.hi |= 0xf0 << sh
				w.lo |= 0x0f << sh
				w.six |= 0x06 << sh
				w.carry |= 0x10 << sh
			} else {
				w.lit |= 0xff << sh
			}
		}
		l.words = append(l.words, w)
	}
	return l
}

// shapeOK reports whether s (of the shape's length) has the shape's
// literal bytes and ASCII digits where it has digits, eight bytes at a
// time: byte by byte, this check was two thirds of parseUTC's
// instructions, and parseUTC 4% of the interpreter's on the CloudTrail
// mapping (two timestamps a record).
func (l *tfFixedLayout) shapeOK(s string) bool {
	for i := range l.words {
		w := &l.words[i]
		var x uint64
		if off := 8 * i; off+8 <= len(s) {
			x = tfWord8(s[off:])
		} else {
			x = tfWordAt(s, off)
		}
		x ^= w.want
		if x&w.lit != 0 || x&w.hi != 0 || ((x&w.lo)+w.six)&w.carry != 0 {
			return false
		}
	}
	return true
}

// tfWordAt is s[off:off+8] as a little-endian word, zero-padded past
// the end of s.
func tfWordAt(s string, off int) uint64 {
	if off+8 <= len(s) {
		return tfWord8(s[off : off+8])
	}
	if len(s) >= 8 {
		// The last eight bytes, shifted down past those before off.
		return tfWord8(s[len(s)-8:]) >> (8 * uint(off+8-len(s)))
	}
	var w uint64
	for k := 0; off+k < len(s); k++ {
		w |= uint64(s[off+k]) << (8 * uint(k))
	}
	return w
}

// tfWord8 is the first eight bytes of s as a little-endian word (one
// load: the compiler combines the byte loads).
func tfWord8(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// parseUTC reads s as UTC wall-clock time when it has the layout's exact
// shape and in-range fields; ok is false otherwise, and the caller must
// then run the general parse. s may be unchecked UTF-8: input of the
// shape is made of the format's (valid) bytes and ASCII digits.
func (l *tfFixedLayout) parseUTC(s string) (t time.Time, ok bool) {
	if len(s) != len(l.shape) || !l.shapeOK(s) {
		return t, false
	}
	two := func(i int) int64 { return int64(s[i]-'0')*10 + int64(s[i+1]-'0') }
	year := two(l.at[tfFixedYear])*100 + two(l.at[tfFixedYear]+2)
	month, day := two(l.at[tfFixedMonth]), two(l.at[tfFixedDay])
	hour, minute := two(l.at[tfFixedHour]), two(l.at[tfFixedMinute])
	var second int64
	if at := l.at[tfFixedSecond]; at >= 0 {
		second = two(at)
	}
	// Second 60 (a leap second) is left to the general parse.
	if month < 1 || month > 12 || day < 1 || day > tfDaysIn(year, month) ||
		hour > 23 || minute > 59 || second > 59 {
		return t, false
	}
	secs := tfDaysFromCivil(year, month, day)*86400 + hour*3600 + minute*60 + second
	return time.Unix(secs, 0).UTC(), true
}

// tfDaysFromCivil is the number of days from 1970-01-01 to a date of the
// proleptic Gregorian calendar (the well-known era-based computation: a
// 400-year era has 146097 days, and counting years from March puts the
// leap day last).
func tfDaysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400 // [0, 399]
	mp := (m + 9) % 12 // March is 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}
