package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/matano-go/matano/compiler/diag"
)

func TestPathString(t *testing.T) {
	for _, tc := range []struct {
		path Path
		want string
	}{
		{nil, ""},
		{Path{"name"}, "name"},
		{Path{"alert", "destinations", "1"}, "alert.destinations[1]"},
		{Path{"schema", "fields", "0", "type"}, "schema.fields[0].type"},
	} {
		if got := tc.path.String(); got != tc.want {
			t.Errorf("%q: got %q, want %q", []string(tc.path), got, tc.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	for _, tc := range []struct {
		name string
		cand []string
		want string
	}{
		{"severty", []string{"severity", "threshold", "destinations"}, "severity"},
		{"Slack", []string{"slack", "ses", "sns", "webhook"}, "slack"},
		{"aws_cloudtrial", []string{"aws_cloudtrail", "aws_vpcflow"}, "aws_cloudtrail"},
		{"xyz", []string{"severity", "threshold"}, ""},
		{"urgent", []string{"info", "notice", "low", "medium", "high", "critical"}, ""},
		{"same", []string{"same"}, ""},
	} {
		if got := Suggest(tc.name, tc.cand); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// spanText returns the source text a diagnostic's subject covers.
func spanText(d diag.Diagnostic) string {
	return string(d.Subject.File.Src[d.Subject.Start:d.Subject.End])
}

func TestLocate(t *testing.T) {
	src := "name: \"root\"\nalert:\n  severity: 'high'\n  destinations:\n    - slack\n    - \"pager duty\"\nnote: |\n  text\n"
	doc, diags := parseDocument(KindDetection, "d.yml", []byte(src))
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	for _, tc := range []struct {
		path   Path
		target Target
		want   string
	}{
		{Path{"name"}, Key, "name"},
		{Path{"name"}, Value, `"root"`},
		{Path{"alert", "severity"}, Value, `'high'`},
		{Path{"alert", "destinations", "0"}, Value, "slack"},
		{Path{"alert", "destinations", "1"}, Value, `"pager duty"`},
		{Path{"alert", "threshold"}, Value, "alert"}, // missing: the parent's key
		{Path{"note"}, Value, "|"},
	} {
		sp := doc.Locate(tc.path, tc.target)
		if got := string(src[sp.Start:sp.End]); got != tc.want {
			t.Errorf("Locate(%s): got %q, want %q", tc.path, got, tc.want)
		}
	}
}

func TestParseDocumentErrors(t *testing.T) {
	for _, tc := range []struct {
		src, code string
		line, col int
	}{
		{"name: a\ntables: [x\nalert: 1\n", diag.CodeYAMLSyntax, 3, 6},
		{"- a\n", diag.CodeNotAMapping, 1, 1},
		{"", diag.CodeNotAMapping, 1, 1},
		{"name: a\nname: b\n", diag.CodeDuplicateKey, 2, 1},
		{"a:\n  b: 1\n  b: 2\n", diag.CodeDuplicateKey, 3, 3},
	} {
		_, diags := parseDocument(KindDetection, "d.yml", []byte(tc.src))
		if len(diags) != 1 {
			t.Errorf("%q: want one diagnostic, got %v", tc.src, diags)
			continue
		}
		d := diags[0]
		pos := d.Subject.File.Position(d.Subject.Start)
		if d.Code != tc.code || pos.Line != tc.line || pos.Col != tc.col {
			t.Errorf("%q: got %s at %d:%d, want %s at %d:%d", tc.src, d.Code, pos.Line, pos.Col, tc.code, tc.line, tc.col)
		}
	}
}

func TestFieldTypes(t *testing.T) {
	for _, tc := range []struct {
		typ  string // YAML for the type value
		want string // Type.String, or the diagnostic code
	}{
		{"string", "string"},
		{"timestamptz", "timestamptz"},
		{"decimal(10, 2)", "decimal(10,2)"},
		{"fixed(16)", "fixed(16)"},
		{"{type: list, element: long}", "list<long>"},
		{"{type: map, key: string, value: {type: list, element: int}}", "map<string,list<int>>"},
		{"{type: struct, fields: [{name: a, type: date}, {name: b, type: binary}]}", "struct<a:date,b:binary>"},
		{"strng", diag.CodeInvalidFieldType},
		{"decimal(39,1)", diag.CodeInvalidFieldType},
		{"decimal(5,6)", diag.CodeInvalidFieldType},
		{"list", diag.CodeInvalidFieldType},
		{"{type: lst, element: int}", diag.CodeInvalidFieldType},
		{"{type: list}", diag.CodeMissingKey},
		{"{type: list, elem: int}", diag.CodeUnknownKey},
		{"{type: map, key: {type: list, element: int}, value: int}", diag.CodeInvalidFieldType},
		{"{fields: []}", diag.CodeMissingKey},
	} {
		src := "name: x\nschema:\n  fields:\n    - name: f\n      type: " + tc.typ + "\n"
		doc, diags := parseDocument(KindLogSource, "l.yml", []byte(src))
		if len(diags) != 0 {
			t.Fatalf("%s: %v", tc.typ, diags)
		}
		s := schemaDecoder{doc, &diags}.schema(mapValue(doc.Root, "schema"), Path{"schema"})
		got := ""
		if len(diags) > 0 {
			got = diags[0].Code
		} else if len(s.Fields) == 1 {
			got = s.Fields[0].Type.String()
		}
		if got != tc.want {
			t.Errorf("type %s: got %q, want %q (diags %v)", tc.typ, got, tc.want, diags)
		}
	}
}

func TestTablesMerge(t *testing.T) {
	fsys := fstest.MapFS{
		"matano.config.yml": {Data: []byte("aws:\n  region: us-east-1\n")},
		"log_sources/zeek/log_source.yml": {Data: []byte(`name: zeek
schema:
  ecs_field_names: [source.ip, event.created]
  fields:
    - name: zeek
      type: {type: struct, fields: [{name: uid, type: string}]}
    - name: level
      type: int
transform: .a = 1
`)},
		"log_sources/zeek/tables/dns.yml": {Data: []byte(`name: dns
schema:
  ecs_field_names: [dns.question.name, source.ip]
  fields:
    - name: zeek
      type: {type: struct, fields: [{name: rtt, type: double}]}
    - name: level
      type: long
transform: .b = 2
`)},
		"log_sources/zeek/tables/default.yml": {Data: []byte("name: default\n")},
		"log_sources/okta/log_source.yml":     {Data: []byte("name: okta\n")},
	}
	p, diags := Load(fsys, "mem")
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	var names []string
	for _, tb := range p.Tables() {
		names = append(names, tb.Name)
	}
	if got := strings.Join(names, ","); got != "okta,zeek,zeek_dns" {
		t.Fatalf("tables: got %s", got)
	}
	dns := p.Table("zeek_dns")
	if got := strings.Join(dns.Schema.ECSFieldNames, ","); got != "source.ip,event.created,dns.question.name" {
		t.Errorf("ecs union: got %s", got)
	}
	if len(dns.Schema.Fields) != 2 || dns.Schema.Fields[0].Type.String() != "struct<uid:string,rtt:double>" || dns.Schema.Fields[1].Type.String() != "long" {
		t.Errorf("fields merge: got %+v", dns.Schema.Fields)
	}
	if dns.Transform != ".a = 1\n.b = 2" {
		t.Errorf("transform: got %q", dns.Transform)
	}
	if def := p.Table("zeek"); def.Local != "default" || def.Transform != ".a = 1" {
		t.Errorf("default table: %+v", def)
	}
}

func TestLoadDefaultsAndLegacy(t *testing.T) {
	fsys := fstest.MapFS{
		"matano.config.yml":          {Data: []byte("aws_account: 012345678901\naws_region: eu-west-1\naws:\n  tags: {a: b}\n")},
		"detections/d/detection.yml": {Data: []byte("name: d\ntables: [t]\n")},
		"detections/d/detect.py":     {Data: []byte("def detect(r):\n    return True\n")},
	}
	p, diags := Load(fsys, "mem")
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	if p.Config.AWS.Account != "012345678901" || p.Config.AWS.Region != "eu-west-1" || p.Config.AWS.Tags["a"] != "b" {
		t.Errorf("config: %+v", p.Config.AWS)
	}
	d := p.Detections[0]
	if !d.Enabled || d.Alert.Severity != "info" || d.Alert.Threshold != 1 || d.Alert.DeduplicationWindowMinutes != 60 || d.Python == nil {
		t.Errorf("detection defaults: %+v", d)
	}
}

func TestFindRoot(t *testing.T) {
	tmp := t.TempDir()
	mk := func(rel string) string {
		dir := filepath.Join(tmp, rel)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	cfg := func(dir string) {
		if err := os.WriteFile(filepath.Join(dir, ConfigFile), []byte("{}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	repo := mk("repo")
	mk("repo/.git")
	lake := mk("repo/infra/lake")
	cfg(lake)
	other := mk("repo/tools/deep/er")

	cases := []struct {
		name, start, explicit, want, err string
	}{
		{"explicit", other, lake, lake, ""},
		{"explicit missing", other, filepath.Join(tmp, "nope"), "", "no such file"},
		{"cwd", lake, "", lake, ""},
		{"below", repo, "", lake, ""},
		{"git root", other, "", lake, ""},
		{"nothing", mk("elsewhere"), "", "", "no matano.config.yml found"},
	}
	for _, tc := range cases {
		got, err := FindRoot(tc.start, tc.explicit)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: want error containing %q, got %v", tc.name, tc.err, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}

	second := mk("repo/infra/lake2")
	cfg(second)
	if _, err := FindRoot(repo, ""); err == nil || !strings.Contains(err.Error(), "several") {
		t.Errorf("two candidates: want an error listing both, got %v", err)
	}
	tooDeep := mk("deep/a/b/c/d")
	cfg(tooDeep)
	if _, err := FindRoot(filepath.Join(tmp, "deep"), ""); err == nil {
		t.Errorf("a config four levels down must not be found")
	}
}

func TestTablesMergeConflict(t *testing.T) {
	fsys := fstest.MapFS{
		"matano.config.yml": {Data: []byte("aws:\n  region: us-east-1\n")},
		"log_sources/app/log_source.yml": {Data: []byte(`name: app
schema:
  fields:
    - name: port
      type: int
    - name: ratio
      type: float
`)},
		"log_sources/app/tables/t.yml": {Data: []byte(`name: t
schema:
  fields:
    - name: port
      type: string
    - name: ratio
      type: double
`)},
	}
	p, diags := Load(fsys, "mem")
	if len(diags) != 1 || diags[0].Code != diag.CodeFieldTypeConflict || !strings.Contains(diags[0].Summary, `"port" is string here but int`) {
		t.Fatalf("want one M408 for port, got %v", diags)
	}
	tb := p.Table("app_t")
	if tb.Schema.Fields[0].Type.String() != "int" || tb.Schema.Fields[1].Type.String() != "double" {
		t.Errorf("conflict keeps the log source's type, a widening wins: %+v", tb.Schema.Fields)
	}
}
