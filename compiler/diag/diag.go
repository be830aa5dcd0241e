// Package diag is the one diagnostic model of matano-go. Every producer
// (the directory loader, the schema checks, the VRL compiler) returns
// diagnostics in this form; renderers (text, json, github, sarif) turn them
// into output. Producers never format output themselves.
package diag

import (
	"sort"
)

// Severity orders diagnostics from most to least serious.
type Severity uint8

const (
	// Bug is a broken invariant inside matano itself.
	Bug Severity = iota
	Error
	Warning
	Hint
)

func (s Severity) String() string {
	switch s {
	case Bug:
		return "bug"
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "hint"
	}
}

// Span is a byte range [Start, End) in a source file.
type Span struct {
	File       *File
	Start, End int
}

// IsZero reports whether the span points nowhere.
func (s Span) IsZero() bool { return s.File == nil }

// Label marks a span with a message. The primary label is the subject of
// the diagnostic; secondary labels give context.
type Label struct {
	Span    Span
	Message string
	Primary bool
}

// Diagnostic is one problem.
type Diagnostic struct {
	Severity Severity
	// Code is a stable identifier: "E100" for VRL codes, "M" + digits for
	// matano's own (see codes.go).
	Code string
	// Summary is a one-line message without trailing punctuation.
	Summary string
	// Detail is an optional longer explanation.
	Detail string
	// Subject is where the problem is (zero when it has no location).
	Subject Span
	// Path is the data path inside a config file (for example
	// "ingest.s3_source.bucket_name"), when the diagnostic is about one.
	Path string
	// Labels annotate source spans; the primary one usually covers Subject.
	Labels []Label
	// Notes are closing remarks, rendered as "= note" lines.
	Notes []string
	// Hint is a suggested fix in words ("did you mean \"severity\"?").
	Hint string
}

// List is a collection of diagnostics. A nil List means no problems.
type List []Diagnostic

// Append adds diagnostics. It accepts a Diagnostic, a List, a *Diagnostic
// or a plain error (which becomes an error-severity diagnostic).
func (l *List) Append(items ...any) {
	for _, it := range items {
		switch d := it.(type) {
		case nil:
		case Diagnostic:
			*l = append(*l, d)
		case *Diagnostic:
			if d != nil {
				*l = append(*l, *d)
			}
		case List:
			*l = append(*l, d...)
		case error:
			*l = append(*l, Diagnostic{Severity: Error, Summary: d.Error()})
		}
	}
}

// HasErrors reports whether any diagnostic is an error or a bug.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity <= Error {
			return true
		}
	}
	return false
}

// Count returns how many diagnostics have severity s.
func (l List) Count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Sort orders diagnostics by file, position, severity, code and summary so
// output is deterministic whatever order producers ran in.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		an, bn := a.Subject.fileName(), b.Subject.fileName()
		if an != bn {
			return an < bn
		}
		if a.Subject.Start != b.Subject.Start {
			return a.Subject.Start < b.Subject.Start
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Summary < b.Summary
	})
}

func (s Span) fileName() string {
	if s.File == nil {
		return ""
	}
	return s.File.Name
}
