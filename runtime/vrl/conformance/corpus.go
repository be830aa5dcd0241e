// Package conformance runs the VRL 0.35 conformance corpus
// (shared/vrl-tests: the upstream language test files and every stdlib
// example) against our compiler and interpreter, with exactly the
// comparison rules of VRL's own test harness (vrl/src/test).
package conformance

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/conformance/corpus"
)

// Case is one conformance case: a .vrl test file or a function example.
type Case struct {
	// ID identifies the case in reports and in the stored passing set:
	// the file path relative to the corpus ("expressions/abort/abort.vrl")
	// or "example:<function>:<line>".
	ID string
	// Category groups cases in the report: the file's directory, or
	// "stdlib/<group>" for examples.
	Category string
	Source   string
	// Event is the input event as JSON ("{}" when none).
	Event []byte
	// Want is the expected text: a result, an error message or rendered
	// diagnostics.
	Want string
	// Approx is the `result: ~` mode (diagnostic lines compared by
	// containment).
	Approx bool
	// CheckDiagnostics is the `# DIAGNOSTICS` mode: compare the warnings
	// of a successful compile.
	CheckDiagnostics bool
	// CompileOnly is set for `# SKIP` files and network examples.
	CompileOnly bool
	// ReadOnly lists the read-only paths of the file header.
	ReadOnly []ReadOnlyPath
	// TypeOnly compares only the JSON type of the result (examples that
	// are not deterministic).
	TypeOnly bool
	// Example fields: the expectation already normalised by the
	// extractor (WantJSON is the JSON value, nil for error cases).
	IsExample bool
	WantJSON  json.RawMessage
	WantError *string
	// SkipReason, when set, means the case is not run (host or network
	// access).
	SkipReason string
	// Invalid is set when the case itself could not be read (bad object
	// JSON), which VRL's harness counts as a failure.
	Invalid string
}

// ReadOnlyPath is one `read_only*:` header line.
type ReadOnlyPath = corpus.ReadOnlyPath

// LoadFiles reads every .vrl test file under dir (the corpus root).
func LoadFiles(dir string) ([]Case, error) {
	files, err := corpus.Load(dir)
	cases := make([]Case, len(files))
	for i, f := range files {
		cases[i] = fromFile(f)
	}
	return cases, err
}

// ParseFile splits a .vrl test file into header and program following
// vrl/src/test/test.rs line by line (see the corpus README).
func ParseFile(rel, content string) Case { return fromFile(corpus.Parse(rel, content)) }

func fromFile(f corpus.File) Case {
	c := Case{ID: f.Path, Category: "uncategorized", Source: f.Source, Want: f.Want, Approx: f.Approx,
		CheckDiagnostics: f.CheckDiagnostics, CompileOnly: f.CompileOnly, ReadOnly: f.ReadOnly, Event: []byte("{}")}
	if i := strings.LastIndexByte(f.Path, '/'); i >= 0 {
		c.Category = f.Path[:i]
	}
	if f.Object != "" {
		c.Event = []byte(f.Object)
		if !json.Valid(c.Event) {
			c.Invalid = "unable to parse object as JSON"
		}
	}
	return c
}

// example is one line of function_examples.jsonl.
type example struct {
	Function      string          `json:"function"`
	Title         string          `json:"title"`
	Source        string          `json:"source"`
	Input         json.RawMessage `json:"input"`
	ExpectedKind  *string         `json:"expected_kind"`
	Expected      json.RawMessage `json:"expected"`
	Error         *string         `json:"error"`
	Deterministic bool            `json:"deterministic"`
	Skip          bool            `json:"skip"`
	Closure       bool            `json:"closure"`
	Line          int             `json:"line"`
	Dynamic       bool            `json:"dynamic"`
}

// hostFunctions read the machine they run on or the network; their
// examples are skipped (the corpus' expected values describe the upstream
// CI machine).
var hostFunctions = map[string]string{
	"get_hostname": "reads the host name",
	"get_env_var":  "reads the process environment",
	"reverse_dns":  "network access (DNS)",
	"dns_lookup":   "network access (DNS)",
	"http_request": "network access (HTTP)",
}

// LoadExamples reads function_examples.jsonl.
func LoadExamples(path string) ([]Case, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cases []Case
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	seen := map[string]int{}
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var ex example
		if err := json.Unmarshal(line, &ex); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		id := fmt.Sprintf("example:%s:%d", ex.Function, ex.Line)
		if n := seen[id]; n > 0 {
			id = fmt.Sprintf("%s#%d", id, n)
		}
		seen[id]++
		c := Case{
			ID:        id,
			Category:  "stdlib/" + exampleGroup(ex.Function),
			Source:    ex.Source,
			Event:     []byte("{}"),
			IsExample: true,
			TypeOnly:  !ex.Deterministic,
			WantError: ex.Error,
		}
		if len(ex.Input) > 0 && string(ex.Input) != "null" {
			c.Event = ex.Input
		}
		if ex.Error == nil {
			c.WantJSON = ex.Expected
		}
		if ex.Skip {
			c.CompileOnly = true
			c.SkipReason = "network access (compiled only)"
		}
		if r, ok := hostFunctions[ex.Function]; ok && !ex.Skip {
			c.SkipReason = r
		}
		if strings.Contains(ex.Source, "tests/data/") {
			c.SkipReason = "reads files of the vrl repository"
		}
		cases = append(cases, c)
	}
	return cases, sc.Err()
}

// exampleGroup groups functions by the first word of their name
// (parse_json → parse_*, to_int → to_*), with one-word names gathered by
// initial letter (abs → a*) so the table stays short.
func exampleGroup(fn string) string {
	if i := strings.IndexByte(fn, '_'); i > 0 {
		return fn[:i] + "_*"
	}
	return fn[:1] + "*"
}
