// Command detect-bench measures the detection host (runtime/detect) on
// CloudTrail-shaped records; bench/detect/run.sh drives it and compares
// the result with runtime/detect/testdata/floor.py.
//
//	detect-bench prepare -n N -dir DIR   writes DIR/records.jsonl and DIR/detections/*/detect.py
//	detect-bench host -dir DIR [-workers W] [-chunk C]
//
// host streams DIR/records.jsonl in chunks of C records (4096, like
// alert.Detector) through a host with W workers (default 1, comparable
// with the one-process floor) running every detection of DIR/detections,
// and prints one line: "seconds records matches cpu_seconds". seconds is
// the time spent inside Host.Run (reading the file is not counted, as the
// floor does not count it either); cpu_seconds is the CPU of this process
// and its workers over the whole run, start-up included.
//
// The records and the ten detections are the ones of BenchmarkHost
// (runtime/detect/bench_test.go), which a test file cannot export; keep
// the two in step.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/matano-go/matano/runtime/detect"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: detect-bench prepare|host [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "prepare":
		err = prepare(os.Args[2:])
	case "host":
		err = host(os.Args[2:])
	default:
		err = fmt.Errorf("unknown mode %q (prepare or host)", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "detect-bench:", err)
		os.Exit(1)
	}
}

func prepare(args []string) error {
	fs := flag.NewFlagSet("prepare", flag.ExitOnError)
	n := fs.Int("n", 1_000_000, "records to write")
	dir := fs.String("dir", "", "output folder")
	fs.Parse(args)
	if *dir == "" {
		return fmt.Errorf("prepare: -dir is required")
	}
	for name, src := range detections {
		d := filepath.Join(*dir, "detections", name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(d, "detect.py"), []byte(src), 0o644); err != nil {
			return err
		}
	}
	f, err := os.Create(filepath.Join(*dir, "records.jsonl"))
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for i := range *n {
		w.Write(cloudTrailRecord(i))
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func host(args []string) error {
	fs := flag.NewFlagSet("host", flag.ExitOnError)
	dir := fs.String("dir", "", "folder written by prepare")
	workers := fs.Int("workers", 1, "worker processes")
	chunk := fs.Int("chunk", 4096, "records per Host.Run call")
	fs.Parse(args)
	if *dir == "" {
		return fmt.Errorf("host: -dir is required")
	}
	var dets []detect.Detection
	for _, name := range slices.Sorted(maps.Keys(detections)) {
		dets = append(dets, detect.Detection{Name: name, Dir: filepath.Join(*dir, "detections", name),
			Tables: []string{table}, Enabled: true})
	}
	cpu0 := cpuSeconds()
	ctx := context.Background()
	h, err := detect.Start(ctx, detect.Config{Detections: dets, Workers: *workers,
		CacheDir: filepath.Join(*dir, "cache"), Stderr: os.Stderr})
	if err != nil {
		return err
	}
	if fails := h.LoadFailures(); len(fails) > 0 {
		h.Close()
		return fmt.Errorf("detection failed to load: %s", fails[0].Error())
	}
	f, err := os.Open(filepath.Join(*dir, "records.jsonl"))
	if err != nil {
		h.Close()
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	var (
		inRun            time.Duration
		records, matches int
		batch            [][]byte
	)
	run := func() error {
		start := time.Now()
		ms, fails, err := h.Run(ctx, table, batch)
		inRun += time.Since(start)
		if err != nil {
			return err
		}
		if len(fails) > 0 {
			return fmt.Errorf("%d failure(s), e.g. %s", len(fails), fails[0].Error())
		}
		records += len(batch)
		matches += len(ms)
		batch = batch[:0]
		return nil
	}
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 1 {
			batch = append(batch, line[:len(line)-1])
			if len(batch) == *chunk {
				if err := run(); err != nil {
					h.Close()
					return err
				}
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			h.Close()
			return err
		}
	}
	if len(batch) > 0 {
		if err := run(); err != nil {
			h.Close()
			return err
		}
	}
	// Close reaps the workers, so their CPU is in RUSAGE_CHILDREN.
	if err := h.Close(); err != nil {
		return err
	}
	fmt.Printf("%.6f %d %d %.6f\n", inRun.Seconds(), records, matches, cpuSeconds()-cpu0)
	return nil
}

// cpuSeconds is the user+system CPU of this process and its reaped
// children.
func cpuSeconds() float64 {
	var self, kids syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
	ns := self.Utime.Nano() + self.Stime.Nano() + kids.Utime.Nano() + kids.Stime.Nano()
	return time.Duration(ns).Seconds()
}

const table = "aws_cloudtrail"

// detections are ten simple CloudTrail detections of the kind Matano
// ships: field comparisons through deepget, a set lookup, a substring.
var detections = map[string]string{
	"root_console_login": `def detect(r):
    return r.deepget("event.action") == "ConsoleLogin" and r.deepget("aws.cloudtrail.user_identity.type") == "Root"
`,
	"failed_console_login": `def detect(r):
    return r.deepget("event.action") == "ConsoleLogin" and r.deepget("event.outcome") == "failure"

def title(r):
    return "Failed console login: " + r.deepget("user.name", "?")
`,
	"login_without_mfa": `def detect(r):
    return r.deepget("event.action") == "ConsoleLogin" and '"MFAUsed":"No"' in (r.deepget("aws.cloudtrail.additional_eventdata") or "")
`,
	"bucket_policy_changed": `ACTIONS = {"PutBucketPolicy", "DeleteBucketPolicy", "PutBucketAcl"}

def detect(r):
    return r.deepget("event.action") in ACTIONS
`,
	"iam_user_created": `def detect(r):
    return r.deepget("event.action") == "CreateUser"
`,
	"cloudtrail_stopped": `def detect(r):
    return r.deepget("event.action") in ("StopLogging", "DeleteTrail", "UpdateTrail")
`,
	"unusual_region": `ALLOWED = {"us-east-1", "us-west-2", "eu-west-1"}

def detect(r):
    return r.deepget("cloud.region") not in ALLOWED
`,
	"access_denied": `def detect(r):
    return r.deepget("aws.cloudtrail.error_code") in ("AccessDenied", "Client.UnauthorizedOperation")
`,
	"external_assume_role": `def detect(r):
    ip = r.deepget("source.ip", "")
    return r.deepget("event.action") == "AssumeRole" and not ip.startswith("10.")
`,
	"open_security_group": `def detect(r):
    return r.deepget("event.action") == "AuthorizeSecurityGroupIngress" and "0.0.0.0/0" in r.deepget("aws.cloudtrail.request_parameters", "")
`,
}

var actions = []string{
	"GetObject", "PutObject", "ListBuckets", "DescribeInstances", "ConsoleLogin", "AssumeRole",
	"GetObject", "DescribeInstances", "PutBucketPolicy", "CreateUser", "AuthorizeSecurityGroupIngress", "StopLogging",
}

// cloudTrailRecord builds the i-th CloudTrail-shaped ECS row (~1 KB), as
// the aws_cloudtrail table's VRL transform emits it.
func cloudTrailRecord(i int) []byte {
	action := actions[i%len(actions)]
	outcome := "success"
	errCode := any(nil)
	if i%9 == 0 {
		outcome, errCode = "failure", "AccessDenied"
	}
	region := []string{"us-east-1", "us-west-2", "eu-west-1", "ap-south-1"}[i%4/3*(i%7/6)*3]
	ip := fmt.Sprintf("10.0.%d.%d", i/256%256, i%256)
	if i%5 == 0 {
		ip = fmt.Sprintf("203.0.113.%d", i%256)
	}
	idType := "IAMUser"
	if i%97 == 0 {
		idType = "Root"
	}
	user := fmt.Sprintf("user%d", i%50)
	rec := map[string]any{
		"ts": time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second).Format(time.RFC3339Nano),
		"event": map[string]any{
			"action": action, "outcome": outcome, "kind": "event", "type": []string{"info"},
			"provider": "iam.amazonaws.com", "id": fmt.Sprintf("e%08d-1234-5678-9abc-def012345678", i),
		},
		"cloud":      map[string]any{"account": map[string]any{"id": "123456789012"}, "region": region, "provider": "aws"},
		"source":     map[string]any{"ip": ip, "address": ip, "geo": map[string]any{"country_iso_code": []string{"US", "DE", "FR"}[i%3]}},
		"user":       map[string]any{"name": user, "id": fmt.Sprintf("AIDA%012d", i)},
		"user_agent": map[string]any{"original": "aws-cli/2.13.0 Python/3.11.4 Linux/5.10 exe/x86_64.amzn.2"},
		"related":    map[string]any{"ip": []string{ip}, "user": []string{user}},
		"aws": map[string]any{"cloudtrail": map[string]any{
			"event_version":        "1.08",
			"event_category":       "Management",
			"error_code":           errCode,
			"user_identity":        map[string]any{"type": idType, "arn": "arn:aws:iam::123456789012:user/" + user, "access_key_id": "AKIAEXAMPLE"},
			"request_parameters":   fmt.Sprintf(`{"groupId":"sg-%d","ipPermissions":{"items":[{"ipRanges":{"items":[{"cidrIp":"%s"}]}}]}}`, i%13, []string{"10.0.0.0/8", "0.0.0.0/0"}[i%2]),
			"response_elements":    nil,
			"additional_eventdata": fmt.Sprintf(`{"MFAUsed":"%s","LoginTo":"https://console.aws.amazon.com"}`, []string{"Yes", "No"}[i%2]),
			"recipient_account_id": "123456789012",
		}},
	}
	b, err := json.Marshal(rec)
	if err != nil {
		panic(err)
	}
	return b
}
