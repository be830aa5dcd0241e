package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/compiler/validate"
	"github.com/matano-go/matano/runtime/lake"
)

// webLines are the input of the web log source: each line says what must
// become of it.
var webLines = []struct {
	line string
	kind lake.Kind // "" written, else where it goes
	why  string    // a fragment of the sideline message
	mark string    // a fragment of the sidelined record
}{
	{`{"time":"2024-01-02T03:04:05Z","action":"login","user":"alice","client_ip":"10.0.0.1","bytes":100,"status":"200"}`, "", "", ""},
	{`{"time":"2024-01-02T04:04:05Z","action":"logout","user":"bob","client_ip":"10.0.0.2","bytes":7,"status":"404"}`, "", "", ""},
	// Not JSON: it reaches the transform as .message only, and
	// parse_timestamp! fails on the missing .json.time.
	{`{"time": "2024-01-02T03:04:05Z", "action": `, lake.KindVRLError, "parse_timestamp", jsonString(`"action": `)},
	{`{"time":"2024-01-02T03:04:05Z","action":"login","user":"carol","status":"abc"}`, lake.KindVRLError, "to_int", `"carol"`},
	{`{"time":"2024-01-02T03:04:05Z","action":"skip","user":"dave","status":"200"}`, lake.KindVRLAbort, "", `"dave"`},
	// bytes is any to the checker; at run time a string cannot go into a
	// long column.
	{`{"time":"2024-01-02T03:04:05Z","action":"login","user":"erin","bytes":"lots","status":"200"}`, lake.KindCast, "web.bytes", `"erin"`},
}

func webInput() []byte {
	var b bytes.Buffer
	for _, l := range webLines {
		b.WriteString(l.line)
		b.WriteString("\n\n") // blank lines are not records
	}
	return b.Bytes()
}

func gzipped(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type fixture struct {
	dir, wh string
	cfg     Config
	lake    *lake.Lake
}

func newFixture(t *testing.T, source string) *fixture {
	t.Helper()
	dir := writeProject(t, testProject)
	p, schemas := loadProject(t, dir)
	wh := filepath.Join(dir, ".matano", "lake")
	f := &fixture{dir: dir, wh: wh, lake: openLake(t, wh)}
	f.cfg = Config{Project: p, Schemas: schemas, Lake: f.lake, Source: source,
		Now: func() time.Time { return time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC) }}
	return f
}

func (f *fixture) file(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(f.dir, "input", name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// ingest runs a fresh Pipeline over paths and returns its summary.
func (f *fixture) ingest(t *testing.T, cfg Config, paths ...string) Summary {
	t.Helper()
	ctx := context.Background()
	p, err := New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		if _, err := p.IngestFile(ctx, path); err != nil {
			t.Fatal(err)
		}
	}
	return closedSummary(t, ctx, p)
}

func sidelined(t *testing.T, wh, table string) []lake.SidelineRecord {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(wh, "sideline", table, "*.jsonl"))
	var out []lake.SidelineRecord
	for _, name := range files {
		fh, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var r lake.SidelineRecord
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out = append(out, r)
		}
		fh.Close()
	}
	return out
}

func scan(t *testing.T, l *lake.Lake, table string) arrow.Table {
	t.Helper()
	at, err := l.Scan(context.Background(), table)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(at.Release)
	return at
}

// column returns the string values of a top-level or struct column
// ("user.name") across all chunks.
func column(t *testing.T, at arrow.Table, path string) []string {
	t.Helper()
	parts := strings.Split(path, ".")
	idx := at.Schema().FieldIndices(parts[0])
	if len(idx) == 0 {
		t.Fatalf("no column %s", parts[0])
	}
	var out []string
	for _, chunk := range at.Column(idx[0]).Data().Chunks() {
		arr := chunk
		for _, p := range parts[1:] {
			st := arr.(*array.Struct)
			i, ok := st.DataType().(*arrow.StructType).FieldIdx(p)
			if !ok {
				t.Fatalf("no field %s in %s", p, path)
			}
			arr = st.Field(i)
		}
		for i := 0; i < arr.Len(); i++ {
			out = append(out, arr.ValueStr(i))
		}
	}
	// Rows come back in data file order, which depends on the hour
	// partitions; compare sorted.
	slices.Sort(out)
	return out
}

func TestIngestWebCounts(t *testing.T) {
	for _, tc := range []struct {
		name string
		file string
		data func(t *testing.T) []byte
	}{
		{"plain", "web.log", func(*testing.T) []byte { return webInput() }},
		{"gzip", "web.log.gz", func(t *testing.T) []byte { return gzipped(t, webInput()) }},
		{"gzip without a hint in the name", "web.log", func(t *testing.T) []byte { return gzipped(t, webInput()) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, "web")
			path := f.file(t, tc.file, tc.data(t))
			s := f.ingest(t, f.cfg, path)

			want := map[lake.Kind]int64{}
			var written, aborted int64
			for _, l := range webLines {
				switch l.kind {
				case "":
					written++
				case lake.KindVRLAbort:
					aborted++
				default:
					want[l.kind]++
				}
			}
			if s.Read != int64(len(webLines)) || s.Written["web"] != written || s.Aborted != aborted || s.Objects != 1 {
				t.Errorf("summary %+v", s)
			}
			for k, n := range want {
				if s.Sidelined[k] != n {
					t.Errorf("sidelined %s = %d, want %d", k, s.Sidelined[k], n)
				}
			}
			if s.Dropped["web"]["unmapped"] != written {
				t.Errorf("dropped %v", s.Dropped)
			}

			// Each bad line is on the sideline with its reason and input.
			side := sidelined(t, f.wh, "web")
			if len(side) != len(webLines)-int(written) {
				t.Fatalf("%d sideline records: %+v", len(side), side)
			}
			for i, l := range webLines {
				if l.kind == "" {
					continue
				}
				found := false
				for _, r := range side {
					if r.Kind == l.kind && strings.Contains(r.Message, l.why) && strings.Contains(string(r.Record), l.mark) {
						found = true
					}
				}
				if !found {
					t.Errorf("line %d (%s) not sidelined as %s/%q", i+1, l.line, l.kind, l.why)
				}
			}

			at := scan(t, f.lake, "web")
			if at.NumRows() != written {
				t.Fatalf("scan: %d rows", at.NumRows())
			}
			if got := strings.Join(column(t, at, "user.name"), ","); got != "alice,bob" {
				t.Errorf("user.name = %s", got)
			}
			if got := strings.Join(column(t, at, "web.status"), ","); got != "200,404" {
				t.Errorf("web.status = %s", got)
			}
			if got := column(t, at, "ecs.version"); len(got) != 2 || got[0] != ECSVersion {
				t.Errorf("ecs.version = %v", got)
			}

			// The same file again is a no-op.
			again := f.ingest(t, f.cfg, path)
			if again.Read != 0 || len(again.AlreadyIngested) != 1 || again.Objects != 0 {
				t.Errorf("re-ingest: %+v", again)
			}
			if at := scan(t, f.lake, "web"); at.NumRows() != written {
				t.Errorf("after re-ingest: %d rows", at.NumRows())
			}
		})
	}
}

// jsonString is s as it appears inside a JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

func TestIngestTextSyslog(t *testing.T) {
	f := newFixture(t, "syslog")
	data := "<34>1 2024-01-02T03:04:05.000Z web01 sshd 4242 ID47 - Failed password for root\n" +
		"<13>Jan  2 03:04:06 web02 cron[77]: job done\n"
	s := f.ingest(t, f.cfg, f.file(t, "messages", []byte(data)))
	if s.Read != 2 || s.Written["syslog"] != 2 {
		t.Fatalf("summary %+v", s)
	}
	at := scan(t, f.lake, "syslog")
	if got := strings.Join(column(t, at, "host.hostname"), ","); got != "web01,web02" {
		t.Errorf("host.hostname = %s", got)
	}
	if got := strings.Join(column(t, at, "process.pid"), ","); got != "4242,77" {
		t.Errorf("process.pid = %s", got)
	}
	if got := column(t, at, "message"); len(got) != 2 || got[0] != "Failed password for root" {
		t.Errorf("message = %q", got)
	}
}

func TestIngestSelectTable(t *testing.T) {
	f := newFixture(t, "app")
	data := `{"query":"example.com"}
{"path":"/login"}
{"query":"NOT A NAME"}
{"path":"/logout"}
`
	path := f.file(t, "app.json", []byte(data))
	s := f.ingest(t, f.cfg, path)
	if s.Written["app_dns"] != 1 || s.Written["app_http"] != 2 || s.Sidelined[lake.KindVRLError] != 1 {
		t.Fatalf("summary %+v", s)
	}
	if got := column(t, scan(t, f.lake, "app_dns"), "dns.question.name"); len(got) != 1 || got[0] != "example.com" {
		t.Errorf("dns.question.name = %v", got)
	}

	// --table bypasses select_table_from_payload: every record goes to
	// http (the dns lines have no url.path, which is fine).
	g := newFixture(t, "app")
	cfg := g.cfg
	cfg.Table = "http"
	s = g.ingest(t, cfg, g.file(t, "app.json", []byte(data)))
	if s.Written["app_http"] != 4 || len(s.Written) != 1 {
		t.Errorf("forced table: %+v", s)
	}
}

func TestIngestBadConfig(t *testing.T) {
	f := newFixture(t, "web")
	for _, tc := range []struct {
		source, table, want string
	}{
		{"nope", "", `no log source "nope"`},
		{"web", "other", `has no table "other"`},
	} {
		cfg := f.cfg
		cfg.Source, cfg.Table = tc.source, tc.table
		if _, err := New(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s/%s: %v, want %q", tc.source, tc.table, err, tc.want)
		}
	}
}

// A corrupt gzip stream: the lines before the damage are ingested, the
// damage is one decode record on the sideline, and the books balance.
func TestIngestTruncatedGzip(t *testing.T) {
	f := newFixture(t, "web")
	var lines bytes.Buffer
	for i := range 2000 {
		fmt.Fprintf(&lines, `{"time":"2024-01-02T03:04:05Z","action":"a%d","user":"u%x","status":"%d"}`+"\n", i, i*7919, i)
	}
	gz := gzipped(t, lines.Bytes())
	s := f.ingest(t, f.cfg, f.file(t, "cut.log.gz", gz[:len(gz)/2]))
	if s.Sidelined[lake.KindDecode] != 1 || s.Written["web"] < 100 {
		t.Errorf("summary %+v", s)
	}
}

func TestIngestStdinAndDedup(t *testing.T) {
	f := newFixture(t, "web")
	ctx := context.Background()
	for i, wantRead := range []int64{int64(len(webLines)), 0} {
		p, err := New(ctx, f.cfg)
		if err != nil {
			t.Fatal(err)
		}
		res, err := p.IngestReader(ctx, "<stdin>", bytes.NewReader(webInput()))
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Close(ctx); err != nil {
			t.Fatal(err)
		}
		s := p.Summary()
		if s.Read != wantRead || res.AlreadyIngested != (i == 1) {
			t.Errorf("run %d: %+v %+v", i, res, s)
		}
	}
}

func TestSummaryPrintAndCheck(t *testing.T) {
	s := Summary{Objects: 2, Read: 10, Written: map[string]int64{"web": 6}, Sidelined: map[lake.Kind]int64{lake.KindCast: 3},
		Aborted: 1, Dropped: map[string]map[string]int64{"web": {"a": 1, "b": 5}}, AlreadyIngested: []string{"x.log"}, Elapsed: time.Second}
	if err := s.Check(); err != nil {
		t.Error(err)
	}
	var b bytes.Buffer
	s.Print(&b)
	for _, want := range []string{"read 10, written 6, sidelined 3, aborted 1", "10 records/s", "sidelined cast: 3", "web.b: 5\n    web.a: 1", "already ingested (skipped): 1 object(s)"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("missing %q in\n%s", want, b.String())
		}
	}
	s.Read = 11
	if err := s.Check(); err == nil {
		t.Error("Check accepted an unbalanced summary")
	}
}

// ECSVersion must be the version the schemas/ecs catalogue was generated
// from.
func TestECSVersionMatchesCatalogue(t *testing.T) {
	b, err := os.ReadFile("../../schemas/ecs/catalogue.txt")
	if err != nil {
		t.Skip(err)
	}
	if first, _, _ := strings.Cut(string(b), "\n"); !strings.Contains(first, "(ECS "+ECSVersion+")") {
		t.Errorf("catalogue header %q does not name ECS %s", first, ECSVersion)
	}
}

func TestIngestExpandRecords(t *testing.T) {
	f := newFixture(t, "trail")
	doc := `{"Records":[{"eventTime":"2024-01-02T03:04:05Z","eventName":"GetObject"},` +
		`{"eventTime":"2024-01-02T05:04:05Z","eventName":"PutObject"},{"eventName":"NoTime"}]}`
	s := f.ingest(t, f.cfg, f.file(t, "trail.json.gz", gzipped(t, []byte(doc))))
	if s.Read != 3 || s.Written["trail"] != 2 || s.Sidelined[lake.KindVRLError] != 1 {
		t.Fatalf("summary %+v", s)
	}
	if got := strings.Join(column(t, scan(t, f.lake, "trail"), "event.action"), ","); got != "GetObject,PutObject" {
		t.Errorf("event.action = %s", got)
	}
}

func TestIngestSelectTableFromMetadata(t *testing.T) {
	f := newFixture(t, "meta")
	line := []byte(`{"a":"x"}` + "\n")
	ctx := context.Background()
	p, err := New(ctx, f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		skipped bool
	}{{"alpha.log", false}, {"beta.log", false}, {"beta2.log", false}, {"skip.log", true}} {
		res, err := p.IngestFile(ctx, f.file(t, tc.name, line))
		if err != nil {
			t.Fatal(err)
		}
		if res.Skipped != tc.skipped {
			t.Errorf("%s: %+v", tc.name, res)
		}
	}
	s := closedSummary(t, ctx, p)
	if s.Written["meta_alpha"] != 1 || s.Written["meta_beta"] != 2 || len(s.Skipped) != 1 || s.Objects != 3 {
		t.Errorf("summary %+v", s)
	}
}

// A transform that removes ts (which `matano validate` rejects with M404,
// so the project is loaded despite that error here) sidelines every record
// with a reason instead of inventing an event time.
func TestIngestMissingTS(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"matano.config.yml": testProject["matano.config.yml"],
		"log_sources/nots/log_source.yml": `name: nots
schema:
  ecs_field_names:
    - event.action
transform: |
  .event.action = .json.a
  if .json.keep != true {
    del(.ts)
  }
`,
	})
	p, diags := validate.Dir(dir, validate.Options{SkipPython: true})
	for _, d := range diags {
		if d.Severity == diag.Error && d.Code != "M404" {
			t.Fatalf("unexpected error: %s %s", d.Code, d.Summary)
		}
	}
	schemas, _ := schema.Project(p)
	wh := filepath.Join(dir, ".matano", "lake")
	f := &fixture{dir: dir, wh: wh, lake: openLake(t, wh)}
	cfg := Config{Project: p, Schemas: schemas, Lake: f.lake, Source: "nots"}
	s := f.ingest(t, cfg, f.file(t, "x.json", []byte(`{"a":"x"}`+"\n"+`{"a":"y","keep":true}`+"\n")))
	if s.Written["nots"] != 1 || s.Sidelined[lake.KindCast] != 1 {
		t.Fatalf("summary %+v", s)
	}
	side := sidelined(t, wh, "nots")
	if len(side) != 1 || !strings.Contains(side[0].Message, "ts is missing") {
		t.Errorf("sideline %+v", side)
	}
}

// A line over Config.MaxLineBytes is a decode error on the sideline with
// its (cut) raw bytes; the lines around it are ingested.
func TestIngestOverlongLine(t *testing.T) {
	f := newFixture(t, "web")
	cfg := f.cfg
	cfg.MaxLineBytes = 256
	long := `{"time":"2024-01-02T03:04:05Z","action":"login","user":"` + strings.Repeat("x", 400) + `","status":"1"}`
	data := webLines[0].line + "\n" + long + "\n" + webLines[1].line + "\n"
	s := f.ingest(t, cfg, f.file(t, "long.log", []byte(data)))
	if s.Read != 3 || s.Written["web"] != 2 || s.Sidelined[lake.KindDecode] != 1 {
		t.Fatalf("summary %+v", s)
	}
	side := sidelined(t, f.wh, "web")
	if len(side) != 1 || side[0].Kind != lake.KindDecode || !strings.Contains(side[0].Message, "line 2") {
		t.Errorf("sideline %+v", side)
	}
}

// closedSummary closes p and returns its summary, whose counts must add
// up (Summary.Check).
func closedSummary(t *testing.T, ctx context.Context, p *Pipeline) Summary {
	t.Helper()
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	s := p.Summary()
	if err := s.Check(); err != nil {
		t.Error(err)
	}
	return s
}
