package build

import (
	"archive/zip"
	"bytes"
	"context"
	"debug/elf"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/matano-go/matano/runtime/detect"
)

const validDir = "../../testdata/dirs/valid/readme_example"

// fakeCompiler writes a deterministic stand-in binary and counts calls,
// so cache tests do not need go build.
type fakeCompiler struct {
	calls atomic.Int32
	size  int
}

func (f *fakeCompiler) Version(context.Context) (string, error) { return "go-fake", nil }

func (f *fakeCompiler) Compile(_ context.Context, req BootstrapRequest) error {
	f.calls.Add(1)
	src, err := os.ReadFile(filepath.Join(req.Source, "cmd", "matano-lambda", "main.go"))
	if err != nil {
		return err
	}
	n := f.size
	if n == 0 {
		n = 64 << 10
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "\x7fELF fake bootstrap %s %x\n", req.Arch, src)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "%d ", i*i%997)
	}
	return os.WriteFile(req.Output, b.Bytes(), 0o755)
}

// fakeSource is a minimal matano module tree (go.mod + the bootstrap's
// main package), so source hashing is hermetic.
func fakeSource(t testing.TB) string {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module "+ModulePath+"\n\ngo 1.26\n")
	writeFile(t, filepath.Join(dir, "cmd", "matano-lambda", "main.go"), "package main\n\nfunc main() {}\n")
	return dir
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyDir copies a Matano directory so a test can change it.
func copyDir(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func fakeOptions(t testing.TB, dir string, c *fakeCompiler) Options {
	return Options{Dir: dir, Out: filepath.Join(t.TempDir(), "build"), Source: fakeSource(t), Compiler: c, SkipPython: true}
}

func mustBuild(t testing.TB, opts Options) *Result {
	t.Helper()
	res, err := Build(context.Background(), opts)
	if err != nil {
		var inv *InvalidError
		if errors.As(err, &inv) {
			t.Fatalf("%v\n%v", err, inv.Diags)
		}
		t.Fatal(err)
	}
	return res
}

func readZip(t testing.TB, path string) *zip.Reader {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

func assetPath(t testing.TB, res *Result, name string) string {
	t.Helper()
	a, ok := res.Manifest.Asset(name)
	if !ok {
		t.Fatalf("no asset %q in manifest", name)
	}
	return filepath.Join(res.Out, filepath.FromSlash(a.Key))
}

// TestReproducible builds the same directory into two output folders,
// each with its own cache: every output file must be byte-identical.
func TestReproducible(t *testing.T) {
	c := &fakeCompiler{}
	opts := fakeOptions(t, validDir, c)
	r1 := mustBuild(t, opts)
	opts.Out = filepath.Join(t.TempDir(), "other")
	r2 := mustBuild(t, opts)
	if c.calls.Load() != 2 {
		t.Fatalf("compiled %d times, want 2 (separate caches)", c.calls.Load())
	}
	if len(r1.Files) == 0 || strings.Join(r1.Files, ",") != strings.Join(r2.Files, ",") {
		t.Fatalf("files differ: %v vs %v", r1.Files, r2.Files)
	}
	for _, f := range r1.Files {
		a, err := os.ReadFile(filepath.Join(r1.Out, f))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(r2.Out, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between the two builds", f)
		}
	}
	for _, want := range []string{"matano-storage.json", "matano-pipeline.json", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(r1.Out, want)); err != nil {
			t.Errorf("missing %s: %v", want, err)
		}
	}
}

// TestManifest checks keys are content hashes of the files they name.
func TestManifest(t *testing.T) {
	res := mustBuild(t, fakeOptions(t, validDir, &fakeCompiler{}))
	data, err := os.ReadFile(filepath.Join(res.Out, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m.ProjectLabel != "acme-sec" || m.Arch != "arm64" {
		t.Errorf("label %q arch %q", m.ProjectLabel, m.Arch)
	}
	var names []string
	for _, a := range m.Assets {
		names = append(names, a.Name)
		zipData, err := os.ReadFile(filepath.Join(res.Out, a.Key))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256Hex(zipData); sum != a.SHA256 || a.Key != "assets/"+sum+".zip" || a.Size != int64(len(zipData)) {
			t.Errorf("asset %s: key %s sha %s size %d; file sha %s size %d", a.Name, a.Key, a.SHA256, a.Size, sum, len(zipData))
		}
	}
	if strings.Join(names, ",") != "bootstrap,detections" {
		t.Errorf("assets %v", names)
	}
	var tmpl []string
	for _, tm := range m.Templates {
		tmpl = append(tmpl, tm.Name+"="+tm.File+"@"+tm.Stack)
	}
	if got := strings.Join(tmpl, " "); got != "pipeline=matano-pipeline.json@acme-sec-pipeline storage=matano-storage.json@acme-sec-storage" {
		t.Errorf("templates %s", got)
	}
	// The pipeline template refers to the assets by their keys.
	pipeline, err := os.ReadFile(filepath.Join(res.Out, "matano-pipeline.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range m.Assets {
		if !bytes.Contains(pipeline, []byte(a.Key)) {
			t.Errorf("pipeline template does not use %s", a.Key)
		}
	}
	ents, _ := os.ReadDir(filepath.Join(res.Out, "assets"))
	if len(ents) != 2 {
		t.Errorf("assets/ holds %d files, want 2", len(ents))
	}
}

// TestZipLayout pins the entries of both zips: sorted, fixed time, fixed
// modes, and what goes where.
func TestZipLayout(t *testing.T) {
	res := mustBuild(t, fakeOptions(t, validDir, &fakeCompiler{}))
	tests := []struct {
		asset   string
		want    []string // must be present
		notWant []string
	}{
		{
			asset: AssetBootstrap,
			want: []string{
				"bootstrap", "config/matano.config.yml",
				"config/log_sources/zeek/log_source.yml", "config/log_sources/zeek/tables/dns.yml",
				"config/enrichment/known_bad_ips/data.json",
				"config/integrations/destinations/security_slack.yml",
				"config/detections/aws_root_credentials/detection.yml",
			},
			notWant: []string{"config/detections/aws_root_credentials/detect.py"},
		},
		{
			asset: AssetDetections,
			want: []string{
				"detection/__init__.py", "detection/lambda_handler.py", "detection/runner.py",
				"detections/aws_root_credentials/detect.py", "detections/aws_root_credentials/requirements.txt",
				"detections/zeek_suspicious_dns/detect.py",
				"config/matano.config.yml", "config/matano_detections.json",
				"config/detections/zeek_suspicious_dns/detection.yml",
			},
			notWant: []string{"detections/aws_root_credentials/detection.yml", "config/log_sources/zeek/log_source.yml"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.asset, func(t *testing.T) {
			zr := readZip(t, assetPath(t, res, tt.asset))
			var names []string
			for _, f := range zr.File {
				names = append(names, f.Name)
				if !f.Modified.Equal(zipEpoch) {
					t.Errorf("%s: mtime %v, want %v", f.Name, f.Modified, zipEpoch)
				}
				if len(f.Extra) != 0 {
					t.Errorf("%s: has extra fields", f.Name)
				}
				if f.Method != zip.Deflate {
					t.Errorf("%s: method %d", f.Name, f.Method)
				}
				want := fs.FileMode(0o644)
				if f.Name == "bootstrap" {
					want = 0o755
				}
				if f.Mode() != want {
					t.Errorf("%s: mode %v, want %v", f.Name, f.Mode(), want)
				}
			}
			if !sort.StringsAreSorted(names) {
				t.Errorf("entries not sorted: %v", names)
			}
			have := map[string]bool{}
			for _, n := range names {
				have[n] = true
			}
			for _, w := range tt.want {
				if !have[w] {
					t.Errorf("missing %s in %v", w, names)
				}
			}
			for _, w := range tt.notWant {
				if have[w] {
					t.Errorf("unexpected %s", w)
				}
			}
		})
	}
}

func TestDetectionsIndex(t *testing.T) {
	dir := copyDir(t, validDir)
	// A disabled detection is left out of the bundle.
	writeFile(t, filepath.Join(dir, "detections", "off", "detection.yml"), "name: off\ntables: [zeek_dns]\nenabled: false\n")
	writeFile(t, filepath.Join(dir, "detections", "off", "detect.py"), "def detect(r):\n    return True\n")
	res := mustBuild(t, fakeOptions(t, dir, &fakeCompiler{}))
	zr := readZip(t, assetPath(t, res, AssetDetections))
	f, err := zr.Open("config/matano_detections.json")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(f)
	var idx DetectionsIndex
	if err := json.Unmarshal(data, &idx); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range idx.Detections {
		got = append(got, fmt.Sprintf("%s %s %v %s/%d/%d/%v", d.Name, d.Dir, d.Tables, d.Alert.Severity, d.Alert.Threshold, d.Alert.DeduplicationWindowMinutes, d.Alert.Destinations))
	}
	want := []string{
		"aws_root_credentials detections/aws_root_credentials [aws_cloudtrail] high/1/30/[security_slack]",
		"zeek_suspicious_dns detections/zeek_suspicious_dns [zeek_dns] medium/10/60/[]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("index:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if fmt.Sprint(idx.Tables) != "map[aws_cloudtrail:[aws_root_credentials] zeek_dns:[zeek_suspicious_dns]]" {
		t.Errorf("tables %v", idx.Tables)
	}
	for _, zf := range zr.File {
		if strings.Contains(zf.Name, "/off/") {
			t.Errorf("disabled detection bundled: %s", zf.Name)
		}
	}
}

// TestRebuildUsesCache: an unchanged directory neither compiles nor
// zips; a changed detection re-zips only the detections bundle; a source
// change (not a test file) recompiles; another arch compiles its own.
func TestRebuildUsesCache(t *testing.T) {
	c := &fakeCompiler{}
	dir := copyDir(t, validDir)
	opts := fakeOptions(t, dir, c)
	first := mustBuild(t, opts)
	if !first.Compiled || len(first.Zipped) != 2 {
		t.Fatalf("first build: compiled %v zipped %v", first.Compiled, first.Zipped)
	}
	steps := []struct {
		name     string
		change   func()
		arch     string
		compiles int32
		zipped   string
	}{
		{"unchanged", func() {}, "", 1, ""},
		{"detection changed", func() {
			writeFile(t, filepath.Join(dir, "detections", "zeek_suspicious_dns", "detect.py"), "def detect(record):\n    return False\n")
		}, "", 1, "detections"},
		{"log source changed", func() {
			p := filepath.Join(dir, "log_sources", "zeek", "log_source.yml")
			data, _ := os.ReadFile(p)
			writeFile(t, p, string(data)+"\n# a comment\n")
		}, "", 1, "bootstrap"},
		{"test file in source", func() {
			writeFile(t, filepath.Join(opts.Source, "cmd", "matano-lambda", "main_test.go"), "package main\n")
		}, "", 1, ""},
		{"source changed", func() {
			writeFile(t, filepath.Join(opts.Source, "cmd", "matano-lambda", "main.go"), "package main\n\nfunc main() { println() }\n")
		}, "", 2, "bootstrap"},
		{"amd64", func() {}, "amd64", 3, "bootstrap"},
		{"back to arm64", func() {}, "", 3, "bootstrap"},
	}
	for _, s := range steps {
		s.change()
		o := opts
		o.Arch = s.arch
		res := mustBuild(t, o)
		if got := c.calls.Load(); got != s.compiles {
			t.Errorf("%s: %d compiles in total, want %d", s.name, got, s.compiles)
		}
		if got := strings.Join(res.Zipped, ","); got != s.zipped {
			t.Errorf("%s: zipped %q, want %q", s.name, got, s.zipped)
		}
		ents, _ := os.ReadDir(filepath.Join(opts.Out, "assets"))
		if len(ents) != 2 {
			t.Errorf("%s: assets/ holds %d files, want 2 (old ones pruned)", s.name, len(ents))
		}
	}
	// A deleted asset is rebuilt rather than trusted from the cache.
	res := mustBuild(t, opts)
	os.Remove(assetPath(t, res, AssetDetections))
	res = mustBuild(t, opts)
	if strings.Join(res.Zipped, ",") != "detections" {
		t.Errorf("after deleting the zip: zipped %v", res.Zipped)
	}
}

func TestSizeLimit(t *testing.T) {
	tests := []struct {
		limit int64
		asset string
	}{
		{4 << 10, "detections"},
		{512 << 10, "bootstrap"},
	}
	for _, tt := range tests {
		opts := fakeOptions(t, validDir, &fakeCompiler{size: 1 << 20})
		opts.MaxUnzipped = tt.limit
		_, err := Build(context.Background(), opts)
		var se *SizeError
		if !errors.As(err, &se) {
			t.Fatalf("limit %d: err %v, want a SizeError", tt.limit, err)
		}
		if se.Asset != tt.asset || !strings.Contains(err.Error(), `asset "`+tt.asset+`"`) || !strings.Contains(err.Error(), "AWS Lambda's limit") {
			t.Errorf("limit %d: %v", tt.limit, err)
		}
	}
	if msg := (&SizeError{Asset: "bootstrap", Unzipped: 300 << 20, Limit: LambdaUnzippedLimit, Largest: "bootstrap, 299.0 MB"}).Error(); msg != `asset "bootstrap" is 300.0 MB unzipped, over AWS Lambda's limit of 250.0 MB for a function's code (largest file: bootstrap, 299.0 MB)` {
		t.Errorf("message: %s", msg)
	}
}

func TestInvalidDirectoryRefused(t *testing.T) {
	c := &fakeCompiler{}
	opts := fakeOptions(t, "../../testdata/dirs/invalid/duplicate_names", c)
	_, err := Build(context.Background(), opts)
	var inv *InvalidError
	if !errors.As(err, &inv) || !inv.Diags.HasErrors() {
		t.Fatalf("err = %v, want an InvalidError with errors", err)
	}
	if c.calls.Load() != 0 {
		t.Error("compiled an invalid directory")
	}
	if _, err := os.Stat(opts.Out); err == nil {
		t.Error("wrote an output directory for an invalid directory")
	}
}

func TestOptionErrors(t *testing.T) {
	tests := []struct {
		opts Options
		want string
	}{
		{Options{Dir: validDir, Arch: "386"}, `arch must be arm64 or amd64, not "386"`},
		{Options{}, "no Matano directory"},
		{Options{Dir: validDir, Source: "/nonexistent", Compiler: &fakeCompiler{}, SkipPython: true}, "/nonexistent is not the " + ModulePath + " module source"},
		{Options{Dir: validDir, Source: ".", Compiler: &fakeCompiler{}, SkipPython: true}, "is not the"},
		{Options{Dir: validDir, Compiler: GoCompiler{Go: "no-such-go-binary"}, SkipPython: true}, "no Go toolchain"},
	}
	for _, tt := range tests {
		if tt.opts.Dir != "" {
			tt.opts.Out = t.TempDir()
		}
		_, err := Build(context.Background(), tt.opts)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: err %v, want %q", tt.opts, err, tt.want)
		}
	}
}

func TestSourceWithoutBootstrapPackage(t *testing.T) {
	src := t.TempDir()
	writeFile(t, filepath.Join(src, "go.mod"), "module "+ModulePath+"\n")
	opts := fakeOptions(t, validDir, &fakeCompiler{})
	opts.Source = src
	_, err := Build(context.Background(), opts)
	if err == nil || !strings.Contains(err.Error(), "has no ./cmd/matano-lambda package") {
		t.Errorf("err = %v", err)
	}
}

// TestDetectionsBundleHandlesEvent unzips the detections asset, and runs
// its lambda_handler with python3 on a fixture SQS event against moto's
// in-process S3 and SQS.
func TestDetectionsBundleHandlesEvent(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	if err := exec.Command(py, "-c", "import moto, boto3").Run(); err != nil {
		t.Skip("moto/boto3 not installed (pip install 'moto[server]' boto3)")
	}
	res := mustBuild(t, fakeOptions(t, validDir, &fakeCompiler{}))
	root := t.TempDir()
	zr := readZip(t, assetPath(t, res, AssetDetections))
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		writeFile(t, filepath.Join(root, filepath.FromSlash(f.Name)), string(data))
	}
	driver := filepath.Join(t.TempDir(), "driver.py")
	writeFile(t, driver, detectionsDriver)
	cmd := exec.Command(py, driver)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "LAMBDA_TASK_ROOT="+root, "PYTHONPATH="+root, "PYTHONDONTWRITEBYTECODE=1",
		"AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_DEFAULT_REGION=us-east-1", "AWS_ENDPOINT_URL=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("driver: %v\n%s\n%s", err, out, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var result struct {
		Response struct {
			BatchItemFailures []map[string]string `json:"batchItemFailures"`
		} `json:"response"`
		Messages []struct {
			Group string `json:"group"`
			// The body decodes into what the Go alert writer reads.
			Body struct {
				Table   string         `json:"table"`
				Matches []detect.Match `json:"matches"`
			} `json:"body"`
		} `json:"messages"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &result); err != nil {
		t.Fatalf("driver output: %v\n%s", err, out)
	}
	if len(result.Response.BatchItemFailures) != 0 {
		t.Errorf("failures: %v", result.Response.BatchItemFailures)
	}
	if len(result.Messages) != 1 {
		t.Fatalf("messages: %+v\n%s", result.Messages, out)
	}
	m := result.Messages[0]
	if m.Group != "aws_cloudtrail" || m.Body.Table != "aws_cloudtrail" || len(m.Body.Matches) != 1 {
		t.Fatalf("message: %+v", m)
	}
	match := m.Body.Matches[0]
	if match.Detection != "aws_root_credentials" || match.Index != 1 || match.Title != "AWS root credentials used from 203.0.113.9" ||
		!strings.Contains(string(match.Record), `"ip": "203.0.113.9"`) || match.Destinations != nil {
		t.Errorf("match: %+v (record %s)", match, match.Record)
	}
}

// detectionsDriver runs the bundled handler under moto: two CloudTrail
// records, the second one a root login.
const detectionsDriver = `
import gzip, json, os
from moto import mock_aws
import boto3

with mock_aws():
    s3 = boto3.client("s3", region_name="us-east-1")
    sqs = boto3.client("sqs", region_name="us-east-1")
    s3.create_bucket(Bucket="realtime")
    url = sqs.create_queue(QueueName="alerts.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    os.environ["ALERTS_QUEUE_URL"] = url
    recs = [
        {"user": {"name": "alice"}, "event": {"outcome": "success"}},
        {"user": {"name": "root"}, "event": {"outcome": "success", "type": ["access"]}, "source": {"ip": "203.0.113.9"}},
    ]
    key = "aws_cloudtrail/2024/01/31/x.json.gz"
    s3.put_object(Bucket="realtime", Key=key, Body=gzip.compress(("\n".join(json.dumps(r) for r in recs) + "\n").encode()))
    from detection import lambda_handler
    event = {"Records": [{"messageId": "1", "body": json.dumps({"table": "aws_cloudtrail", "bucket": "realtime", "key": key, "records": 2})}]}
    resp = lambda_handler.handler(event, None)
    msgs = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"]).get("Messages", [])
    print(json.dumps({"response": resp, "messages": [{"group": m["Attributes"]["MessageGroupId"], "body": json.loads(m["Body"])} for m in msgs]}))
`

// realBootstrap compiles ./cmd/matano-lambda once per test binary: go
// build of the whole runtime takes minutes on a busy machine.
var realBootstrap struct {
	once sync.Once
	dir  string
	err  error
}

// onceCompiler is GoCompiler with the build shared by every test of the
// binary, counting the Compile calls that reach it.
type onceCompiler struct {
	calls atomic.Int32
}

func (o *onceCompiler) Version(ctx context.Context) (string, error) {
	return GoCompiler{}.Version(ctx)
}

func (o *onceCompiler) Compile(ctx context.Context, req BootstrapRequest) error {
	o.calls.Add(1)
	realBootstrap.once.Do(func() {
		realBootstrap.dir, realBootstrap.err = os.MkdirTemp("", "matano-bootstrap-test")
		if realBootstrap.err != nil {
			return
		}
		realBootstrap.err = GoCompiler{}.Compile(ctx, BootstrapRequest{Source: req.Source, Arch: req.Arch, Output: filepath.Join(realBootstrap.dir, "bootstrap-"+req.Arch)})
	})
	if realBootstrap.err != nil {
		return realBootstrap.err
	}
	data, err := os.ReadFile(filepath.Join(realBootstrap.dir, "bootstrap-"+req.Arch))
	if err != nil {
		return fmt.Errorf("the shared test build is for another arch: %w", err)
	}
	return os.WriteFile(req.Output, data, 0o755)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if realBootstrap.dir != "" {
		os.RemoveAll(realBootstrap.dir)
	}
	os.Exit(code)
}

// realOptions builds from this checkout with the real go build (once).
func realOptions(t testing.TB, c *onceCompiler) Options {
	if testing.Short() {
		t.Skip("go build of the bootstrap skipped in -short mode")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go toolchain on PATH")
	}
	src, err := FindSource("")
	if err != nil {
		t.Skip(err)
	}
	return Options{Dir: validDir, Out: filepath.Join(t.TempDir(), "build"), Source: src, Compiler: c, SkipPython: true}
}

// TestRealBootstrap compiles the real bootstrap and checks it is a
// static linux/arm64 executable at the zip's root, then that a rebuild
// does not compile again.
func TestRealBootstrap(t *testing.T) {
	c := &onceCompiler{}
	opts := realOptions(t, c)
	// Other work in a shared checkout may change the source during the
	// two builds; the no-compile check only holds when it did not.
	before, err := sourceKey(opts.Source)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	zr := readZip(t, assetPath(t, res, AssetBootstrap))
	f, err := zr.Open("bootstrap")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(f)
	ef, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("bootstrap is not ELF: %v", err)
	}
	if ef.Machine != elf.EM_AARCH64 {
		t.Errorf("machine %v, want aarch64", ef.Machine)
	}
	for _, p := range ef.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("bootstrap is dynamically linked (cgo on?)")
		}
	}
	a, _ := res.Manifest.Asset(AssetBootstrap)
	d, _ := res.Manifest.Asset(AssetDetections)
	t.Logf("bootstrap zip %.1f MB (%.1f MB unzipped); detections zip %.1f KB", float64(a.Size)/(1<<20), float64(a.UnzippedSize)/(1<<20), float64(d.Size)/(1<<10))

	start := time.Now()
	again, err := Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("unchanged rebuild took %v", time.Since(start))
	if after, _ := sourceKey(opts.Source); after != before {
		t.Log("the module source changed during the test; not checking the cache hit")
		return
	}
	if again.Compiled || c.calls.Load() != 1 || len(again.Zipped) != 0 {
		t.Errorf("rebuild compiled=%v calls=%d zipped=%v", again.Compiled, c.calls.Load(), again.Zipped)
	}
}

// BenchmarkRebuildUnchanged measures the rebuild of an unchanged
// directory with the real module source (hashing it is part of the
// cost): the goal is well under 1 s per build.
func BenchmarkRebuildUnchanged(b *testing.B) {
	c := &onceCompiler{}
	opts := realOptions(b, c)
	opts.SkipPython = false
	if _, err := Build(context.Background(), opts); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		res, err := Build(context.Background(), opts)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Zipped) != 0 {
			b.Fatal("rebuild of an unchanged directory zipped again")
		}
	}
}

func TestFindSource(t *testing.T) {
	fake := fakeSource(t)
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, explicit, env string
		want, wantErr       string
	}{
		{name: "explicit", explicit: fake, env: "/elsewhere", want: fake},
		{name: "env", env: fake, want: fake},
		{name: "bad env", env: t.TempDir(), wantErr: "MATANO_SOURCE="},
		{name: "bad explicit", explicit: t.TempDir(), wantErr: "is not the " + ModulePath + " module source"},
		{name: "working directory", want: repo},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("MATANO_SOURCE", tt.env)
			got, err := FindSource(tt.explicit)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
