package testrun

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v4"
)

// DetectionTest is one detections/<name>/tests/*.yml file. It is either a
// single-record test:
//
//	name: a failed login matches
//	record: {event: {action: login, outcome: failure}, user: {name: alice}}
//	# or, instead of record, a raw line run through a log source first:
//	# log: '{"action":"LOGIN","success":false,...}'
//	# log_source: web_auth
//	table: web_auth          # optional: default the detection's first table
//	expect: true
//	title: Repeated failed logins for alice   # optional expected alert fields
//	severity: medium
//	dedupe: alice
//	destinations: [slack_alerts]
//	context: {user: alice}
//
// or a scenario, whose records go through the detection in order and are
// grouped into alerts by dedupe string, the detection's threshold and its
// deduplication window (see groupAlerts):
//
//	name: five failures make one alert
//	records: [{...}, {...}]
//	expect_alerts:
//	  - dedupe: alice
//	    matches: 5
//
// Unknown keys are errors, so a misspelt expectation cannot pass silently.
type DetectionTest struct {
	Name      string         `yaml:"name"`
	Record    map[string]any `yaml:"record"`
	Log       string         `yaml:"log"`
	LogSource string         `yaml:"log_source"`
	Table     string         `yaml:"table"`
	Expect    *bool          `yaml:"expect"`

	Title        *string         `yaml:"title"`
	Severity     *string         `yaml:"severity"`
	Dedupe       *string         `yaml:"dedupe"`
	Destinations *[]string       `yaml:"destinations"`
	Context      *map[string]any `yaml:"context"`

	Records      []map[string]any `yaml:"records"`
	ExpectAlerts *[]ExpectedAlert `yaml:"expect_alerts"`

	// lines maps each top-level key to its 1-based line, so a failure can
	// point at the expectation that failed.
	lines map[string]int
}

// Line returns the line of a top-level key of the file, or 1.
func (t *DetectionTest) Line(key string) int {
	if n := t.lines[key]; n > 0 {
		return n
	}
	return 1
}

// ExpectedAlert is one alert a scenario should produce.
type ExpectedAlert struct {
	Dedupe  string `yaml:"dedupe" json:"dedupe"`
	Matches int    `yaml:"matches" json:"matches"`
}

// IsScenario reports whether the test is a scenario (records and
// expect_alerts) rather than a single-record test.
func (t *DetectionTest) IsScenario() bool { return t.Records != nil || t.ExpectAlerts != nil }

// Positive reports whether the test expects at least one alert: expect:
// true, or a scenario with alerts.
func (t *DetectionTest) Positive() bool {
	if t.IsScenario() {
		return t.ExpectAlerts != nil && len(*t.ExpectAlerts) > 0
	}
	return t.Expect != nil && *t.Expect
}

// errorLine finds the line a YAML error message names ("line 4: ..."),
// or returns 1.
func errorLine(err error) int {
	if m := lineRe.FindStringSubmatch(err.Error()); m != nil {
		if n, _ := strconv.Atoi(m[1]); n > 0 {
			return n
		}
	}
	return 1
}

var lineRe = regexp.MustCompile(`\bline (\d+)\b`)

// ParseDetectionTest decodes and checks one test file.
func ParseDetectionTest(src []byte) (*DetectionTest, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	var t DetectionTest
	if err := dec.Decode(&t); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the file is empty")
		}
		return nil, err
	}
	if t.Name == "" {
		return nil, errors.New("name is required")
	}
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) == nil && len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
		m := doc.Content[0]
		t.lines = map[string]int{}
		for i := 0; i+1 < len(m.Content); i += 2 {
			t.lines[m.Content[i].Value] = m.Content[i].Line
		}
	}
	single := t.Record != nil || t.Log != "" || t.Expect != nil
	switch {
	case single && t.IsScenario():
		return nil, errors.New("a test has either record/log and expect, or records and expect_alerts, not both")
	case t.IsScenario():
		if len(t.Records) == 0 {
			return nil, errors.New("a scenario needs a non-empty records list")
		}
		if t.ExpectAlerts == nil {
			return nil, errors.New("a scenario needs expect_alerts (an empty list for none)")
		}
		if t.Title != nil || t.Severity != nil || t.Dedupe != nil || t.Destinations != nil || t.Context != nil || t.Log != "" {
			return nil, errors.New("a scenario states its alerts in expect_alerts; title, severity, dedupe, destinations, context and log are for single-record tests")
		}
		for i, a := range *t.ExpectAlerts {
			if a.Matches < 1 {
				return nil, fmt.Errorf("expect_alerts[%d].matches must be at least 1", i)
			}
		}
	default:
		if (t.Record != nil) == (t.Log != "") {
			return nil, errors.New("a test needs exactly one of record (an ECS record) and log (a raw log line, with log_source)")
		}
		if t.Log != "" && t.LogSource == "" {
			return nil, errors.New("log needs log_source: the log source whose transform turns the line into a record")
		}
		if t.Record != nil && t.LogSource != "" {
			return nil, errors.New("log_source goes with log, not record")
		}
		if t.Expect == nil {
			return nil, errors.New("expect (true or false) is required")
		}
		if !*t.Expect && (t.Title != nil || t.Severity != nil || t.Dedupe != nil || t.Destinations != nil || t.Context != nil) {
			return nil, errors.New("expected alert fields (title, severity, ...) make no sense with expect: false")
		}
	}
	return &t, nil
}
