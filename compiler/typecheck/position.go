package typecheck

import (
	"sort"
	"strings"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"go.yaml.in/yaml/v4"
)

// scalarMap maps byte offsets in the decoded value of a YAML string
// scalar (a VRL program) to byte offsets in the YAML file.
//
// A literal block scalar (`|`) maps exactly: value line i is file line
// first+i with the block's indentation stripped. So does a one-line plain
// or quoted scalar without escapes. Everything else (folded `>`, multi-line
// quoted strings, escapes, explicit indentation indicators) changes the
// text while decoding, so every offset maps to the start of the value and
// exact is false; the diagnostic then says so.
//
// Exactness is verified, not assumed: the mapping is built from the file
// text and accepted only if it reproduces the decoded value.
type scalarMap struct {
	file  *diag.File
	exact bool
	// start is the value's first byte in the file (coarse mapping, and
	// one-line scalars: value offset 0).
	start int
	// block scalars: the file line of the value's first line, the
	// indentation, and where each value line starts in the value.
	firstLine, indent int
	valLines          []int
	block             bool
}

// newScalarMap builds the mapping for node n of file f whose decoded
// text is val (n.Value, possibly with the trailing newline that the
// loader's join added).
func newScalarMap(f *diag.File, n *yaml.Node, val string) *scalarMap {
	start := load.NodeSpan(f, n).Start
	m := &scalarMap{file: f, start: start}
	switch {
	case n.Style&yaml.LiteralStyle != 0:
		m.literal(n, val)
	case n.Style&yaml.FoldedStyle != 0:
	case !strings.Contains(val, "\n"):
		skip := 0
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			skip = 1
		}
		if start+skip+len(val) <= len(f.Src) && string(f.Src[start+skip:start+skip+len(val)]) == val {
			m.start += skip
			m.exact = true
		}
	}
	return m
}

// literal sets up the line mapping of a `|` block scalar and verifies it.
func (m *scalarMap) literal(n *yaml.Node, val string) {
	f := m.file
	header := f.Line(n.Line)
	// An explicit indentation indicator (|2) is rare; map coarsely.
	if i := strings.IndexByte(header[min(n.Column-1, len(header)):], '|'); i >= 0 {
		rest := header[min(n.Column-1, len(header))+i+1:]
		if strings.ContainsAny(strings.SplitN(rest, "#", 2)[0], "123456789") {
			return
		}
	}
	first := n.Line + 1
	indent := -1
	for l := first; l <= f.LineCount(); l++ {
		s := f.Line(l)
		if strings.TrimSpace(s) == "" {
			continue
		}
		indent = len(s) - len(strings.TrimLeft(s, " "))
		break
	}
	if indent < 0 {
		return
	}
	lines := strings.Split(val, "\n")
	// Trailing empty lines (the final newline, kept blank lines) have no
	// text to verify against: the next key may already be on that line.
	last := len(lines) - 1
	for last >= 0 && lines[last] == "" {
		last--
	}
	valLines := make([]int, 0, len(lines))
	off := 0
	for i, vl := range lines {
		valLines = append(valLines, off)
		off += len(vl) + 1
		if i > last {
			continue
		}
		fl := f.Line(first + i)
		if len(fl) >= indent && strings.TrimLeft(fl[:indent], " ") == "" {
			if fl[indent:] != vl {
				return
			}
		} else if vl != "" || strings.TrimSpace(fl) != "" {
			return
		}
	}
	m.exact, m.block = true, true
	m.firstLine, m.indent, m.valLines = first, indent, valLines
}

// offset maps a value offset to a file offset.
func (m *scalarMap) offset(voff int) int {
	switch {
	case !m.exact:
		return m.start
	case !m.block:
		return m.start + voff
	}
	i := sort.Search(len(m.valLines), func(i int) bool { return m.valLines[i] > voff }) - 1
	if i < 0 {
		i = 0
	}
	col := voff - m.valLines[i]
	line := m.firstLine + i
	if line > m.file.LineCount() {
		// Past the end of the file (an error at the very end of a
		// value that ends the file): the end of the last line.
		line = m.file.LineCount()
		return m.file.Offset(line, 1) + len(m.file.Line(line))
	}
	text := m.file.Line(line)
	lineStart := m.file.Offset(line, 1)
	return lineStart + min(m.indent+col, len(text))
}

// segment is one piece of a compiled program: the program bytes from
// base on come from one YAML scalar.
type segment struct {
	base int
	m    *scalarMap
	// path is the YAML key the piece comes from ("transform").
	path string
}

// sourceMap maps a compiled program (possibly several YAML strings
// joined, as a log source transform followed by a table transform) back
// into the YAML files.
type sourceMap struct {
	vrl  *diag.File
	segs []segment
}

func (s *sourceMap) span(sp diag.Span) (diag.Span, bool) {
	if sp.File != s.vrl || len(s.segs) == 0 {
		return sp, true
	}
	i := sort.Search(len(s.segs), func(i int) bool { return s.segs[i].base > sp.Start }) - 1
	if i < 0 {
		i = 0
	}
	seg := s.segs[i]
	start := seg.m.offset(sp.Start - seg.base)
	end := start
	if seg.m.exact {
		end = seg.m.offset(max(sp.End, sp.Start) - seg.base)
		// A span that runs into the next segment ends with this one.
		if i+1 < len(s.segs) && sp.End > s.segs[i+1].base {
			end = seg.m.offset(s.segs[i+1].base - 1 - seg.base)
		}
	}
	return diag.Span{File: seg.m.file, Start: start, End: max(end, start)}, seg.m.exact
}

// remap rewrites every span of d that points into the compiled program.
// When a span could only be mapped to the start of its YAML value, a note
// says so.
func (s *sourceMap) remap(d diag.Diagnostic) diag.Diagnostic {
	exact := true
	if d.Path == "" && len(s.segs) > 0 {
		d.Path = s.segs[0].path
		if d.Subject.File == s.vrl {
			for _, seg := range s.segs {
				if seg.base <= d.Subject.Start {
					d.Path = seg.path
				}
			}
		}
	}
	if !d.Subject.IsZero() {
		var ok bool
		d.Subject, ok = s.span(d.Subject)
		exact = exact && ok
	}
	if len(d.Labels) > 0 {
		labels := make([]diag.Label, len(d.Labels))
		for i, l := range d.Labels {
			var ok bool
			l.Span, ok = s.span(l.Span)
			exact = exact && ok
			labels[i] = l
		}
		d.Labels = labels
	}
	if !exact {
		d.Notes = append([]string{"the VRL program is a folded or quoted YAML string, so this points at its start; write it as a literal block (|) for exact positions"}, d.Notes...)
	}
	return d
}
