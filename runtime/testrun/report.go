package testrun

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Summary is the closing line of every human-readable report, exactly
// "N passed, M failed" (skipped tests are in neither count).
func (r *Report) Summary() string {
	return fmt.Sprintf("%d passed, %d failed", r.Count(Pass), r.Count(Fail))
}

// WriteText writes one line per test (PASS, FAIL or SKIP, suite and
// name), each failure's message and diff indented below it, and the
// summary line.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	for _, res := range r.Results {
		fmt.Fprintf(&b, "%s %s: %s\n", strings.ToUpper(string(res.Status)), res.Suite, res.Name)
		if res.Status == Pass && !res.Updated {
			continue
		}
		if res.Status == Fail {
			fmt.Fprintf(&b, "    %s\n", res.File)
		}
		if res.Message != "" {
			b.WriteString(indent(res.Message, "    "))
		}
		if res.Diff != "" {
			b.WriteString(indent(res.Diff, "    "))
		}
	}
	b.WriteString(r.Summary() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return prefix + strings.Join(lines, "\n"+prefix) + "\n"
}

// WriteGitHub writes a GitHub Actions workflow command for each failure,
// pointing at the test file so the failure shows on the pull request, then
// the summary line.
func (r *Report) WriteGitHub(w io.Writer) error {
	var b strings.Builder
	for _, res := range r.Results {
		if res.Status != Fail {
			continue
		}
		msg := res.Message
		if res.Diff != "" {
			msg += "\n" + res.Diff
		}
		fmt.Fprintf(&b, "::error file=%s,line=%d,title=%s::%s\n", ghProperty(res.File), max(res.Line, 1),
			ghProperty(res.Suite+": "+res.Name), ghData(msg))
	}
	b.WriteString(r.Summary() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// ghData escapes a workflow command's message (GitHub's rules: %, CR, LF).
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(strings.TrimRight(s, "\n"))
}

// ghProperty escapes a workflow command property (also ':' and ',').
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// WriteJSON writes the report as one JSON object: results, passed,
// failed, skipped.
func (r *Report) WriteJSON(w io.Writer) error {
	results := r.Results
	if results == nil {
		results = []Result{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Results []Result `json:"results"`
		Passed  int      `json:"passed"`
		Failed  int      `json:"failed"`
		Skipped int      `json:"skipped"`
	}{results, r.Count(Pass), r.Count(Fail), r.Count(Skip)})
}

// JUnit XML, in the shape CI systems (GitHub test reporters, GitLab,
// Jenkins) read: one testsuite per detection or log source.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure"`
	Skipped   *junitSkipped `xml:"skipped"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",cdata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// WriteJUnit writes the report as JUnit XML.
func (r *Report) WriteJUnit(w io.Writer) error {
	doc := junitSuites{Name: "matano test", Tests: len(r.Results), Failures: r.Count(Fail), Skipped: r.Count(Skip)}
	var total float64
	index := map[string]int{}
	for _, res := range r.Results {
		i, ok := index[res.Suite]
		if !ok {
			i = len(doc.Suites)
			index[res.Suite] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: res.Suite})
		}
		s := &doc.Suites[i]
		secs := res.Duration.Seconds()
		total += secs
		c := junitCase{Name: res.Name, Classname: res.Suite, File: res.File, Time: fmt.Sprintf("%.3f", secs)}
		s.Tests++
		switch res.Status {
		case Fail:
			s.Failures++
			body := res.Message
			if res.Diff != "" {
				body += "\n" + res.Diff
			}
			c.Failure = &junitFailure{Message: firstLine(res.Message), Type: "failure", Body: body}
		case Skip:
			s.Skipped++
			c.Skipped = &junitSkipped{Message: res.Message}
		}
		s.Cases = append(s.Cases, c)
	}
	for i := range doc.Suites {
		var secs float64
		for _, res := range r.Results {
			if res.Suite == doc.Suites[i].Name {
				secs += res.Duration.Seconds()
			}
		}
		doc.Suites[i].Time = fmt.Sprintf("%.3f", secs)
	}
	doc.Time = fmt.Sprintf("%.3f", total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
