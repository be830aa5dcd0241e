package typecheck

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/scaffold"
	"github.com/matano-go/matano/compiler/schema"
)

const config = "aws:\n  account: \"123456789012\"\n  region: us-east-1\nproject_label: acme-sec\n"

// run loads a directory from files and type-checks it; loader and schema
// diagnostics must be empty, so a test sees only this package's.
func run(t testing.TB, files map[string]string) diag.List {
	t.Helper()
	fsys := fstest.MapFS{"matano.config.yml": {Data: []byte(config)}}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	p, ld := load.Load(fsys, "test")
	schemas, sd := schema.Project(p)
	if len(ld)+len(sd) > 0 {
		t.Fatalf("fixture does not load cleanly:\n%s%s", diag.FormatText(ld), diag.FormatText(sd))
	}
	return Project(p, schemas)
}

func locs(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		pos := d.Subject.File.Position(d.Subject.Start)
		fmt.Fprintf(&b, "%s:%d:%d %s %s\n", d.Subject.File.Name, pos.Line, pos.Col, d.Code, d.Summary)
	}
	return b.String()
}

// TestPositions checks that VRL diagnostics land on the right YAML line
// and column for each way of writing a string in YAML, and that the
// styles that cannot be mapped exactly say so.
func TestPositions(t *testing.T) {
	schemaYAML := "schema:\n  ecs_field_names: [source.ip]\n"
	tests := []struct {
		name, transform string
		want            string // line:col of the first diagnostic (the transform key is on line 4)
		exact           bool
	}{
		{"literal", "transform: |\n  .source.ip = \"a\"\n  .source.ip = upcase(.json.ip)\n", "6:16", true},
		{"literal indented 4", "transform: |\n    .source.ip = \"a\"\n\n    .source.ip = upcase(.json.ip)\n", "7:18", true},
		{"literal strip", "transform: |-\n  .source.ip = upcase(.json.ip)\n", "5:16", true},
		{"literal keep", "transform: |+\n  .source.ip = upcase(.json.ip)\n\n", "5:16", true},
		{"literal comment", "transform: | # the transform\n  .source.ip = upcase(.json.ip)\n", "5:16", true},
		{"double quoted", "transform: \".source.ip = upcase(.json.ip)\"\n", "4:26", true},
		{"single quoted", "transform: '.source.ip = upcase(.json.ip)'\n", "4:26", true},
		{"plain", "transform: .source.ip = upcase(.json.ip)\n", "4:25", true},
		{"escaped", "transform: \".source.ip = \\\"a\\\"\\n.source.ip = upcase(.json.ip)\"\n", "4:12", false},
		{"folded", "transform: >\n  .source.ip = \"a\"\n\n  .source.ip = upcase(.json.ip)\n", "4:12", false},
		{"indentation indicator", "transform: |2\n  .source.ip = upcase(.json.ip)\n", "4:12", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := run(t, map[string]string{"log_sources/web/log_source.yml": "name: web\n" + schemaYAML + tt.transform})
			if len(l) == 0 {
				t.Fatal("no diagnostics")
			}
			d := l[0]
			pos := d.Subject.File.Position(d.Subject.Start)
			if got := fmt.Sprintf("%d:%d", pos.Line, pos.Col); got != tt.want || d.Code != "E103" {
				t.Errorf("got %s %s, want %s E103\n%s", got, d.Code, tt.want, locs(l))
			}
			approx := len(d.Notes) > 0 && strings.Contains(d.Notes[0], "literal block")
			if approx == tt.exact {
				t.Errorf("exact = %v, want %v (notes %q)", !approx, tt.exact, d.Notes)
			}
		})
	}
}

// TestJoinedTransforms checks that a table transform's diagnostics point
// into the table file and the log source's into the log source file.
func TestJoinedTransforms(t *testing.T) {
	l := run(t, map[string]string{
		"log_sources/web/log_source.yml":      "name: web\nschema:\n  ecs_field_names: [source.ip, source.port]\ntransform: |-\n  .source.ip = upcase(.json.ip)\n",
		"log_sources/web/tables/access.yml":   "name: access\ntransform: |\n  .source.port = \"80\"\n",
		"log_sources/web/tables/error.yml":    "name: error\n",
		"log_sources/web/tables/unknowns.yml": "name: unknowns\ntransform: |\n  .source.prot = 80\n",
	})
	got := locs(l)
	want := `log_sources/web/log_source.yml:5:16 E103 unhandled fallible assignment
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// Fix the shared error: the table checks run.
	l = run(t, map[string]string{
		"log_sources/web/log_source.yml":      "name: web\nschema:\n  ecs_field_names: [source.ip, source.port]\ntransform: |-\n  .source.ip = upcase(string!(.json.ip))\n  .event.kind = \"event\"\n",
		"log_sources/web/tables/access.yml":   "name: access\ntransform: |\n  .source.port = \"80\"\n",
		"log_sources/web/tables/unknowns.yml": "name: unknowns\ntransform: |\n  .source.prot = 80\n",
	})
	l.Sort()
	got = locs(l)
	want = `log_sources/web/log_source.yml:6:3 M403 event.kind is not a column of tables web_access and web_unknowns, so it is dropped when their events are written
log_sources/web/tables/access.yml:3:3 M402 cannot write string to source.port, a long column
log_sources/web/tables/unknowns.yml:3:3 M403 source.prot is not a column of table web_unknowns, so it is dropped when the event is written
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestRendered checks the text renderer draws the YAML line with a caret
// under the offending expression.
func TestRendered(t *testing.T) {
	l := run(t, map[string]string{
		"log_sources/web/log_source.yml": "name: web\nschema:\n  ecs_field_names: [source.port]\ntransform: |\n  .source.port = string!(.json.port)\n",
	})
	out := diag.FormatText(l)
	for _, want := range []string{
		"log_sources/web/log_source.yml:5:18",
		"5 │   .source.port = string!(.json.port)",
		"^^^^^^^^^^^^^^^^^^^ this is a string",
		"source.port is a long column",
		"to_int!(string!(.json.port))",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered output lacks %q:\n%s", want, out)
		}
	}
}

// TestCleanTransforms are programs that must produce no diagnostic: the
// maybe cases (any), conversions, nulls, deleted temporaries, .json.
func TestCleanTransforms(t *testing.T) {
	l := run(t, map[string]string{
		"log_sources/web/log_source.yml": `name: web
schema:
  ecs_field_names: [source.ip, source.port, event.category, event.duration, related.ip, user.name]
  fields:
    - name: web
      type:
        type: struct
        fields:
          - {name: ratio, type: double}
          - {name: attrs, type: {type: map, key: string, value: string}}
transform: |
  .ts = parse_timestamp(string!(.json.time), "%+") ?? .ts
  .source.ip = .json.ip
  .source.port = to_int(.json.port) ?? null
  .event.category = ["web"]
  .event.duration = 12
  .web.ratio = 3
  .web.attrs = {"a": "b"}
  .web.attrs.c = "d"
  .related.ip = push(.related.ip, "10.0.0.1")
  .user = {"name": "root"}
  .json.extra = 1
  .tmp = 1
  del(.tmp)
  .user.name = 1
  .user.name = to_string(.user.name)
`,
	})
	if len(l) != 0 {
		t.Errorf("want no diagnostics, got:\n%s", diag.FormatText(l))
	}
}

// TestScaffold checks that the directory `matano init` writes validates
// without errors or warnings.
func TestScaffold(t *testing.T) {
	dir := t.TempDir()
	if _, err := scaffold.Write(dir, scaffold.Options{Name: "x", Account: "123456789012", Region: "us-east-1"}, false); err != nil {
		t.Fatal(err)
	}
	p, ld := load.Load(os.DirFS(dir), dir)
	schemas, sd := schema.Project(p)
	l := append(append(ld, sd...), Project(p, schemas)...)
	if len(l) != 0 {
		t.Errorf("want no diagnostics, got:\n%s", diag.FormatText(l))
	}
	if len(p.LogSources) == 0 || p.LogSources[0].Transform == "" {
		t.Error("the template has no transform to check")
	}
}
