package diag

import (
	"encoding/json"
	"io"
)

// JSONFormatVersion is the version of the JSON output; it changes only
// when a field is removed or changes meaning.
const JSONFormatVersion = "1.0"

// JSONOutput is the machine-readable form of a diagnostics run. It is
// also the model the other renderers agree with.
type JSONOutput struct {
	FormatVersion string           `json:"format_version"`
	Valid         bool             `json:"valid"`
	ErrorCount    int              `json:"error_count"`
	WarningCount  int              `json:"warning_count"`
	Diagnostics   []JSONDiagnostic `json:"diagnostics"`
}

// JSONDiagnostic is one diagnostic in JSON form.
type JSONDiagnostic struct {
	Severity string      `json:"severity"`
	Code     string      `json:"code,omitempty"`
	Summary  string      `json:"summary"`
	Detail   string      `json:"detail,omitempty"`
	Path     string      `json:"path,omitempty"`
	Range    *JSONRange  `json:"range,omitempty"`
	Labels   []JSONLabel `json:"labels,omitempty"`
	Notes    []string    `json:"notes,omitempty"`
	Hint     string      `json:"hint,omitempty"`
}

// JSONRange is a source range with 1-based lines and columns and 0-based
// byte offsets.
type JSONRange struct {
	Filename string  `json:"filename"`
	Start    JSONPos `json:"start"`
	End      JSONPos `json:"end"`
}

// JSONPos is one end of a range.
type JSONPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

// JSONLabel is a label in JSON form.
type JSONLabel struct {
	Message string     `json:"message"`
	Primary bool       `json:"primary"`
	Range   *JSONRange `json:"range,omitempty"`
}

// SpanRange converts a span to a JSON range (nil for a zero span).
func SpanRange(s Span) *JSONRange {
	if s.File == nil {
		return nil
	}
	a, b := s.File.Position(s.Start), s.File.Position(s.End)
	return &JSONRange{
		Filename: s.File.Name,
		Start:    JSONPos{Line: a.Line, Column: a.Col, Byte: s.Start},
		End:      JSONPos{Line: b.Line, Column: b.Col, Byte: s.End},
	}
}

// ToJSON converts diagnostics to their JSON model.
func ToJSON(l List) JSONOutput {
	out := JSONOutput{
		FormatVersion: JSONFormatVersion,
		Valid:         !l.HasErrors(),
		ErrorCount:    l.Count(Error) + l.Count(Bug),
		WarningCount:  l.Count(Warning),
		Diagnostics:   make([]JSONDiagnostic, 0, len(l)),
	}
	for _, d := range l {
		jd := JSONDiagnostic{
			Severity: d.Severity.String(),
			Code:     d.Code,
			Summary:  d.Summary,
			Detail:   d.Detail,
			Path:     d.Path,
			Range:    SpanRange(d.Subject),
			Notes:    d.Notes,
			Hint:     d.Hint,
		}
		for _, lb := range d.Labels {
			jd.Labels = append(jd.Labels, JSONLabel{Message: lb.Message, Primary: lb.Primary, Range: SpanRange(lb.Span)})
		}
		out.Diagnostics = append(out.Diagnostics, jd)
	}
	return out
}

// RenderJSON writes diagnostics as one indented JSON document.
func RenderJSON(w io.Writer, l List) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(ToJSON(l))
}
