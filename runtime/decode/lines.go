package decode

import (
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// lineSource splits JSON-lines and text objects.
type lineSource struct {
	w    *window
	line int64 // number of the last line read
}

// nextLine decodes lines until one yields a record (empty lines yield
// nothing).
func (d *Decoder) nextLine() bool {
	ls := d.lines
	for {
		line, off, total, tooLong, ok := ls.w.readLine(d.opt.MaxRawBytes)
		if !ok {
			return false
		}
		ls.line++
		if tooLong {
			e := d.decodeError(ls.line, off, line,
				fmt.Sprintf("line of %d bytes exceeds the limit of %d bytes", total, d.opt.MaxLineBytes))
			e.Truncated = true
			d.rec = Record{Err: e, Line: ls.line, Offset: off}
			return true
		}
		if isBlank(line) {
			continue
		}
		// One string per line, carved from the arena's text blocks:
		// every string in the decoded value that needs no unescaping is
		// a substring of it.
		s := d.parser.arena.str(line)
		if d.format == FormatText {
			d.rec = Record{Value: d.parser.messageRecord(d.now(), s), Line: ls.line, Offset: off}
			return true
		}
		v, err := d.parser.parse(s)
		if err != nil {
			d.rec = Record{Err: d.decodeError(ls.line, off, line, err.Error()), Line: ls.line, Offset: off}
			return true
		}
		if v.Type() != value.TypeObject {
			d.rec = Record{Err: d.decodeError(ls.line, off, line,
				fmt.Sprintf("expected a JSON object, got %s", v.Type())), Line: ls.line, Offset: off}
			return true
		}
		d.rec = Record{Value: d.parser.jsonRecord(d.now(), v), Line: ls.line, Offset: off}
		return true
	}
}

// isBlank reports whether a line holds only spaces and tabs.
func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}
