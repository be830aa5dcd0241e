package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
)

const testConfig = "aws:\n  account: \"123456789012\"\n  region: us-east-1\nproject_label: acme-sec\n"

// baseFS is a small valid directory; cases add or replace files.
func baseFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"matano.config.yml":                         {Data: []byte(testConfig)},
		"log_sources/aws_cloudtrail/log_source.yml": {Data: []byte("name: aws_cloudtrail\nmanaged:\n  type: aws_cloudtrail\n")},
		"integrations/destinations/slack.yml":       {Data: []byte("name: slack\ntype: slack\nproperties:\n  channel: sec\n")},
	}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

// TestSchemaMessages pins the wording and the pointed-at text of the
// diagnostics made from CUE errors, one file at a time.
func TestSchemaMessages(t *testing.T) {
	for _, tc := range []struct {
		name, file, src string
		code, summary   string
		subject, hint   string
	}{
		{"unknown top-level key", "detections/d/detection.yml", "name: d\ntables: [aws_cloudtrail]\ntabels: []\n",
			diag.CodeUnknownKey, `unknown key "tabels" in detection`, "tabels", `did you mean "tables"?`},
		{"unknown nested key", "detections/d/detection.yml", "name: d\ntables: [aws_cloudtrail]\nalert:\n  severty: high\n",
			diag.CodeUnknownKey, `unknown key "severty" in alert`, "severty", `did you mean "severity"?`},
		{"unknown key in list element", "log_sources/aws_cloudtrail/log_source.yml", "name: aws_cloudtrail\nschema:\n  fields:\n    - nmae: a\n      name: a\n      type: string\n",
			diag.CodeUnknownKey, `unknown key "nmae" in schema.fields[0]`, "nmae", `did you mean "name"?`},
		{"enum", "detections/d/detection.yml", "name: d\ntables: [aws_cloudtrail]\nalert:\n  severity: hihg\n",
			diag.CodeInvalidEnum, `invalid value "hihg" for "severity": must be one of info, notice, low, medium, high, critical`, "hihg", `did you mean "high"?`},
		{"wrong type", "detections/d/detection.yml", "name: d\ntables: aws_cloudtrail\n",
			diag.CodeWrongType, `"tables" must be a list, not a string`, "aws_cloudtrail", ""},
		{"wrong element type", "detections/d/detection.yml", "name: d\ntables: [aws_cloudtrail, {a: 1}]\n",
			diag.CodeWrongType, `"tables[1]" must be a string, not a mapping`, "{a: 1}", ""},
		{"quoted number", "detections/d/detection.yml", "name: d\ntables: [aws_cloudtrail]\nalert:\n  threshold: \"5\"\n",
			diag.CodeWrongType, `"threshold" must be an integer, not a string`, `"5"`, "remove the quotes"},
		{"bound", "detections/d/detection.yml", "name: d\ntables: [aws_cloudtrail]\nalert:\n  deduplication_window_minutes: 0\n",
			diag.CodeInvalidValue, `invalid value 0 for "deduplication_window_minutes": must be between 1 and 1440 minutes (one day)`, "0", ""},
		{"pattern", "log_sources/aws_cloudtrail/log_source.yml", "name: aws_cloudtrail\ningest:\n  s3_source:\n    access_role_arn: my-role\n",
			diag.CodeInvalidValue, `invalid value "my-role" for "access_role_arn": must be an IAM role ARN such as arn:aws:iam::123456789012:role/name`, "my-role", ""},
		{"missing key", "detections/d/detection.yml", "tables: [aws_cloudtrail]\n",
			diag.CodeMissingKey, `missing required key "name" in detection`, "", ""},
		{"missing nested key", "integrations/destinations/slack.yml", "name: slack\ntype: slack\nproperties:\n  client_id: x\n",
			diag.CodeMissingKey, `missing required key "channel" in properties`, "properties", ""},
		{"destination branch keys", "integrations/destinations/slack.yml", "name: slack\ntype: ses\nproperties:\n  sender: a@example.com\n  recipients: []\n  chanel: x\n",
			diag.CodeUnknownKey, `unknown key "chanel" in properties`, "chanel", ""},
		{"region", "matano.config.yml", "aws:\n  account: \"123456789012\"\n  region: US-EAST-1\n",
			diag.CodeInvalidValue, `invalid value "US-EAST-1" for "region": must be an AWS region such as us-east-1`, "US-EAST-1", ""},
		{"account as number", "matano.config.yml", "aws:\n  account: 123456789012\n  region: us-east-1\nproject_label: acme-sec\n",
			"", "", "", ""},
		{"short account", "matano.config.yml", "aws:\n  account: \"12345\"\n",
			diag.CodeInvalidAccount, `invalid AWS account id "12345": it must be exactly 12 digits`, `"12345"`, `account ids with leading zeros must be quoted: "000000012345"`},
		{"label with matano", "matano.config.yml", "project_label: matano-ab\n",
			diag.CodeInvalidLabel, `invalid project_label "matano-ab": it must not contain "matano", which Matano adds itself`, "matano-ab", ""},
		{"label too short", "matano.config.yml", "project_label: ab\n",
			diag.CodeInvalidLabel, `invalid project_label "ab": it must be at least 5 characters`, "ab", ""},
		{"label case", "matano.config.yml", "project_label: Acme-Sec\n",
			diag.CodeInvalidLabel, `invalid project_label "Acme-Sec": it must be kebab-case (lowercase letters, digits and single hyphens)`, "Acme-Sec", `try "acme-sec"`},
		{"legacy key", "matano.config.yml", "aws_account: \"123456789012\"\n",
			diag.CodeDeprecatedKey, "aws_account is the legacy spelling of aws.account", "aws_account", "move it under aws: as account"},
		{"sqs source", "log_sources/aws_cloudtrail/log_source.yml", "name: aws_cloudtrail\nmanaged:\n  type: aws_cloudtrail\ningest:\n  sqs_source:\n    enabled: true\n",
			diag.CodeSQSSourceNotBuilt, `log source "aws_cloudtrail" enables ingest.sqs_source, but the AWS deployment creates no SQS ingestion queue for it`, "true", "write the records to S3, or remove sqs_source"},
		{"sqs source disabled", "log_sources/aws_cloudtrail/log_source.yml", "name: aws_cloudtrail\nmanaged:\n  type: aws_cloudtrail\ningest:\n  sqs_source:\n    enabled: false\n",
			"", "", "", ""},
		{"webhook both", "integrations/destinations/slack.yml", "name: hook\ntype: webhook\nproperties:\n  url_env: A\n  url_secret: B\n",
			diag.CodeInvalidDestination, "a webhook destination sets both url_env and url_secret", "url_secret", "keep one of them"},
		{"empty tables", "detections/d/detection.yml", "name: d\ntables: []\n",
			diag.CodeInvalidValue, "a detection must read at least one table", "[]", ""},
		{"merge keys and aliases", "detections/d/detection.yml", "name: d\ntables: &t [aws_cloudtrail]\nreferences: *t\nalert:\n  <<: {severity: high}\n  threshold: 2\n",
			"", "", "", ""},
		{"second document", "detections/d/detection.yml", "name: d\ntables: [aws_cloudtrail]\n---\nname: e\n",
			diag.CodeMultipleDocuments, "a detection file must hold one YAML document", "---", `remove the "---" separator and merge the documents`},
		{"key that is not a CUE identifier", "matano.config.yml", "aws:\n  tags:\n    cost-center: 12\n",
			diag.CodeWrongType, `"cost-center" must be a string, not an integer`, "12", `quote it: "12"`},
		{"string check skips non-strings", "detections/d/detection.yml", "name: d\ntables: [aws_cloudtrail, 3]\n",
			diag.CodeWrongType, `"tables[1]" must be a string, not an integer`, "3", `quote it: "3"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{tc.file: tc.src}
			if strings.HasPrefix(tc.file, "detections/") {
				files["detections/d/detect.py"] = "def detect(r):\n    return True\n"
			}
			_, diags := Dir("mem", Options{FS: baseFS(files), SkipPython: true})
			if tc.code == "" {
				if len(diags) != 0 {
					t.Fatalf("want no diagnostics, got:\n%s", plain(diags))
				}
				return
			}
			if len(diags) != 1 {
				t.Fatalf("want one diagnostic, got:\n%s", plain(diags))
			}
			d := diags[0]
			if d.Code != tc.code || d.Summary != tc.summary || d.Hint != tc.hint {
				t.Errorf("got  %s %q (hint %q)\nwant %s %q (hint %q)", d.Code, d.Summary, d.Hint, tc.code, tc.summary, tc.hint)
			}
			if d.Subject.File == nil || d.Subject.File.Name != tc.file {
				t.Fatalf("subject not in %s: %+v", tc.file, d.Subject)
			}
			if got := string(d.Subject.File.Src[d.Subject.Start:d.Subject.End]); got != tc.subject {
				t.Errorf("subject text %q, want %q", got, tc.subject)
			}
			if d.Path == "" && d.Code != diag.CodeMultipleDocuments {
				t.Errorf("no data path")
			}
		})
	}
}

func TestPythonUnavailable(t *testing.T) {
	fsys := baseFS(map[string]string{
		"detections/d/detection.yml": "name: d\ntables: [aws_cloudtrail]\n",
		"detections/d/detect.py":     "def detect(r)\n",
	})
	_, diags := Dir("mem", Options{FS: fsys, Python: "matano-test-no-such-python"})
	if len(diags) != 1 || diags[0].Code != diag.CodePythonUnavailable || diags[0].Severity != diag.Warning {
		t.Fatalf("want one M302 warning, got:\n%s", plain(diags))
	}
	if _, diags := Dir("mem", Options{FS: fsys, SkipPython: true}); len(diags) != 0 {
		t.Fatalf("SkipPython: want nothing, got:\n%s", plain(diags))
	}
}

func TestPythonUnicodeColumns(t *testing.T) {
	fsys := baseFS(map[string]string{
		"detections/d/detection.yml": "name: d\ntables: [aws_cloudtrail]\n",
		"detections/d/detect.py":     "def detect(r):\n    return r == \"é\" ?\n",
	})
	_, diags := Dir("mem", Options{FS: fsys})
	if len(diags) != 1 || diags[0].Code != diag.CodePythonSyntax {
		t.Fatalf("want one M300, got:\n%s", plain(diags))
	}
	d := diags[0]
	if got := string(d.Subject.File.Src[d.Subject.Start:d.Subject.End]); got != "?" {
		t.Errorf("subject text %q, want \"?\"", got)
	}
}

func TestDeterministic(t *testing.T) {
	dir := filepath.Join(dirsRoot, "invalid", "types_and_ranges")
	_, a := Dir(dir, Options{FS: os.DirFS(dir)})
	for i := 0; i < 3; i++ {
		_, b := Dir(dir, Options{FS: os.DirFS(dir)})
		if plain(a) != plain(b) {
			t.Fatalf("run %d differs:\n%s\nvs\n%s", i, plain(a), plain(b))
		}
	}
}

func TestDirOnDisk(t *testing.T) {
	dir := filepath.Join(dirsRoot, "valid", "readme_example")
	p, diags := Dir(dir, Options{})
	if len(diags) != 0 {
		t.Fatalf("want no diagnostics, got:\n%s", plain(diags))
	}
	var got []string
	for _, tb := range p.Tables() {
		got = append(got, tb.Name)
	}
	if strings.Join(got, ",") != "aws_cloudtrail,zeek_conn,zeek_dns" {
		t.Errorf("tables: %v", got)
	}
	if len(p.Detections) != 2 || p.Detections[0].Python == nil || p.Detections[0].Alert.Destinations[0] != "slack" && p.Detections[0].Alert.Destinations[0] != "security_slack" {
		t.Errorf("detections: %+v", p.Detections)
	}
	if _, diags := Dir(filepath.Join(dirsRoot, "no-such-dir"), Options{}); len(diags) != 1 || diags[0].Code != diag.CodeReadFailed {
		t.Errorf("missing directory: got\n%s", plain(diags))
	}
	_ = load.ConfigFile
}

// TestGoldenCodesRegistered checks that every code in the golden files
// is in the registry, so no diagnostic ships with an undocumented code.
func TestGoldenCodesRegistered(t *testing.T) {
	goldens, _ := filepath.Glob(filepath.Join(dirsRoot, "invalid", "*", "golden.txt"))
	for _, g := range goldens {
		src, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(src), "\n") {
			_, rest, ok := strings.Cut(line, "[M")
			if !ok {
				continue
			}
			code := "M" + rest[:3]
			if _, ok := diag.LookupCode(code); !ok {
				t.Errorf("%s: code %s is not registered", g, code)
			}
		}
	}
}

func TestTableResolution(t *testing.T) {
	for _, tc := range []struct {
		name   string
		files  map[string]string
		tables string
		want   string // code of the single diagnostic, "" for none
	}{
		{"default table", nil, "aws_cloudtrail", ""},
		{"managed table not enabled", map[string]string{
			"log_sources/zeek/log_source.yml":        "name: zeek\nmanaged:\n  type: ZEEK\n",
			"log_sources/zeek/tables/connection.yml": "name: connection\n",
		}, "zeek_dns", diag.CodeUnknownTable},
		{"managed source enabling no table", map[string]string{
			"log_sources/zeek/log_source.yml": "name: zeek\nmanaged:\n  type: ZEEK\n",
		}, "aws_cloudtrail", diag.CodeNoManagedTable},
		{"managed table enabled", map[string]string{
			"log_sources/zeek/log_source.yml": "name: zeek\nmanaged:\n  type: ZEEK\n",
			"log_sources/zeek/tables/dns.yml": "name: dns\n",
		}, "zeek_dns", ""},
		{"managed single-table source", nil, "aws_cloudtrail_dns", diag.CodeUnknownTable},
		{"explicit tables replace the default", map[string]string{
			"log_sources/custom/log_source.yml":  "name: custom\n",
			"log_sources/custom/tables/http.yml": "name: http\n",
		}, "custom", diag.CodeUnknownTable},
		{"table named default", map[string]string{
			"log_sources/custom/log_source.yml":     "name: custom\n",
			"log_sources/custom/tables/default.yml": "name: default\n",
		}, "custom", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{
				"detections/d/detection.yml": "name: d\ntables: [" + tc.tables + "]\n",
				"detections/d/detect.py":     "def detect(r):\n    return True\n",
			}
			for k, v := range tc.files {
				files[k] = v
			}
			_, diags := Dir("mem", Options{FS: baseFS(files), SkipPython: true})
			switch {
			case tc.want == "" && len(diags) != 0:
				t.Errorf("want no diagnostics, got:\n%s", plain(diags))
			case tc.want != "" && (len(diags) != 1 || diags[0].Code != tc.want):
				t.Errorf("want one %s, got:\n%s", tc.want, plain(diags))
			}
		})
	}
}
