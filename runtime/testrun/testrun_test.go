package testrun

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/scaffold"
	"github.com/matano-go/matano/compiler/validate"
	"github.com/matano-go/matano/runtime/detect"
)

func hasPython() bool {
	_, err := exec.LookPath("python3")
	return err == nil
}

// project writes the `matano init` template to a temp dir, applies
// edits (path → content; "" deletes), and loads it.
func project(t *testing.T, edits map[string]string) (string, *load.Project) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "lake")
	if _, err := scaffold.Write(dir, scaffold.Options{Name: "lake", Account: "123456789012", Region: "us-east-1"}, false); err != nil {
		t.Fatal(err)
	}
	for rel, content := range edits {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if content == "" {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, diags := validate.Dir(dir, validate.Options{SkipPython: true})
	if diags.HasErrors() {
		t.Fatalf("invalid test directory: %v", diags)
	}
	return dir, p
}

func run(t *testing.T, dir string, p *load.Project, cfg Config) *Report {
	t.Helper()
	cfg.Root, cfg.Project = dir, p
	cfg.CacheDir = t.TempDir()
	if !hasPython() {
		cfg.SkipDetections = true
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rep, err := Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func find(t *testing.T, rep *Report, name string) Result {
	t.Helper()
	for _, r := range rep.Results {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no result %q in %+v", name, rep.Results)
	return Result{}
}

func text(rep *Report) string {
	var b bytes.Buffer
	_ = rep.WriteText(&b)
	return b.String()
}

func TestTemplatePasses(t *testing.T) {
	dir, p := project(t, nil)
	rep := run(t, dir, p, Config{MinimumTests: 2})
	if !rep.OK() {
		t.Fatalf("the init template fails its tests:\n%s", text(rep))
	}
	want := 5
	if !hasPython() {
		want = 1
	}
	if got := rep.Count(Pass); got != want {
		t.Errorf("%d passed, want %d:\n%s", got, want, text(rep))
	}
	if !strings.HasSuffix(text(rep), "\n"+rep.Summary()+"\n") || rep.Summary() != fmt.Sprintf("%d passed, 0 failed", want) {
		t.Errorf("summary line: %q", rep.Summary())
	}
}

func TestDetectionFailures(t *testing.T) {
	if !hasPython() {
		t.Skip("python3 not found; detection tests need it")
	}
	const d = "detections/web_auth_brute_force/tests/"
	dir, p := project(t, map[string]string{
		d + "wrong_title.yml":  "name: wrong title\nrecord: {event: {action: login, outcome: failure}, user: {name: alice}}\nexpect: true\ntitle: Something else\nseverity: medium\n",
		d + "wrong_expect.yml": "name: wrong expect\nrecord: {event: {action: login, outcome: success}, user: {name: bob}}\nexpect: true\n",
		d + "typo.yml":         "name: typo\nrecord: {user: {name: a}}\nexpect: false\ntitel: x\n",
		d + "both.yml":         "name: both\nrecord: {a: 1}\nlog: x\nlog_source: web_auth\nexpect: true\n",
		d + "bad_log.yml":      "name: bad log\nlog: not json\nlog_source: web_auth\nexpect: false\n",
		d + "wrong_table.yml":  "name: wrong table\nrecord: {a: 1}\ntable: nope\nexpect: false\n",
		d + "scenario_window.yml": `name: window splits alerts
records:
  - {ts: "2026-01-15T09:00:00Z", event: {action: login, outcome: failure}, user: {name: a}}
  - {ts: "2026-01-15T09:01:00Z", event: {action: login, outcome: failure}, user: {name: a}}
  - {ts: "2026-01-15T09:02:00Z", event: {action: login, outcome: failure}, user: {name: a}}
  - {ts: "2026-01-15T09:03:00Z", event: {action: login, outcome: failure}, user: {name: a}}
  - {ts: "2026-01-15T09:20:00Z", event: {action: login, outcome: failure}, user: {name: a}}
expect_alerts:
  - {dedupe: a, matches: 5}
`,
	})
	rep := run(t, dir, p, Config{})
	out := text(rep)
	for _, c := range []struct {
		name, want string
		line       int
	}{
		{"wrong title", "-  \"title\": \"Something else\"\n+  \"title\": \"Repeated failed logins for alice\"", 4},
		{"wrong expect", "-  \"match\": true\n+  \"match\": false", 3},
		{"typo", "field titel not found", 4},
		{"both", "exactly one of record", 1},
		{"bad log", "rejected the log line (vrl_error)", 2},
		{"wrong table", `does not read table "nope"`, 3},
		// 09:20 is past the 15-minute window: four matches then one, both
		// below the threshold of five.
		{"window splits alerts", "-    {\n-      \"dedupe\": \"a\",\n-      \"matches\": 5\n-    }\n", 8},
	} {
		r := find(t, rep, c.name)
		if r.Status != Fail || !strings.Contains(r.Message+"\n"+r.Diff, c.want) {
			t.Errorf("%s: status %s, want a failure containing %q; got:\n%s\n%s", c.name, r.Status, c.want, r.Message, r.Diff)
		}
		if r.Line != c.line {
			t.Errorf("%s: line %d, want %d", c.name, r.Line, c.line)
		}
	}
	if rep.OK() || !strings.Contains(out, "5 passed, 7 failed\n") {
		t.Errorf("output:\n%s", out)
	}
}

func TestGoldenUpdateAndDiff(t *testing.T) {
	const sample = "log_sources/web_auth/test/sample.ndjson"
	dir, p := project(t, map[string]string{sample + ExpectedSuffix: ""})
	// Missing expected file: a failure that says how to create it.
	rep := run(t, dir, p, Config{SkipDetections: true})
	r := find(t, rep, "sample.ndjson")
	if r.Status != Fail || !strings.Contains(r.Message, "--update") {
		t.Fatalf("missing expected: %+v", r)
	}
	// --update writes it, reproducing the file the template ships.
	rep = run(t, dir, p, Config{SkipDetections: true, Update: true})
	if r := find(t, rep, "sample.ndjson"); r.Status != Pass || !r.Updated {
		t.Fatalf("update: %+v", r)
	}
	got, err := os.ReadFile(filepath.Join(dir, sample+ExpectedSuffix))
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := os.ReadFile(filepath.Join("..", "..", "compiler", "scaffold", "template", filepath.FromSlash(sample+ExpectedSuffix)))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(shipped) {
		t.Errorf("--update output differs from the template's expected file:\n%s", unifiedDiff("template", "update", string(shipped), string(got)))
	}
	// A second update changes nothing; a run passes.
	if r := find(t, run(t, dir, p, Config{SkipDetections: true, Update: true}), "sample.ndjson"); r.Updated {
		t.Errorf("second update rewrote the file")
	}
	if rep := run(t, dir, p, Config{SkipDetections: true}); !rep.OK() {
		t.Fatalf("after update:\n%s", text(rep))
	}
	// Reformatting the expected file does not matter (keys and spacing).
	var v any
	_ = json.Unmarshal(got, &v)
	compact, _ := json.Marshal(v)
	os.WriteFile(filepath.Join(dir, sample+ExpectedSuffix), compact, 0o644)
	if rep := run(t, dir, p, Config{SkipDetections: true}); !rep.OK() {
		t.Fatalf("compact expected file:\n%s", text(rep))
	}
	// A changed input fails with a diff naming the field, and a line
	// the transform rejects is recorded as sidelined.
	in, _ := os.ReadFile(filepath.Join(dir, sample))
	in = bytes.Replace(in, []byte(`"s-02"`), []byte(`"s-22"`), 1)
	in = append(in, "not json\n"...)
	os.WriteFile(filepath.Join(dir, sample), in, 0o644)
	rep = run(t, dir, p, Config{SkipDetections: true})
	r = find(t, rep, "sample.ndjson")
	if r.Status != Fail || !strings.Contains(r.Diff, "-      \"session_id\": \"s-02\"\n+      \"session_id\": \"s-22\"\n") ||
		!strings.Contains(r.Diff, `+    "_sidelined": {`) || !strings.HasPrefix(r.Diff, "--- "+sample+ExpectedSuffix+"\n+++ got\n@@ ") {
		t.Fatalf("diff:\n%s", r.Diff)
	}
	if r.Line != 2 {
		t.Errorf("diff points at line %d, want 2 (the changed record)", r.Line)
	}

	// Renaming the input orphans the expected file: a failure, and
	// --update removes it (and writes the new input's).
	os.Rename(filepath.Join(dir, sample), filepath.Join(dir, sample+".old.log"))
	rep = run(t, dir, p, Config{SkipDetections: true})
	if r := find(t, rep, "sample.ndjson"+ExpectedSuffix); r.Status != Fail || !strings.Contains(r.Message, "has no input sample.ndjson") {
		t.Fatalf("orphan: %+v", r)
	}
	rep = run(t, dir, p, Config{SkipDetections: true, Update: true})
	if !rep.OK() || rep.Count(Pass) != 2 {
		t.Fatalf("update with an orphan:\n%s", text(rep))
	}
	if _, err := os.Stat(filepath.Join(dir, sample+ExpectedSuffix)); !os.IsNotExist(err) {
		t.Errorf("orphan not removed: %v", err)
	}
	if rep := run(t, dir, p, Config{SkipDetections: true}); !rep.OK() || rep.Count(Pass) != 1 {
		t.Errorf("after removing the orphan:\n%s", text(rep))
	}
}

func TestMinimumTests(t *testing.T) {
	const d = "detections/web_auth_brute_force/tests/"
	dir, p := project(t, map[string]string{
		d + "successful_login.yml":      "",
		d + "brute_force_scenario.yml":  "",
		d + "failed_login_from_log.yml": "",
	})
	rep := run(t, dir, p, Config{MinimumTests: 2, SkipDetections: true})
	r := find(t, rep, "minimum tests")
	if r.Status != Fail || !strings.Contains(r.Message, "has 1 test(s), at least 2 required") ||
		!strings.Contains(r.Message, "no negative test") || strings.Contains(r.Message, "no positive") {
		t.Fatalf("%+v", r)
	}
	if r.File != "detections/web_auth_brute_force/detection.yml" {
		t.Errorf("file %q", r.File)
	}
	// Without the flag, one test is enough.
	if rep := run(t, dir, p, Config{SkipDetections: true}); !rep.OK() {
		t.Errorf("without --minimum-tests:\n%s", text(rep))
	}
}

func TestReportFormats(t *testing.T) {
	rep := &Report{Results: []Result{
		{Suite: "detection d", Name: "ok", File: "detections/d/tests/ok.yml", Line: 1, Status: Pass},
		{Suite: "detection d", Name: "bad <one>", File: "detections/d/tests/bad.yml", Line: 1, Status: Fail,
			Message: "differs", Diff: "--- expected\n+++ got\n@@ -1 +1 @@\n-a]]>\n+b\n"},
		{Suite: "log_source s", Name: "x.log", File: "log_sources/s/test/x.log", Line: 1, Status: Skip, Message: "no python"},
	}}
	var b bytes.Buffer
	if err := rep.WriteJUnit(&b); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Body    string `xml:",chardata"`
				} `xml:"failure"`
				Skipped *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("junit is not well-formed: %v\n%s", err, b.String())
	}
	if doc.Tests != 3 || doc.Failures != 1 || len(doc.Suites) != 2 || len(doc.Suites[0].Cases) != 2 ||
		doc.Suites[0].Cases[1].Name != "bad <one>" || doc.Suites[0].Cases[1].Failure == nil ||
		!strings.Contains(doc.Suites[0].Cases[1].Failure.Body, "-a]]>\n+b") || doc.Suites[1].Cases[0].Skipped == nil {
		t.Errorf("junit:\n%s", b.String())
	}

	b.Reset()
	_ = rep.WriteGitHub(&b)
	wantGH := "::error file=detections/d/tests/bad.yml,line=1,title=detection d%3A bad <one>::differs%0A--- expected%0A+++ got%0A@@ -1 +1 @@%0A-a]]>%0A+b\n1 passed, 1 failed\n"
	if b.String() != wantGH {
		t.Errorf("github:\n%s\nwant:\n%s", b.String(), wantGH)
	}

	b.Reset()
	_ = rep.WriteJSON(&b)
	var js struct {
		Results []Result
		Passed  int
		Failed  int
		Skipped int
	}
	if err := json.Unmarshal(b.Bytes(), &js); err != nil || js.Passed != 1 || js.Failed != 1 || js.Skipped != 1 || len(js.Results) != 3 {
		t.Errorf("json (%v):\n%s", err, b.String())
	}

	out := text(rep)
	for _, want := range []string{"PASS detection d: ok\n", "FAIL detection d: bad <one>\n    detections/d/tests/bad.yml\n    differs\n    --- expected\n",
		"SKIP log_source s: x.log\n    no python\n", "\n1 passed, 1 failed\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
}

func TestUnifiedDiff(t *testing.T) {
	for _, c := range []struct{ a, b, want string }{
		{"x\n", "x\n", ""},
		{"a\nb\nc\n", "a\nB\nc\n", "--- A\n+++ B\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
		{"", "new\n", "--- A\n+++ B\n@@ -0,0 +1 @@\n+new\n"},
		// Changes far apart make two hunks with three lines of context.
		{"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "X\n2\n3\n4\n5\n6\n7\n8\n9\nY\n",
			"--- A\n+++ B\n@@ -1,4 +1,4 @@\n-1\n+X\n 2\n 3\n 4\n@@ -7,4 +7,4 @@\n 7\n 8\n 9\n-10\n+Y\n"},
	} {
		if got := unifiedDiff("A", "B", c.a, c.b); got != c.want {
			t.Errorf("diff(%q, %q):\n%s\nwant:\n%s", c.a, c.b, got, c.want)
		}
	}
}

func TestGroupAlerts(t *testing.T) {
	at := func(min int) time.Time { return time.Date(2026, 1, 1, 0, min, 0, 0, time.UTC) }
	times := []time.Time{at(0), at(1), at(2), at(14), at(15), at(16), at(3)}
	m := func(i int, d string) detect.Match { return detect.Match{Index: i, Dedupe: d} }
	for _, c := range []struct {
		name      string
		matches   []detect.Match
		threshold int
		want      []ExpectedAlert
	}{
		{"threshold 1, one window", []detect.Match{m(0, "a"), m(1, "a"), m(6, "a")}, 1, []ExpectedAlert{{"a", 3}}},
		{"window closes at 15 minutes", []detect.Match{m(0, "a"), m(3, "a"), m(4, "a"), m(5, "a")}, 1, []ExpectedAlert{{"a", 2}, {"a", 2}}},
		{"below threshold", []detect.Match{m(0, "a"), m(1, "a"), m(2, "b")}, 2, []ExpectedAlert{{"a", 2}}},
		{"out of order by time", []detect.Match{m(6, "a"), m(0, "a"), m(4, "a")}, 1, []ExpectedAlert{{"a", 1}, {"a", 2}}},
	} {
		got := groupAlerts(c.matches, times, c.threshold, 15*time.Minute)
		if canonicalJSON(got) != canonicalJSON(c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestDetectionErrors(t *testing.T) {
	if !hasPython() {
		t.Skip("python3 not found; detection tests need it")
	}
	det := func(name, py string) map[string]string {
		base := "detections/" + name + "/"
		return map[string]string{
			base + "detection.yml":  "name: " + name + "\ntables: [web_auth]\n",
			base + "detect.py":      py,
			base + "tests/one.yml":  "name: " + name + " one\nrecord: {user: {name: a}}\nexpect: false\n",
			base + "tests/many.yml": "name: " + name + " many\nrecords: [{user: {name: a}}]\nexpect_alerts: []\n",
		}
	}
	edits := det("raises", "def detect(record):\n    return 1 / 0\n")
	for k, v := range det("unimportable", "import no_such_module_for_matano_tests\n\ndef detect(record):\n    return False\n") {
		edits[k] = v
	}
	dir, p := project(t, edits)
	rep := run(t, dir, p, Config{})
	for _, c := range []struct{ name, want string }{
		{"raises one", "ZeroDivisionError"},
		{"raises many", "ZeroDivisionError"},
		{"unimportable one", "detect.py failed to import: ModuleNotFoundError"},
		{"unimportable many", "detect.py failed to import: ModuleNotFoundError"},
	} {
		if r := find(t, rep, c.name); r.Status != Fail || !strings.Contains(r.Message, c.want) {
			t.Errorf("%s: %s %q, want a failure containing %q", c.name, r.Status, r.Message, c.want)
		}
	}
	if r := find(t, rep, "raises one"); r.Line != 2 {
		t.Errorf("exception points at line %d, want 2 (record)", r.Line)
	}
}
