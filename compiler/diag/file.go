package diag

import "sort"

// File is a source file known to the diagnostics: its name (as shown to the
// user, relative to the Matano directory where possible) and its content.
// Positions are byte offsets; line and column are computed only when a
// diagnostic is rendered.
type File struct {
	Name  string
	Src   []byte
	lines []int // offsets of line starts, computed lazily
}

// NewFile registers a source file.
func NewFile(name string, src []byte) *File { return &File{Name: name, Src: src} }

// Position is a resolved location: 1-based line and column (column counts
// bytes, as VRL's and Go's diagnostics do).
type Position struct {
	Line, Col int
}

func (f *File) lineStarts() []int {
	if f.lines == nil {
		f.lines = append(f.lines, 0)
		for i, c := range f.Src {
			if c == '\n' {
				f.lines = append(f.lines, i+1)
			}
		}
	}
	return f.lines
}

// Position converts a byte offset to line and column.
func (f *File) Position(off int) Position {
	ls := f.lineStarts()
	i := sort.Search(len(ls), func(i int) bool { return ls[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return Position{Line: i + 1, Col: off - ls[i] + 1}
}

// Offset converts a 1-based line and column to a byte offset (clamped to
// the file).
func (f *File) Offset(line, col int) int {
	ls := f.lineStarts()
	if line < 1 {
		return 0
	}
	if line > len(ls) {
		return len(f.Src)
	}
	off := ls[line-1] + col - 1
	if off > len(f.Src) {
		off = len(f.Src)
	}
	if off < 0 {
		off = 0
	}
	return off
}

// Line returns the text of 1-based line n without its newline.
func (f *File) Line(n int) string {
	ls := f.lineStarts()
	if n < 1 || n > len(ls) {
		return ""
	}
	end := len(f.Src)
	if n < len(ls) {
		end = ls[n] - 1
	}
	s := f.Src[ls[n-1]:end]
	if len(s) > 0 && s[len(s)-1] == '\r' {
		s = s[:len(s)-1]
	}
	return string(s)
}

// LineCount returns the number of lines.
func (f *File) LineCount() int { return len(f.lineStarts()) }
