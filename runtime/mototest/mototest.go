// Package mototest runs moto's AWS stand-in server for tests of the AWS
// edges (DynamoDB ledger, Glue catalog, S3 file IO, the Lambda handlers).
// moto is a Python package (pip install 'moto[server]'); a test that
// needs it skips with the reason when it is missing, so `go test` stays
// green on a machine without Python.
package mototest

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// Start runs `python3 -m moto.server` on a free 127.0.0.1 port for the
// test's lifetime and returns its endpoint (http://127.0.0.1:<port>). It
// also points the AWS SDK's environment at it (AWS_ENDPOINT_URL, fake
// static credentials, us-east-1), so code that loads the default AWS
// configuration talks to moto.
func Start(t testing.TB) string {
	t.Helper()
	endpoint := Server(t)
	t.Setenv("AWS_ENDPOINT_URL", endpoint)
	return endpoint
}

// Server is Start for code that is given the endpoint explicitly (the
// deploy commands' --endpoint-url): it sets the fake credentials and the
// region, and unsets AWS_ENDPOINT_URL and AWS_PROFILE so that nothing
// reaches moto, or AWS, by accident.
func Server(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("moto test skipped in -short mode")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed (moto tests need pip install 'moto[server]')")
	}
	if out, err := exec.Command(py, "-c", "import moto.server, flask, flask_cors").CombinedOutput(); err != nil {
		t.Skipf("moto[server] not installed (pip install 'moto[server]'): %s", bytes.TrimSpace(out))
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	cmd := exec.Command(py, "-m", "moto.server", "-H", "127.0.0.1", "-p", port)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start moto server: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		if t.Failed() && testing.Verbose() {
			t.Logf("moto server log:\n%s", tail(logs.Bytes(), 4000))
		}
	})
	endpoint := "http://127.0.0.1:" + port
	for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		select {
		case <-exited:
			t.Fatalf("moto server exited while starting:\n%s", logs.Bytes())
		default:
		}
		resp, err := http.Get(endpoint + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("moto server did not come up: %v\n%s", err, logs.Bytes())
		}
	}
	for k, v := range Env(endpoint) {
		if k != "AWS_ENDPOINT_URL" {
			t.Setenv(k, v)
		}
	}
	for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_PROFILE"} {
		t.Setenv(k, "")
		os.Unsetenv(k) // t.Setenv restores it after the test
	}
	return endpoint
}

// Env is the environment that points an AWS SDK at endpoint with fake
// credentials (for child processes such as aws-lambda-rie).
func Env(endpoint string) map[string]string {
	return map[string]string{
		"AWS_ENDPOINT_URL":      endpoint,
		"AWS_ACCESS_KEY_ID":     "testing",
		"AWS_SECRET_ACCESS_KEY": "testing",
		"AWS_SESSION_TOKEN":     "testing",
		"AWS_REGION":            "us-east-1",
		"AWS_DEFAULT_REGION":    "us-east-1",
		// Keep a developer's ~/.aws out of the tests.
		"AWS_CONFIG_FILE":             "/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
		"AWS_EC2_METADATA_DISABLED":   "true",
	}
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
