package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/matano-go/matano/runtime/alert"
	"github.com/matano-go/matano/runtime/detect"
	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/notify"
)

// deliverProject alerts on failed logins (threshold 2 per user, severity
// high) to a webhook destination, and records successful logins in an
// info alert without destinations.
var deliverProject = map[string]string{
	"matano.config.yml":                  "aws:\n  account: \"123456789012\"\n  region: eu-west-1\n",
	"log_sources/auth/log_source.yml":    detectProject["log_sources/auth/log_source.yml"],
	"integrations/destinations/hook.yml": "name: hook\ntype: webhook\nproperties:\n  url_env: MATANO_TEST_HOOK\n",
	"detections/failed_login/detect.py":  detectProject["detections/failed_login/detect.py"],
	"detections/login_ok/detection.yml":  "name: login_ok\ntables: [auth]\n",
	"detections/login_ok/detect.py":      "def detect(record):\n    return record.deepget(\"event.action\") == \"login_ok\"\n",
	"detections/failed_login/detection.yml": `name: failed_login
tables: [auth]
description: Several failed logins <of one user>
runbook: Call & ask.
alert:
  severity: high
  threshold: 2
  destinations: [hook]
`,
}

// deliverLines activate two failed_login alerts (alice at her second
// failure, carol at her second of three) and leave bob's below the
// threshold.
const deliverLines = `{"time":"2026-11-27T01:00:00Z","action":"login_failed","user":"alice"}
{"time":"2026-11-27T01:00:01Z","action":"login_ok","user":"alice"}
{"time":"2026-11-27T01:00:02Z","action":"login_failed","user":"alice"}
{"time":"2026-11-27T01:00:03Z","action":"login_failed","user":"bob"}
{"time":"2026-11-27T01:00:04Z","action":"login_failed","user":"carol"}
{"time":"2026-11-27T01:00:05Z","action":"login_failed","user":"carol"}
{"time":"2026-11-27T01:00:06Z","action":"login_failed","user":"carol"}
`

// hookServer is a webhook receiver on 127.0.0.1 that records each POST
// and answers with status.
type hookServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []hookRequest
}

type hookRequest struct {
	method, contentType, alertID string
	body                         []byte
}

func newHookServer(t *testing.T, status int) *hookServer {
	t.Helper()
	h := &hookServer{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.1: %v", err)
	}
	h.Server = &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.requests = append(h.requests, hookRequest{r.Method, r.Header.Get("Content-Type"), r.Header.Get("X-Matano-Alert-Id"), body})
		h.mu.Unlock()
		w.WriteHeader(status)
	})}}
	h.Start()
	t.Cleanup(h.Close)
	return h
}

func (h *hookServer) received() []hookRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.requests)
}

// ingestDeliver ingests deliverLines into a fresh project with the hook
// destination pointing at url and returns the summary and the warehouse.
func ingestDeliver(t *testing.T, url string, noNotify bool) (Summary, string) {
	t.Helper()
	ctx := context.Background()
	t.Setenv("MATANO_TEST_HOOK", url)
	dir := writeProject(t, deliverProject)
	in := filepath.Join(dir, "auth.jsonl")
	if err := os.WriteFile(in, []byte(deliverLines), 0o644); err != nil {
		t.Fatal(err)
	}
	p, schemas := loadProject(t, dir)
	wh := filepath.Join(dir, "wh")
	l := openLake(t, wh)
	pl, err := New(ctx, Config{Project: p, Schemas: schemas, Lake: l, Source: "auth",
		AlertState: filepath.Join(wh, "alerts.db"),
		Detect:     detect.Config{Workers: 1, CacheDir: t.TempDir(), Stderr: io.Discard},
		NoNotify:   noNotify,
		Notify: notify.Options{Warehouse: wh,
			Retry: notify.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxElapsed: 10 * time.Second},
			Sleep: func(context.Context, time.Duration) error { return nil }},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pl.IngestFile(ctx, in); err != nil {
		t.Fatal(err)
	}
	if err := pl.Close(ctx); err != nil {
		t.Fatalf("ingest failed because of deliveries: %v", err)
	}
	sum := pl.Summary()
	if err := sum.Check(); err != nil {
		t.Fatal(err)
	}
	if sum.Detect == nil || sum.Detect.Activated != 3 {
		t.Fatalf("detections: %+v, want 3 activated alerts (2 failed_login, 1 login_ok)", sum.Detect)
	}
	return sum, wh
}

func TestIngestDeliversActivatedAlerts(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found; the detection host needs it")
	}
	srv := newHookServer(t, http.StatusOK)
	sum, wh := ingestDeliver(t, srv.URL+"/alerts", false)

	reqs := srv.received()
	if len(reqs) != 2 {
		t.Fatalf("webhook received %d request(s), want 2 (one per activated non-info alert)", len(reqs))
	}
	byUser := map[string]notify.WebhookPayload{}
	for _, r := range reqs {
		if r.method != http.MethodPost || r.contentType != "application/json" {
			t.Errorf("request %s with Content-Type %q", r.method, r.contentType)
		}
		var p notify.WebhookPayload
		dec := json.NewDecoder(bytes.NewReader(r.body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			t.Fatalf("body %s: %v", r.body, err)
		}
		if p.ID == "" || r.alertID != p.ID {
			t.Errorf("alert id %q, X-Matano-Alert-Id %q", p.ID, r.alertID)
		}
		if _, err := time.Parse(time.RFC3339Nano, p.Created); err != nil {
			t.Errorf("created %q: %v", p.Created, err)
		}
		var ev struct {
			User struct {
				Name string `json:"name"`
			} `json:"user"`
			Event struct {
				Action string `json:"action"`
			} `json:"event"`
		}
		if err := json.Unmarshal(p.SampleEvent, &ev); err != nil || ev.Event.Action != "login_failed" {
			t.Errorf("sample_event %s (%v)", p.SampleEvent, err)
		}
		byUser[ev.User.Name] = p
	}
	if got := slices.Sorted(maps.Keys(byUser)); !slices.Equal(got, []string{"alice", "carol"}) {
		t.Fatalf("alerts delivered for %v, want alice and carol", got)
	}
	for user, p := range byUser {
		want := notify.WebhookPayload{FormatVersion: 1, Destination: "hook", ID: p.ID, RuleName: "failed_login",
			Title: p.Title, Severity: "high", Description: "Several failed logins <of one user>", Runbook: "Call & ask.",
			Created: p.Created, MatchCount: 2}
		p.SampleEvent, p.Context = nil, nil
		if p.Title == "" {
			t.Errorf("%s: empty title", user)
		}
		if !reflect.DeepEqual(p, want) {
			t.Errorf("%s: payload\n%+v\nwant\n%+v", user, p, want)
		}
	}
	if byUser["alice"].ID == byUser["carol"].ID {
		t.Error("both alerts have the same id")
	}

	d := sum.Delivery
	if d == nil || d.Alerts != 2 || d.SkippedInfo != 0 || d.Delivered["hook"] != 2 || len(d.Failed) != 0 {
		t.Fatalf("delivery stats %+v", d)
	}
	if _, err := os.Stat(filepath.Join(wh, "state", notify.FailureLogName)); !os.IsNotExist(err) {
		t.Errorf("failure log exists after successful deliveries (%v)", err)
	}
	var out bytes.Buffer
	sum.Print(&out)
	for _, want := range []string{
		"alert deliveries: 2 alert(s), 2 delivered, 0 failed\n",
		"    hook: 2 delivered, 0 failed",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
}

func TestIngestRecordsFailedDeliveries(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found; the detection host needs it")
	}
	srv := newHookServer(t, http.StatusInternalServerError)
	sum, wh := ingestDeliver(t, srv.URL, false)

	if n := len(srv.received()); n != 4 {
		t.Errorf("webhook received %d request(s), want 4 (2 alerts × 2 attempts)", n)
	}
	d := sum.Delivery
	if d == nil || d.Alerts != 2 || d.Failed["hook"] != 2 || len(d.Delivered) != 0 {
		t.Fatalf("delivery stats %+v", d)
	}
	logPath := filepath.Join(wh, "state", notify.FailureLogName)
	if d.FailureLog != logPath {
		t.Errorf("failure log %q, want %q", d.FailureLog, logPath)
	}
	recs, err := notify.ReadFailures(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 {
		t.Fatalf("failure log has %d record(s), want 2", len(recs))
	}
	for _, r := range recs {
		if r.Destination != "hook" || r.Type != "webhook" || r.RuleName != "failed_login" || r.Attempts != 2 ||
			r.Payload.ID != r.AlertID || r.Payload.MatchCount != 2 || !strings.Contains(r.LastError, "500") {
			t.Errorf("failure record %+v", r)
		}
		if strings.Contains(r.LastError, srv.URL) {
			t.Errorf("failure record leaks the webhook URL: %s", r.LastError)
		}
	}
	var out bytes.Buffer
	sum.Print(&out)
	if !strings.Contains(out.String(), "hook: 0 delivered, 2 failed") || !strings.Contains(out.String(), logPath) {
		t.Errorf("summary:\n%s", out.String())
	}
}

func TestIngestNoNotify(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found; the detection host needs it")
	}
	srv := newHookServer(t, http.StatusOK)
	sum, _ := ingestDeliver(t, srv.URL, true)
	if n := len(srv.received()); n != 0 || sum.Delivery != nil {
		t.Errorf("NoNotify: %d request(s), delivery stats %+v", n, sum.Delivery)
	}
}

// TestForwardSelectsActivations checks which rows Forward delivers
// without a detection host: only activations, only with destinations, and
// not of severity info (validation rejects info rules with destinations;
// Forward still holds to it for projects that were not validated).
func TestForwardSelectsActivations(t *testing.T) {
	srv := newHookServer(t, http.StatusOK)
	t.Setenv("MATANO_TEST_HOOK", srv.URL)
	dir := writeProject(t, map[string]string{
		"matano.config.yml":                  "aws:\n  region: eu-west-1\n",
		"integrations/destinations/hook.yml": deliverProject["integrations/destinations/hook.yml"],
	})
	p, _ := loadProject(t, dir)
	f, err := NewForwarder(p, notify.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(lake.DefaultWarehouse(dir), "state", notify.FailureLogName); f.Stats().FailureLog != want {
		t.Errorf("failure log %q, want %q (default warehouse)", f.Stats().FailureLog, want)
	}
	row := func(id, severity string, activation bool, dests ...string) alert.Row {
		return alert.Row{AlertID: id, Activation: activation, Activated: true, Severity: severity, Title: id,
			Count: 1, Destinations: dests, Rule: alert.Rule{Name: "r"}, Created: time.Unix(0, 0)}
	}
	f.Forward(context.Background(), []alert.Row{
		row("a", "high", true, "hook"),
		row("b", "high", false, "hook"),
		row("c", "info", true, "hook"),
		row("d", "low", true),
		row("e", "critical", true, "hook", "nowhere", "hook"),
	})
	var ids []string
	for _, r := range srv.received() {
		ids = append(ids, r.alertID)
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []string{"a", "e"}) {
		t.Errorf("delivered %v, want [a e]", ids)
	}
	st := f.Stats()
	if st.Alerts != 2 || st.SkippedInfo != 1 || st.Delivered["hook"] != 2 || st.Failed["nowhere"] != 1 {
		t.Errorf("stats %+v", st)
	}
}
