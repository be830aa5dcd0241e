package decode

import (
	"bytes"
	"io"
	"sync"
)

// window is the read buffer under the line, CSV and CloudWatch splitters:
// unread input is buf[start:end], and off is the stream offset of
// buf[start]. The buffer starts small and grows up to max+1 bytes, so a
// token (line, row, envelope) of at most max bytes always fits and memory
// stays bounded however large the object is.
type window struct {
	r          io.Reader
	buf        []byte
	start, end int
	off        int64
	max        int
	err        error // sticky: the error that ended the stream (io.EOF at the end)
	bomChecked bool
}

// initialWindow is the first buffer size: several typical lines, so most
// objects never grow it.
const initialWindow = 64 << 10

var windowPool = sync.Pool{New: func() any { b := make([]byte, initialWindow); return &b }}

func newWindow(r io.Reader, max int) *window {
	w := &window{r: r, max: max}
	bp := windowPool.Get().(*[]byte)
	w.buf = *bp
	if len(w.buf) > max+1 {
		w.buf = w.buf[:max+1]
	}
	return w
}

// release gives a buffer of the initial size back to the pool; grown
// buffers are left to the GC so one huge object does not pin its memory.
func (w *window) release() {
	if cap(w.buf) == initialWindow {
		b := w.buf[:initialWindow]
		windowPool.Put(&b)
	}
	w.buf = nil
	w.start, w.end = 0, 0
}

// pending is the number of unread bytes in the buffer.
func (w *window) pending() int { return w.end - w.start }

// fill reads more input, first moving unread bytes to the front and
// growing the buffer when it is full (never beyond max+1). It returns false
// when nothing more can be read: at the end of the stream, after an error,
// or when the buffer holds max+1 unread bytes already.
func (w *window) fill() bool {
	if w.err != nil {
		return false
	}
	if w.start > 0 {
		n := copy(w.buf, w.buf[w.start:w.end])
		w.start, w.end = 0, n
	}
	if w.end == len(w.buf) {
		if len(w.buf) > w.max {
			return false
		}
		size := 2 * len(w.buf)
		if size > w.max+1 {
			size = w.max + 1
		}
		nb := make([]byte, size)
		copy(nb, w.buf[:w.end])
		if cap(w.buf) == initialWindow {
			b := w.buf[:initialWindow]
			windowPool.Put(&b)
		}
		w.buf = nb
	}
	for {
		n, err := w.r.Read(w.buf[w.end:])
		w.end += n
		if err != nil {
			w.err = err
		}
		if !w.bomChecked && (w.end >= 3 || err != nil) {
			w.skipBOM()
		}
		if n > 0 || err != nil {
			return n > 0
		}
	}
}

// skipBOM drops a UTF-8 byte order mark at the start of the stream:
// spreadsheet exports start CSV files with one, and it would otherwise
// become part of the first header or make the first JSON line invalid.
func (w *window) skipBOM() {
	w.bomChecked = true
	if w.off == 0 && bytes.HasPrefix(w.buf[w.start:w.end], []byte("\xef\xbb\xbf")) {
		w.start += 3
		w.off += 3
	}
}

// advance consumes n bytes.
func (w *window) advance(n int) {
	w.start += n
	w.off += int64(n)
}

// skipPast discards input up to and including the next c (or to the end
// of the stream) and returns the number of bytes discarded and whether c
// was found. It is how decoding resynchronises after an over-long line.
func (w *window) skipPast(c byte) (n int64, found bool) {
	for {
		if i := bytes.IndexByte(w.buf[w.start:w.end], c); i >= 0 {
			n += int64(i + 1)
			w.advance(i + 1)
			return n, true
		}
		n += int64(w.pending())
		w.advance(w.pending())
		if !w.fill() {
			return n, false
		}
	}
}

// readLine returns the next line (without "\n" or "\r\n") and its stream
// offset. The slice is valid until the next read. ok is false at the end of
// the stream.
//
// A line longer than max is not returned whole: tooLong is set, line holds
// at most keep bytes of its head (a copy when the rest had to be skipped),
// total is the line's full length, and reading resumes after it.
func (w *window) readLine(keep int) (line []byte, off, total int64, tooLong, ok bool) {
	scanned := 0
	for {
		if i := bytes.IndexByte(w.buf[w.start+scanned:w.end], '\n'); i >= 0 {
			n := scanned + i
			line, off = w.buf[w.start:w.start+n], w.off
			w.advance(n + 1)
			return trimCR(line), off, int64(n), false, true
		}
		scanned = w.pending()
		if scanned > w.max {
			// The buffer is full and holds no newline: keep the head and
			// skip to the end of the line.
			off = w.off
			head := append([]byte(nil), w.buf[w.start:w.start+min(keep, w.max)]...)
			w.advance(scanned)
			rest, found := w.skipPast('\n')
			total = int64(scanned) + rest
			if found {
				total--
			}
			return head, off, total, true, true
		}
		if !w.fill() {
			n := w.pending()
			if n == 0 {
				return nil, w.off, 0, false, false
			}
			// The last line has no newline.
			line, off = w.buf[w.start:w.end], w.off
			w.advance(n)
			if n > w.max {
				return line[:min(w.max, keep)], off, int64(n), true, true
			}
			return trimCR(line), off, int64(n), false, true
		}
	}
}

func trimCR(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\r' {
		return b[:n-1]
	}
	return b
}
