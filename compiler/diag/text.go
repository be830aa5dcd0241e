package diag

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TextOptions configures RenderText.
type TextOptions struct {
	// Color enables ANSI colours.
	Color bool
	// ContextLines is how many lines of a multi-line label are shown next
	// to its first and last line before the middle is elided; 0 means the
	// default of 3.
	ContextLines int
}

// RenderText writes diagnostics in the human format VRL prints (the
// layout of the codespan-reporting library): a header line, a "┌─
// name:line:col" locus, the labelled source lines with "^^^" under the
// primary label and "---" under secondary ones, label messages either
// after the carets or hanging underneath them, and "= note" lines. Every
// diagnostic is followed by an empty line; trailing spaces are never
// written, because VRL strips them from its output.
//
// A diagnostic without labels but with a Subject gets an unlabelled
// primary label there. Detail and Hint are rendered as notes before the
// others.
func RenderText(w io.Writer, l List, opt TextOptions) error {
	var b strings.Builder
	for i := range l {
		r := textRenderer{opt: opt, d: &l[i]}
		if r.opt.ContextLines <= 0 {
			r.opt.ContextLines = 3
		}
		r.render()
		b.WriteString(r.out.String())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// FormatText renders l without colour and returns the text.
func FormatText(l List) string {
	var b strings.Builder
	_ = RenderText(&b, l, TextOptions{})
	return b.String()
}

// Glyphs of the layout.
const (
	glyphBorderTopLeft = "┌"
	glyphBorderTop     = "─"
	glyphBorderLeft    = "│"
	glyphBorderBreak   = "·"
	glyphNoteBullet    = "="
	glyphPrimary       = "^"
	glyphSecondary     = "-"
	glyphMultiPrimary  = "^"
	glyphMultiSecond   = "'"
	glyphMultiTopLeft  = "╭"
	glyphMultiBotLeft  = "╰"
	glyphMultiHoriz    = "─"
	glyphMultiLeft     = "│"
	glyphPointer       = "│"
	tabWidth           = 4
)

// ANSI styles used when colour is on.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiCyan   = "\x1b[1;36m"
	ansiBlue   = "\x1b[34m"
)

type singleLabel struct {
	primary    bool
	start, end int // byte offsets within the line
	msg        string
}

type multiKind uint8

const (
	multiTopLeft multiKind = iota // starts at the line's first non-blank
	multiTop                      // starts mid-line: "╭───^" under it
	multiLeft                     // passes through the line
	multiBottom                   // ends on the line: "╰───^ message"
)

type multiLabel struct {
	index     int
	primary   bool
	kind      multiKind
	end       int // Top: start column; Bottom: end column (bytes)
	omittable bool
	msg       string
}

type snippetLine struct {
	index   int // 0-based line index
	start   int // byte offset of the line in the file
	src     string
	singles []singleLabel
	multis  []multiLabel
}

type labeledFile struct {
	file  *File
	start int
	// startPrimary records whether start comes from a primary label: the
	// locus is the earliest primary label, else the earliest label.
	startPrimary bool
	lines        map[int]*snippetLine
	nMulti       int
}

type textRenderer struct {
	opt TextOptions
	d   *Diagnostic
	out strings.Builder
	pad int
}

func (r *textRenderer) color(code, s string) string {
	if !r.opt.Color || s == "" {
		return s
	}
	return code + s + ansiReset
}

func (r *textRenderer) severityColor() string {
	switch r.d.Severity {
	case Warning:
		return ansiYellow
	case Hint:
		return ansiCyan
	default:
		return ansiRed
	}
}

// labelColor is the (non-bold) colour of a label: the severity's for
// primary labels, blue for secondary ones, as codespan's default styles.
func (r *textRenderer) labelColor(primary bool) string {
	if !primary {
		return ansiBlue
	}
	switch r.d.Severity {
	case Warning:
		return "\x1b[33m"
	case Hint:
		return "\x1b[36m"
	default:
		return "\x1b[31m"
	}
}

// line ends a rendered line, dropping trailing spaces (also on the lines
// of a message that itself spans several lines).
func (r *textRenderer) line(s string) {
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			break
		}
		r.out.WriteString(strings.TrimRight(s[:i], " \t"))
		r.out.WriteByte('\n')
		s = s[i+1:]
	}
	r.out.WriteString(strings.TrimRight(s, " \t"))
	r.out.WriteByte('\n')
}

func countDigits(n int) int {
	c := 0
	for n != 0 {
		c++
		n /= 10
	}
	return c
}

func (r *textRenderer) render() {
	d := r.d
	labels := d.Labels
	if len(labels) == 0 && !d.Subject.IsZero() {
		labels = []Label{{Span: d.Subject, Primary: true}}
	}
	files := r.group(labels)

	// Header.
	var h strings.Builder
	h.WriteString(r.color(r.severityColor(), d.Severity.String()+bracketCode(d.Code)))
	h.WriteString(r.color(ansiBold, ": "+d.Summary))
	r.line(h.String())

	notes := make([]string, 0, len(d.Notes)+3)
	if d.Detail != "" {
		notes = append(notes, d.Detail)
	}
	if d.Path != "" && len(files) == 0 {
		notes = append(notes, "at "+d.Path)
	}
	if d.Hint != "" {
		notes = append(notes, "hint: "+d.Hint)
	}
	notes = append(notes, d.Notes...)

	for fi, lf := range files {
		r.snippet(lf, fi == len(files)-1 && len(notes) == 0)
	}
	for _, n := range notes {
		r.note(n)
	}
	r.line("")
}

func bracketCode(code string) string {
	if code == "" {
		return ""
	}
	return "[" + code + "]"
}

// group assigns labels to files and lines, as codespan does.
func (r *textRenderer) group(labels []Label) []*labeledFile {
	var files []*labeledFile
	for _, lb := range labels {
		f := lb.Span.File
		if f == nil {
			continue
		}
		start, end := clamp(lb.Span.Start, f), clamp(lb.Span.End, f)
		if end < start {
			end = start
		}
		var lf *labeledFile
		for _, x := range files {
			if x.file == f {
				lf = x
			}
		}
		if lf == nil {
			lf = &labeledFile{file: f, start: start, startPrimary: lb.Primary, lines: map[int]*snippetLine{}}
			files = append(files, lf)
		} else if (lb.Primary && !lf.startPrimary) || (lb.Primary == lf.startPrimary && start < lf.start) {
			lf.start, lf.startPrimary = start, lb.Primary
		}
		sl, el := lineIndex(f, start), lineIndex(f, end)
		r.pad = max(r.pad, countDigits(sl+1), countDigits(el+1))
		if sl == el {
			ln := lf.get(sl)
			s, e := start-ln.start, end-ln.start
			// Sorted by range. Among equal ranges the position comes from
			// the exact binary search codespan uses, which decides the
			// order of hanging messages.
			i := rustBinarySearch(len(ln.singles), func(i int) int {
				x := ln.singles[i]
				switch {
				case x.start != s:
					return cmpInt(x.start, s)
				default:
					return cmpInt(x.end, e)
				}
			})
			if e == s {
				e = s + 1
			}
			ln.singles = append(ln.singles, singleLabel{})
			copy(ln.singles[i+1:], ln.singles[i:])
			ln.singles[i] = singleLabel{primary: lb.Primary, start: s, end: e, msg: lb.Message}
			continue
		}
		idx := lf.nMulti
		lf.nMulti++
		first := lf.get(sl)
		kind := multiTop
		if strings.TrimSpace(string(f.Src[first.start:start])) == "" {
			kind = multiTopLeft
		}
		first.multis = append(first.multis, multiLabel{index: idx, primary: lb.Primary, kind: kind, end: start - first.start})
		for li := sl + 1; li < el; li++ {
			omit := min(li-sl, el-li) > r.opt.ContextLines
			r.pad = max(r.pad, countDigits(li+1))
			lf.get(li).multis = append(lf.get(li).multis, multiLabel{index: idx, primary: lb.Primary, kind: multiLeft, omittable: omit})
		}
		last := lf.get(el)
		last.multis = append(last.multis, multiLabel{index: idx, primary: lb.Primary, kind: multiBottom, end: end - last.start, msg: lb.Message})
	}
	return files
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// rustBinarySearch is Rust's slice::binary_search_by, returning the
// insertion index for both the found (Ok) and not found (Err) cases.
// With several equal elements it does not return the first one, and
// codespan relies on the exact index to order labels with equal ranges,
// so the loop is reproduced step by step. cmp(i) compares element i with
// the target.
func rustBinarySearch(n int, cmp func(i int) int) int {
	if n == 0 {
		return 0
	}
	size, base := n, 0
	for size > 1 {
		half := size / 2
		mid := base + half
		if cmp(mid) <= 0 {
			base = mid
		}
		size -= half
	}
	c := cmp(base)
	if c < 0 {
		return base + 1
	}
	return base
}

func clamp(off int, f *File) int {
	if off < 0 {
		return 0
	}
	if off > len(f.Src) {
		return len(f.Src)
	}
	return off
}

// lineIndex returns the 0-based line containing byte offset off.
func lineIndex(f *File, off int) int {
	ls := f.lineStarts()
	return sort.Search(len(ls), func(i int) bool { return ls[i] > off }) - 1
}

func (lf *labeledFile) get(i int) *snippetLine {
	if ln, ok := lf.lines[i]; ok {
		return ln
	}
	ls := lf.file.lineStarts()
	start := ls[i]
	end := len(lf.file.Src)
	if i+1 < len(ls) {
		end = ls[i+1]
	}
	src := strings.TrimRight(string(lf.file.Src[start:end]), "\n\r\x00")
	ln := &snippetLine{index: i, start: start, src: src}
	lf.lines[i] = ln
	return ln
}

// column returns the 1-based character column of off on its line.
func column(f *File, off int) (line, col int) {
	li := lineIndex(f, off)
	ls := f.lineStarts()
	return li + 1, utf8.RuneCount(f.Src[ls[li]:off]) + 1
}

func (r *textRenderer) outerGutter() string { return strings.Repeat(" ", r.pad) + " " }

func (r *textRenderer) border() string { return r.color(ansiBlue, glyphBorderLeft) }

func (r *textRenderer) snippet(lf *labeledFile, last bool) {
	ln, col := column(lf.file, lf.start)
	r.line(strings.Repeat(" ", r.pad) + " " + r.color(ansiBlue, glyphBorderTopLeft+glyphBorderTop) +
		fmt.Sprintf(" %s:%d:%d", lf.file.Name, ln, col))
	r.line(r.outerGutter() + r.border() + strings.Repeat("  ", lf.nMulti))

	idx := make([]int, 0, len(lf.lines))
	for i := range lf.lines {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	required := func(l *snippetLine) bool {
		if len(l.singles) > 0 {
			return true
		}
		for _, m := range l.multis {
			if !(m.kind == multiLeft && m.omittable) {
				return true
			}
		}
		return false
	}
	for k := 0; k < len(idx); k++ {
		l := lf.lines[idx[k]]
		if !required(l) {
			for k+1 < len(idx) && !required(lf.lines[idx[k+1]]) {
				k++
			}
		} else {
			r.sourceLine(lf, l)
		}
		if k+1 < len(idx) {
			next := lf.lines[idx[k+1]]
			switch gap := next.index - l.index; {
			case gap == 1:
			case gap == 2 && required(next):
				mid := lf.get(l.index + 1)
				r.sourceLine(lf, &snippetLine{index: mid.index, start: mid.start, src: mid.src, multis: mid.multis})
			default:
				r.line(r.outerGutter() + r.color(ansiBlue, glyphBorderBreak) + r.innerGutter(lf.nMulti, l.multis))
			}
		}
	}
	if !last {
		r.line(r.outerGutter() + r.border() + strings.Repeat("  ", lf.nMulti))
	}
}

// innerGutter draws the multi-line label columns of a caret or empty line.
func (r *textRenderer) innerGutter(n int, multis []multiLabel) string {
	var b strings.Builder
	j := 0
	for c := 0; c < n; c++ {
		if j < len(multis) && multis[j].index == c {
			m := multis[j]
			j++
			if m.kind == multiTop {
				b.WriteString("  ")
			} else {
				b.WriteString(" " + r.color(r.labelColor(m.primary), glyphMultiLeft))
			}
			continue
		}
		b.WriteString("  ")
	}
	return b.String()
}

type charMetric struct {
	off, width int
	ch         rune
}

func metrics(s string) []charMetric {
	out := make([]charMetric, 0, len(s))
	col := 0
	for i, ch := range s {
		w := runeWidth(ch)
		if ch == '\t' {
			w = tabWidth - col%tabWidth
		}
		col += w
		out = append(out, charMetric{off: i, width: w, ch: ch})
	}
	return out
}

// runeWidth approximates the terminal width of a character: 0 for
// control and combining characters, 2 for East Asian wide ones.
func runeWidth(r rune) int {
	switch {
	case r == 0 || unicode.IsControl(r) || unicode.In(r, unicode.Mn, unicode.Me) || r == 0x200B:
		return 0
	case r >= 0x1100 && (r <= 0x115F || r == 0x2329 || r == 0x232A ||
		(r >= 0x2E80 && r <= 0xA4CF && r != 0x303F) || (r >= 0xAC00 && r <= 0xD7A3) ||
		(r >= 0xF900 && r <= 0xFAFF) || (r >= 0xFE30 && r <= 0xFE4F) || (r >= 0xFF00 && r <= 0xFF60) ||
		(r >= 0xFFE0 && r <= 0xFFE6) || (r >= 0x1F300 && r <= 0x1F64F) || (r >= 0x1F900 && r <= 0x1F9FF) ||
		(r >= 0x20000 && r <= 0x3FFFD)):
		return 2
	}
	return 1
}

func overlaps(s0, e0, s1, e1 int) bool { return max(s0, s1) < min(e0, e1) }

func (r *textRenderer) sourceLine(lf *labeledFile, l *snippetLine) {
	n := lf.nMulti
	ms := metrics(l.src)

	// Source text with the multi-line gutter.
	var b strings.Builder
	b.WriteString(r.color(ansiBlue, fmt.Sprintf("%*d", r.pad, l.index+1)))
	b.WriteString(" ")
	b.WriteString(r.border())
	j := 0
	for c := 0; c < n; c++ {
		if j < len(l.multis) && l.multis[j].index == c {
			m := l.multis[j]
			j++
			switch m.kind {
			case multiTopLeft:
				b.WriteString(" " + r.color(r.labelColor(m.primary), glyphMultiTopLeft))
			case multiTop:
				b.WriteString("  ")
			default:
				b.WriteString(" " + r.color(r.labelColor(m.primary), glyphMultiLeft))
			}
			continue
		}
		b.WriteString("  ")
	}
	b.WriteString(" ")
	for _, m := range ms {
		if m.ch == '\t' {
			b.WriteString(strings.Repeat(" ", m.width))
		} else {
			b.WriteRune(m.ch)
		}
	}
	r.line(b.String())

	if len(l.singles) > 0 {
		r.singleLabels(lf, l, ms)
	}

	// Top and bottom carets of multi-line labels.
	for mi, ml := range l.multis {
		if ml.kind != multiTop && ml.kind != multiBottom {
			continue
		}
		var g strings.Builder
		g.WriteString(r.outerGutter())
		g.WriteString(r.border())
		underline, underPrimary := false, false
		k := 0
		for c := 0; c < n; c++ {
			if k < len(l.multis) && l.multis[k].index == c {
				other := l.multis[k]
				i := k
				k++
				left := func() {
					if underline {
						g.WriteString(r.color(r.labelColor(underPrimary), glyphMultiHoriz))
					} else {
						g.WriteString(" ")
					}
					g.WriteString(r.color(r.labelColor(other.primary), glyphMultiLeft))
				}
				switch {
				case other.kind == multiTopLeft || other.kind == multiLeft:
					left()
				case other.kind == multiTop && mi > i:
					left()
				case other.kind == multiBottom && mi < i:
					left()
				case i == mi:
					underline, underPrimary = true, other.primary
					if other.kind == multiTop {
						g.WriteString(" " + r.color(r.labelColor(ml.primary), glyphMultiTopLeft))
					} else {
						g.WriteString(" " + r.color(r.labelColor(ml.primary), glyphMultiBotLeft))
					}
				default:
					r.gutterColumn(&g, underline, underPrimary)
				}
				continue
			}
			r.gutterColumn(&g, underline, underPrimary)
		}
		caret := glyphMultiSecond
		if ml.primary {
			caret = glyphMultiPrimary
		}
		var run strings.Builder
		for _, m := range ms {
			if ml.kind == multiTop && m.off >= ml.end+1 || ml.kind == multiBottom && m.off >= ml.end {
				break
			}
			run.WriteString(strings.Repeat(glyphMultiHoriz, m.width))
		}
		tail := run.String() + caret
		if ml.kind == multiBottom && ml.msg != "" {
			tail += " " + ml.msg
		}
		g.WriteString(r.color(r.labelColor(ml.primary), tail))
		r.line(g.String())
	}
}

func (r *textRenderer) gutterColumn(g *strings.Builder, underline, primary bool) {
	if underline {
		g.WriteString(r.color(r.labelColor(primary), glyphMultiHoriz+glyphMultiHoriz))
	} else {
		g.WriteString("  ")
	}
}

func (r *textRenderer) singleLabels(lf *labeledFile, l *snippetLine, ms []charMetric) {
	singles := l.singles
	numMessages, maxStart, maxEnd := 0, 0, 0
	trailing := -1
	for i, s := range singles {
		if s.msg != "" {
			numMessages++
		}
		maxStart = max(maxStart, s.start)
		maxEnd = max(maxEnd, s.end)
		if s.end == maxEnd {
			if s.msg == "" {
				trailing = -1
			} else {
				trailing = i
			}
		}
	}
	if trailing >= 0 {
		t := singles[trailing]
		for i, s := range singles {
			if i != trailing && overlaps(t.start, t.end, s.start, s.end) {
				trailing = -1
				break
			}
		}
	}
	prefix := r.outerGutter() + r.border() + r.innerGutter(lf.nMulti, l.multis) + " "

	// Carets, with a placeholder column after the end of the line.
	var b strings.Builder
	b.WriteString(prefix)
	cols := append(ms[:len(ms):len(ms)], charMetric{off: len(l.src), width: 1})
	for _, m := range cols {
		end := m.off + max(utf8.RuneLen(m.ch), 1)
		style := 0 // 0 none, 1 secondary, 2 primary
		for _, s := range singles {
			if overlaps(s.start, s.end, m.off, end) {
				if s.primary {
					style = 2
				} else if style == 0 {
					style = 1
				}
			}
		}
		switch {
		case style == 2:
			b.WriteString(r.color(r.labelColor(true), strings.Repeat(glyphPrimary, m.width)))
		case style == 1:
			b.WriteString(r.color(r.labelColor(false), strings.Repeat(glyphSecondary, m.width)))
		case m.off < maxEnd:
			b.WriteString(strings.Repeat(" ", m.width))
		}
	}
	if trailing >= 0 {
		t := singles[trailing]
		b.WriteString(" " + r.color(r.labelColor(t.primary), t.msg))
	}
	r.line(b.String())

	hanging := func(i int) bool { return singles[i].msg != "" && i != trailing }
	nTrailing := 0
	if trailing >= 0 {
		nTrailing = 1
	}
	if numMessages <= nTrailing {
		return
	}
	pointers := func(limit int) string {
		var p strings.Builder
		for _, m := range ms {
			if m.off >= limit {
				break
			}
			end := m.off + utf8.RuneLen(m.ch)
			found, primary := false, false
			for i, s := range singles {
				if hanging(i) && s.start >= m.off && s.start < end {
					found = true
					primary = primary || s.primary
				}
			}
			w := m.width
			if found {
				p.WriteString(r.color(r.labelColor(primary), glyphPointer))
				w--
			}
			if m.off <= maxStart && w > 0 {
				p.WriteString(strings.Repeat(" ", w))
			}
		}
		return p.String()
	}
	r.line(prefix + pointers(len(l.src)+1))
	for i := len(singles) - 1; i >= 0; i-- {
		if !hanging(i) {
			continue
		}
		s := singles[i]
		r.line(prefix + pointers(s.start) + r.color(r.labelColor(s.primary), s.msg))
	}
}

// note writes one "= note" entry; continuation lines are indented under
// the bullet. An empty note writes nothing, as in codespan.
func (r *textRenderer) note(n string) {
	n = strings.TrimSuffix(n, "\n")
	if n == "" {
		return
	}
	for i, ln := range strings.Split(n, "\n") {
		if i == 0 {
			r.line(r.outerGutter() + r.color(ansiBlue, glyphNoteBullet) + " " + ln)
		} else {
			r.line(r.outerGutter() + "  " + ln)
		}
	}
}
