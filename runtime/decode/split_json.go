package decode

// jsonScan finds where a JSON value ends without parsing it, so the
// CloudWatch splitter can cut concatenated envelopes ("{...}{...}") out of
// a stream. It keeps its state between calls because a value may end
// several buffer refills after it starts.
type jsonScan struct {
	depth  int
	inStr  bool
	esc    bool
	scalar bool // a top-level number or literal: it ends at a delimiter
}

// scan advances over b and returns how many bytes of b belong to the
// value and whether the value ended there.
func (s *jsonScan) scan(b []byte) (n int, done bool) {
	for i, c := range b {
		switch {
		case s.scalar:
			switch c {
			case ' ', '\t', '\r', '\n', '{', '[', '"':
				return i, true
			}
		case s.inStr:
			switch {
			case s.esc:
				s.esc = false
			case c == '\\':
				s.esc = true
			case c == '"':
				s.inStr = false
				if s.depth == 0 {
					return i + 1, true
				}
			}
		default:
			switch c {
			case '"':
				s.inStr = true
			case '{', '[':
				s.depth++
			case '}', ']':
				s.depth--
				if s.depth <= 0 {
					return i + 1, true
				}
			default:
				if s.depth == 0 {
					// The value starts with something other than an
					// object, array or string: a scalar, or garbage that
					// the parser will reject.
					s.scalar = true
				}
			}
		}
	}
	return len(b), false
}

// readValue returns the next top-level JSON value of the stream, skipping
// whitespace between values, with its offset. The slice is valid until the
// next read; ok is false at the end of the stream. A value longer than max
// is skipped: tooLong is set, tok holds at most keep bytes of its head, and
// total is its length. A value cut off by the end of the stream is returned
// as it is, for the parser to reject.
func (w *window) readValue(keep int) (tok []byte, off, total int64, tooLong, ok bool) {
	for {
		for w.pending() > 0 && isSpace(w.buf[w.start]) {
			w.advance(1)
		}
		if w.pending() > 0 {
			break
		}
		if !w.fill() {
			return nil, w.off, 0, false, false
		}
	}
	var s jsonScan
	scanned := 0
	for {
		n, done := s.scan(w.buf[w.start+scanned : w.end])
		scanned += n
		if done {
			tok, off = w.buf[w.start:w.start+scanned], w.off
			w.advance(scanned)
			return tok, off, int64(scanned), false, true
		}
		if scanned > w.max {
			break
		}
		if !w.fill() {
			tok, off = w.buf[w.start:w.end], w.off
			w.advance(w.pending())
			return tok, off, int64(len(tok)), false, true
		}
	}
	// Too long: keep the head, then scan on without keeping anything.
	off = w.off
	tok = append([]byte(nil), w.buf[w.start:w.start+min(keep, w.max)]...)
	total = int64(scanned)
	w.advance(scanned)
	for w.fill() || w.pending() > 0 {
		n, done := s.scan(w.buf[w.start:w.end])
		total += int64(n)
		w.advance(n)
		if done {
			break
		}
	}
	return tok, off, total, true, true
}

// isSpace reports JSON whitespace: one comparison and a bit test rather
// than four comparisons.
func isSpace(c byte) bool {
	const spaces = 1<<' ' | 1<<'\t' | 1<<'\r' | 1<<'\n'
	return c <= ' ' && uint64(spaces)>>c&1 != 0
}
