package detect

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// benchDetections are ten simple CloudTrail detections of the kind Matano
// ships: field comparisons through deepget, a set lookup, a substring.
var benchDetections = map[string]string{
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

var benchActions = []string{
	"GetObject", "PutObject", "ListBuckets", "DescribeInstances", "ConsoleLogin", "AssumeRole",
	"GetObject", "DescribeInstances", "PutBucketPolicy", "CreateUser", "AuthorizeSecurityGroupIngress", "StopLogging",
}

// cloudTrailRecord builds the i-th CloudTrail-shaped ECS row (~1 KB), as
// the aws_cloudtrail table's VRL transform emits it.
func cloudTrailRecord(i int) []byte {
	action := benchActions[i%len(benchActions)]
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

func benchSetup(n int) (recs [][]byte, dets []det) {
	for i := range n {
		recs = append(recs, cloudTrailRecord(i))
	}
	for name, src := range benchDetections {
		dets = append(dets, det{name: name, src: src, tables: []string{"aws_cloudtrail"}})
	}
	sort.Slice(dets, func(i, j int) bool { return dets[i].name < dets[j].name })
	return recs, dets
}

// floorRate runs testdata/floor.py over recs and returns its records per
// wall second and per CPU second.
func floorRate(b *testing.B, recs [][]byte, h *Host) (wall, cpu float64) {
	b.Helper()
	dir := b.TempDir()
	path := filepath.Join(dir, "records.jsonl")
	if err := os.WriteFile(path, append(bytes.Join(recs, []byte("\n")), '\n'), 0o644); err != nil {
		b.Fatal(err)
	}
	args := []string{"testdata/floor.py", path}
	for _, d := range h.cfg.Detections {
		args = append(args, d.Dir)
	}
	cmd := exec.Command("python3", args...)
	cmd.Env = h.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("floor.py: %v\n%s", err, out)
	}
	f := strings.Fields(string(out))
	if len(f) != 4 {
		b.Fatalf("floor.py output %q", out)
	}
	secs, err1 := strconv.ParseFloat(f[0], 64)
	cpuSecs, err2 := strconv.ParseFloat(f[3], 64)
	if err1 != nil || err2 != nil {
		b.Fatalf("floor.py output %q", out)
	}
	return float64(len(recs)) / secs, float64(len(recs)) / cpuSecs
}

// cpuSeconds is the CPU time (user+system) used so far by this process and
// the given worker processes. The machine running benchmarks is often
// shared, so wall-clock rates swing with other load; CPU time per record
// is the steadier comparison. Returns -1s where /proc is unavailable.
func cpuSeconds(pids []int) (host, workers float64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1, -1
	}
	host = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
	for _, pid := range pids {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return -1, -1
		}
		// Fields after the parenthesised command name; utime and stime
		// are the 14th and 15th fields overall, in clock ticks (100/s on
		// Linux).
		rest := b[bytes.LastIndexByte(b, ')')+2:]
		f := strings.Fields(string(rest))
		ut, _ := strconv.ParseFloat(f[11], 64)
		st, _ := strconv.ParseFloat(f[12], 64)
		workers += (ut + st) / 100
	}
	return host, workers
}

// BenchmarkHost runs 10 simple detections over CloudTrail-shaped records
// through the host and reports records/s next to the floor: a bare Python
// loop that json-decodes the same records and calls the same detect()
// functions (testdata/floor.py). time_ratio is host time over floor time
// for one worker (the floor is one process); rate_vs_floor_NxW compares
// the whole pool to one floor process.
//
//	go test -run '^$' -bench BenchmarkHost -benchtime 5x ./runtime/detect/
func BenchmarkHost(b *testing.B) {
	needPython(b)
	const n = 20000
	recs, dets := benchSetup(n)
	for _, workers := range []int{1, runtime.NumCPU()} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			h := startHost(b, Config{Workers: workers}, dets...)
			ctx := context.Background()
			// Warm up: first batches pay for lazy imports and page faults.
			if _, _, err := h.Run(ctx, "aws_cloudtrail", recs[:2000]); err != nil {
				b.Fatal(err)
			}
			// The floor runs before and after the host and is averaged,
			// so a change in the machine's load hits both sides alike.
			floor, floorCPU := floorRate(b, recs, h)
			pids := h.workerPIDs()
			b.ResetTimer()
			var matches int
			goCPU0, pyCPU0 := cpuSeconds(pids)
			start := time.Now()
			for range b.N {
				ms, fs, err := h.Run(ctx, "aws_cloudtrail", recs)
				if err != nil || len(fs) != 0 {
					b.Fatalf("err %v, failures %v", err, fs)
				}
				matches = len(ms)
			}
			el := time.Since(start)
			goCPU1, pyCPU1 := cpuSeconds(pids)
			b.StopTimer()
			floor2, floorCPU2 := floorRate(b, recs, h)
			// Harmonic means: the rate of the two runs' mean time.
			floor, floorCPU = 2/(1/floor+1/floor2), 2/(1/floorCPU+1/floorCPU2)
			host := float64(n*b.N) / el.Seconds()
			b.ReportMetric(host, "records/s")
			b.ReportMetric(floor, "floor_records/s")
			b.ReportMetric(floor/host, "time_ratio")
			b.ReportMetric(float64(matches), "matches")
			msg := fmt.Sprintf("workers=%d: host %.0f records/s, floor %.0f records/s (1 process), wall time ratio host/floor = %.2f",
				workers, host, floor, floor/host)
			if goCPU0 >= 0 && goCPU1 >= 0 {
				goCPU, pyCPU := goCPU1-goCPU0, pyCPU1-pyCPU0
				hostCPU := float64(n*b.N) / (goCPU + pyCPU)
				b.ReportMetric(floorCPU/hostCPU, "cpu_ratio")
				msg += fmt.Sprintf("; per CPU second: host %.0f (Go share %.0f%%), floor %.0f records, CPU ratio host/floor = %.2f",
					hostCPU, 100*goCPU/(goCPU+pyCPU), floorCPU, floorCPU/hostCPU)
			}
			b.Log(msg)
		})
	}
}
