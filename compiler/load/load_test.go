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

// A managed log source: the embedded definition is merged under the
// user's files as Matano does (the user's keys win, transforms run
// managed first, tables are enabled by file name and can't be renamed).
func TestManagedMerge(t *testing.T) {
	fsys := fstest.MapFS{
		"matano.config.yml": {Data: []byte("aws:\n  region: us-east-1\n")},
		"log_sources/aws_trail/log_source.yml": {Data: []byte(`name: aws_trail
managed:
  type: AWS_CLOUDTRAIL
ingest:
  select_table_from_payload_metadata: '"default"'
schema:
  fields:
    - name: acme
      type: {type: struct, fields: [{name: team, type: string}]}
transform: .acme.team = "cloud"
`)},
		"log_sources/aws_trail/tables/default.yml": {Data: []byte("name: default\n")},
		"log_sources/aws_trail/tables/digest.yml":  {Data: []byte("transform: .acme.team = \"audit\"\n")},
		"log_sources/o365/log_source.yml": {Data: []byte(`name: o365
managed:
  type: o365
  properties:
    tenant_id: 0000-1111
    tenant_name: Acme
`)},
	}
	p, diags := Load(fsys, "mem")
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	var names []string
	for _, tb := range p.Tables() {
		names = append(names, tb.Name)
	}
	if got := strings.Join(names, ","); got != "aws_trail,aws_trail_digest,o365" {
		t.Fatalf("tables: %s (insights is not enabled, so it is not a table; o365 enables none: one default table)", got)
	}
	ls := p.LogSources[0]
	if ls.ManagedDoc == nil || !strings.HasPrefix(ls.ManagedDoc.File.Name, ManagedFilePrefix+"aws_cloudtrail/") {
		t.Fatalf("managed doc: %+v", ls.ManagedDoc)
	}
	// The user's key replaces the managed one; the managed key the user
	// did not set is inherited, and IngestDoc says from which file.
	if ls.Ingest.SelectTableFromPayloadMetadata != `"default"` || ls.IngestDoc("select_table_from_payload_metadata") != ls.Doc {
		t.Errorf("select_table_from_payload_metadata: %q", ls.Ingest.SelectTableFromPayloadMetadata)
	}
	if ls.Ingest.ExpandRecordsFromPayload == "" || ls.IngestDoc("expand_records_from_payload") != ls.ManagedDoc {
		t.Errorf("expand_records_from_payload not inherited from the managed definition")
	}
	def, dig := p.Table("aws_trail"), p.Table("aws_trail_digest")
	if !strings.HasSuffix(def.Transform, "\n.acme.team = \"cloud\"") || len(ls.TransformDocs) != 2 || ls.TransformDocs[0] != ls.ManagedDoc {
		t.Errorf("log source transform: the user's must run after the managed one")
	}
	if !strings.HasSuffix(dig.Transform, ".acme.team = \"audit\"") || dig.ManagedDoc == nil || len(dig.TransformDocs) != 2 {
		t.Errorf("digest table: managed table transform then the user's: %q", dig.Transform)
	}
	if !strings.Contains(dig.Transform, "digestS3Object") {
		t.Errorf("digest table lacks the managed table transform")
	}
	hasField := func(tb *Table, name string) bool {
		for _, f := range tb.Schema.Fields {
			if f.Name == name {
				return true
			}
		}
		return false
	}
	if !hasField(def, "acme") || !hasField(def, "aws") {
		t.Errorf("default table fields: user's and managed ones expected, got %+v", def.Schema.Fields)
	}
	o365 := p.LogSources[1]
	if o365.TransformDocs[0].File.Name != ManagedFilePrefix+"o365/managed.properties" ||
		!strings.HasPrefix(o365.Transform, `tenants = {"0000-1111":"Acme"}`) {
		t.Errorf("o365 tenants prelude: %q", o365.Transform[:min(60, len(o365.Transform))])
	}
}

func TestManagedTableErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"matano.config.yml":               {Data: []byte("aws:\n  region: us-east-1\n")},
		"log_sources/zeek/log_source.yml": {Data: []byte("name: zeek\nmanaged:\n  type: zeek\n")},
		"log_sources/zeek/tables/dns.yml": {Data: []byte("name: domain\n")},
		"log_sources/zeek/tables/dsn.yml": {Data: []byte("name: dsn\n")},
	}
	_, diags := Load(fsys, "mem")
	var codes []string
	for _, d := range diags {
		codes = append(codes, d.Code+" "+d.Summary)
	}
	got := strings.Join(codes, "\n")
	if !strings.Contains(got, "M212 a managed table can't be renamed: dns.yml defines table \"dns\", not \"domain\"") ||
		!strings.Contains(got, "M211 dsn.yml is not a table of the managed zeek log source") || len(diags) != 2 {
		t.Errorf("diagnostics:\n%s", got)
	}
}
