package lambda

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/matano-go/matano/compiler/build"
	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/mototest"
)

// rieVersion is the aws-lambda-runtime-interface-emulator the test
// builds when aws-lambda-rie is not on PATH (the module has no tagged
// Go versions; this is the proxy's latest pseudo-version).
const rieVersion = "v0.0.0-20261030222936-bef5c4ba774d"

// TestBootstrapUnderRIE runs the real bootstrap binary, taken with its
// config out of the zip `matano build --arch amd64` writes, under AWS's
// Lambda runtime interface emulator and invokes the
// transformer with an SQS-wrapped S3 event that moto's S3 sent; the
// staged batch must reach the commit queue with its files in the lake
// bucket.
func TestBootstrapUnderRIE(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two binaries")
	}
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skipf("the amd64 bootstrap runs only on linux/amd64, not %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not on PATH")
	}
	ctx := context.Background()
	endpoint := mototest.Start(t)
	d := deploy(t, ctx, endpoint)
	dir := t.TempDir()

	// The bootstrap and its bundled config come out of the zip `matano
	// build` makes (amd64 here, so that it runs on this host).
	res, err := build.Build(ctx, build.Options{Dir: d.env.ConfigDir, Out: filepath.Join(dir, "build"), Arch: "amd64", SkipPython: true})
	if err != nil {
		t.Fatalf("matano build: %v", err)
	}
	asset, ok := res.Manifest.Asset("bootstrap")
	if !ok {
		t.Fatalf("the build has no bootstrap asset: %+v", res.Manifest)
	}
	task := filepath.Join(dir, "task")
	unzip(t, filepath.Join(res.Out, filepath.FromSlash(asset.Key)), task)
	bootstrap := filepath.Join(task, "bootstrap")
	rie := findRIE(t, goBin, dir)

	apiPort, invokePort := freePort(t), freePort(t)
	cmd := exec.Command(rie, "--runtime-api-address", "127.0.0.1:"+apiPort,
		"--runtime-interface-emulator-address", "127.0.0.1:"+invokePort, bootstrap)
	cmd.Env = os.Environ()
	for k, v := range mototest.Env(endpoint) {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	e := d.env
	for k, v := range map[string]string{
		"MATANO_HANDLER": HandlerTransformer, "MATANO_CONFIG_DIR": filepath.Join(task, "config"),
		"LAKE_BUCKET": e.LakeBucket, "SIDELINE_BUCKET": e.SidelineBucket, "REALTIME_BUCKET": e.RealtimeBucket,
		"INGESTION_BUCKET": e.IngestionBucket, "GLUE_DATABASE": e.GlueDatabase, "LEDGER_TABLE": e.LedgerTable,
		"COMMIT_QUEUE_URL": e.CommitQueueURL, "DETECTIONS_QUEUE_URL": e.DetectionsQueueURL,
		"AWS_LAMBDA_FUNCTION_TIMEOUT": "120",
	} {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("aws-lambda-rie log:\n%s", logs.String())
		}
	})

	d.put(t, ctx, "web/2024/03/01/rie.json", []byte(webLines))
	ev := d.receive(t, ctx, d.ingest, 1)
	payload, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	url := "http://127.0.0.1:" + invokePort + "/2015-03-31/functions/function/invocations"
	var body []byte
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Post(url, "application/json", bytes.NewReader(payload))
		if err == nil {
			body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("invoke: %s\n%s", resp.Status, body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("aws-lambda-rie did not answer: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	var out events.SQSEventResponse
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("invoke answered %s: %v", body, err)
	}
	if len(out.BatchItemFailures) != 0 {
		t.Fatalf("invoke reported failures: %s", body)
	}

	commits := d.receive(t, ctx, d.env.CommitQueueURL, 1)
	var staged lake.Staged
	if err := json.Unmarshal([]byte(commits.Records[0].Body), &staged); err != nil {
		t.Fatal(err)
	}
	if staged.Table != "web" || staged.Rows != 2 || len(staged.Objects) != 1 {
		t.Fatalf("staged %+v", staged)
	}
	for _, p := range staged.Paths {
		key, ok := strings.CutPrefix(p, "s3://lake/")
		if !ok {
			t.Fatalf("staged path %s is not in the lake bucket", p)
		}
		if _, err := d.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("lake"), Key: aws.String(key)}); err != nil {
			t.Errorf("staged file %s: %v", p, err)
		}
	}
	// And the committer in this process commits what the binary staged.
	cm := d.host(t, ctx, HandlerCommitter)
	resp, err := cm.Commit(ctx, commits)
	noFailures(t, "commit", resp, err)
	if n := len(scanRows(t, ctx, cm, "web")); n != 2 {
		t.Errorf("web has %d rows, want 2", n)
	}
}

// findRIE returns aws-lambda-rie from PATH (or $AWS_LAMBDA_RIE), else
// builds it from the Go module proxy into dir, skipping when neither
// works (no network).
func findRIE(t *testing.T, goBin, dir string) string {
	t.Helper()
	if p := os.Getenv("AWS_LAMBDA_RIE"); p != "" {
		return p
	}
	if p, err := exec.LookPath("aws-lambda-rie"); err == nil {
		return p
	}
	mod := filepath.Join(dir, "rie")
	if err := os.MkdirAll(mod, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "aws-lambda-rie")
	run := func(args ...string) error {
		c := exec.Command(goBin, args...)
		c.Dir = mod
		c.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "CGO_ENABLED=0")
		if out, err := c.CombinedOutput(); err != nil {
			return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return nil
	}
	for _, args := range [][]string{
		{"mod", "init", "rie"},
		{"get", "github.com/aws/aws-lambda-runtime-interface-emulator@" + rieVersion},
		{"build", "-o", bin, "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie"},
	} {
		if err := run(args...); err != nil {
			t.Skipf("aws-lambda-rie is not on PATH and could not be built (install it with `go install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@%s`): %v", rieVersion, err)
		}
	}
	return bin
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
}

// unzip extracts a zip into dir, keeping the entries' modes (the
// bootstrap must stay executable).
func unzip(t *testing.T, file, dir string) {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		dst := filepath.Join(dir, filepath.FromSlash(f.Name))
		if !strings.HasPrefix(dst, filepath.Clean(dir)+string(filepath.Separator)) {
			t.Fatalf("zip entry %s escapes the folder", f.Name)
		}
		if f.FileInfo().IsDir() {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, f.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}
