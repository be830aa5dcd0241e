package notify

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/matano-go/matano/compiler/load"
)

// harness is a Notifier with a fake environment, a recorded sleep and a
// fake clock that sleeping advances.
type harness struct {
	t      *testing.T
	env    map[string]string
	mu     sync.Mutex
	sleeps []time.Duration
	clock  time.Time
	opt    Options
}

func newHarness(t *testing.T, env map[string]string) *harness {
	h := &harness{t: t, env: env, clock: time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)}
	h.opt = Options{
		Warehouse: t.TempDir(),
		Getenv:    func(k string) string { return h.env[k] },
		Sleep: func(ctx context.Context, d time.Duration) error {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.sleeps = append(h.sleeps, d)
			h.clock = h.clock.Add(d)
			return ctx.Err()
		},
		Now: func() time.Time {
			h.mu.Lock()
			defer h.mu.Unlock()
			return h.clock
		},
		Rand:  func() float64 { return 0.5 },
		Retry: RetryPolicy{MaxAttempts: 4, BaseDelay: time.Second, MaxDelay: 10 * time.Second, MaxElapsed: time.Minute},
	}
	return h
}

func (h *harness) notifier(dests ...*load.Destination) *Notifier {
	h.t.Helper()
	n, err := New(dests, h.opt)
	if err != nil {
		h.t.Fatal(err)
	}
	return n
}

func (h *harness) failures() []FailureRecord {
	h.t.Helper()
	recs, err := ReadFailures(filepath.Join(h.opt.Warehouse, "state", FailureLogName))
	if err != nil {
		h.t.Fatal(err)
	}
	return recs
}

func testAlert(dests ...string) *Alert {
	return &Alert{
		ID:           "alert-123",
		RuleName:     "aws_root_login",
		Title:        "Root user <logged> in",
		Severity:     "high",
		Description:  "The root user & friends signed in.",
		Runbook:      "https://runbooks.example/root",
		Reference:    "Check CloudTrail",
		Context:      json.RawMessage(`{"user":"root","ips":["1.2.3.4"],"count":2}`),
		Created:      time.Date(2026, 11, 27, 2, 59, 0, 0, time.UTC),
		MatchCount:   3,
		Destinations: dests,
		SampleEvent:  json.RawMessage(`{"eventName":"ConsoleLogin"}`),
	}
}

func webhookDest(name string, props map[string]any) *load.Destination {
	return &load.Destination{Name: name, Type: "webhook", Properties: props}
}

// recorder is an httptest server answering from a script of statuses.
type recorder struct {
	mu       sync.Mutex
	requests []recorded
	statuses []int
	headers  []map[string]string
	srv      *httptest.Server
}

type recorded struct {
	header http.Header
	body   []byte
	path   string
}

func newRecorder(t *testing.T, statuses ...int) *recorder {
	r := &recorder{statuses: statuses}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		i := len(r.requests)
		r.requests = append(r.requests, recorded{header: req.Header.Clone(), body: body, path: req.URL.RequestURI()})
		status := http.StatusOK
		if i < len(r.statuses) {
			status = r.statuses[i]
		} else if len(r.statuses) > 0 {
			status = r.statuses[len(r.statuses)-1]
		}
		var extra map[string]string
		if i < len(r.headers) {
			extra = r.headers[i]
		}
		r.mu.Unlock()
		for k, v := range extra {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		io.WriteString(w, "status body")
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.requests)
}

func TestWebhookDeliversDocumentedPayload(t *testing.T) {
	rec := newRecorder(t, 200)
	h := newHarness(t, map[string]string{"HOOK_URL": rec.srv.URL + "/hook?token=s3cr3t-token"})
	n := h.notifier(webhookDest("hook", map[string]any{"url_env": "HOOK_URL"}))
	res := n.Send(context.Background(), testAlert("hook"))
	if len(res) != 1 || !res[0].OK() || res[0].Attempts != 1 || res[0].Type != "webhook" {
		t.Fatalf("result = %+v", res)
	}
	got := rec.requests[0]
	if got.path != "/hook?token=s3cr3t-token" {
		t.Errorf("path = %q", got.path)
	}
	for k, want := range map[string]string{"Content-Type": "application/json", "X-Matano-Alert-Id": "alert-123", "User-Agent": userAgent} {
		if v := got.header.Get(k); v != want {
			t.Errorf("header %s = %q, want %q", k, v, want)
		}
	}
	var body map[string]any
	if err := json.Unmarshal(got.body, &body); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"format_version": 1.0, "destination": "hook", "id": "alert-123", "rule_name": "aws_root_login",
		"title": "Root user <logged> in", "severity": "high", "description": "The root user & friends signed in.",
		"runbook": "https://runbooks.example/root", "reference": "Check CloudTrail",
		"created": "2026-11-27T02:59:00Z", "match_count": 3.0,
	}
	for k, v := range want {
		if body[k] != v {
			t.Errorf("body[%s] = %#v, want %#v", k, body[k], v)
		}
	}
	if ctx, _ := body["context"].(map[string]any); ctx["user"] != "root" {
		t.Errorf("context = %#v", body["context"])
	}
	if ev, _ := body["sample_event"].(map[string]any); ev["eventName"] != "ConsoleLogin" {
		t.Errorf("sample_event = %#v", body["sample_event"])
	}
	if strings.Contains(string(got.body), `\u003c`) {
		t.Errorf("body is HTML-escaped: %s", got.body)
	}
	if len(body) != len(want)+2 {
		t.Errorf("body has %d keys, want %d: %s", len(body), len(want)+2, got.body)
	}
	if f := h.failures(); len(f) != 0 {
		t.Errorf("failure log = %+v", f)
	}
}

func TestWebhookRetries(t *testing.T) {
	tests := []struct {
		name       string
		statuses   []int
		headers    []map[string]string
		wantOK     bool
		wantTries  int
		wantSleeps []time.Duration
		wantInErr  string
	}{
		{name: "503 then success", statuses: []int{503, 200}, wantOK: true, wantTries: 2,
			wantSleeps: []time.Duration{750 * time.Millisecond}},
		{name: "backoff grows", statuses: []int{500, 502, 504, 200}, wantOK: true, wantTries: 4,
			wantSleeps: []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second}},
		{name: "429 honours Retry-After", statuses: []int{429, 200}, headers: []map[string]string{{"Retry-After": "7"}},
			wantOK: true, wantTries: 2, wantSleeps: []time.Duration{7 * time.Second}},
		{name: "Retry-After above MaxDelay gives up", statuses: []int{429}, headers: []map[string]string{{"Retry-After": "3600"}},
			wantTries: 1, wantInErr: "server asked to wait 1h0m0s"},
		{name: "gives up after max attempts", statuses: []int{503}, wantTries: 4,
			wantSleeps: []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second},
			wantInErr:  "giving up after 4 attempts: HTTP 503 Service Unavailable: status body"},
		{name: "400 is not retried", statuses: []int{400}, wantTries: 1, wantInErr: "HTTP 400 Bad Request"},
		{name: "404 is not retried", statuses: []int{404}, wantTries: 1, wantInErr: "HTTP 404 Not Found"},
		{name: "501 is not retried", statuses: []int{501}, wantTries: 1, wantInErr: "HTTP 501"},
		{name: "redirect is not followed", statuses: []int{302}, headers: []map[string]string{{"Location": "/elsewhere"}},
			wantTries: 1, wantInErr: "HTTP 302 Found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, tt.statuses...)
			rec.headers = tt.headers
			h := newHarness(t, map[string]string{"HOOK_URL": rec.srv.URL})
			n := h.notifier(webhookDest("hook", map[string]any{"url_env": "HOOK_URL"}))
			res := n.Send(context.Background(), testAlert("hook"))[0]
			if res.OK() != tt.wantOK || res.Attempts != tt.wantTries || rec.count() != tt.wantTries {
				t.Fatalf("ok=%v attempts=%d requests=%d err=%v; want ok=%v attempts=%d",
					res.OK(), res.Attempts, rec.count(), res.Err, tt.wantOK, tt.wantTries)
			}
			if !equalDurations(h.sleeps, tt.wantSleeps) {
				t.Errorf("sleeps = %v, want %v", h.sleeps, tt.wantSleeps)
			}
			fails := h.failures()
			if tt.wantOK {
				if len(fails) != 0 {
					t.Errorf("failure log = %+v", fails)
				}
				return
			}
			if !strings.Contains(res.Err.Error(), tt.wantInErr) {
				t.Errorf("err = %q, want it to contain %q", res.Err, tt.wantInErr)
			}
			if !res.Logged || len(fails) != 1 {
				t.Fatalf("logged=%v failures=%+v", res.Logged, fails)
			}
			f := fails[0]
			if f.AlertID != "alert-123" || f.Destination != "hook" || f.Type != "webhook" ||
				f.Attempts != tt.wantTries || f.LastError != res.Err.Error() || f.Payload.ID != "alert-123" {
				t.Errorf("failure record = %+v", f)
			}
		})
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRetryBudget(t *testing.T) {
	rec := newRecorder(t, 503)
	h := newHarness(t, map[string]string{"HOOK_URL": rec.srv.URL})
	h.opt.Retry = RetryPolicy{MaxAttempts: 100, BaseDelay: 4 * time.Second, MaxDelay: 8 * time.Second, MaxElapsed: 20 * time.Second}
	n := h.notifier(webhookDest("hook", map[string]any{"url_env": "HOOK_URL"}))
	res := n.Send(context.Background(), testAlert("hook"))[0]
	// Waits are 3s, 6s, 6s (=15s); the next 6s would end at 21s > 20s.
	if res.Attempts != 4 || !strings.Contains(res.Err.Error(), "retry budget of 20s exhausted") {
		t.Fatalf("attempts=%d err=%v sleeps=%v", res.Attempts, res.Err, h.sleeps)
	}
}

func TestWebhookHeaders(t *testing.T) {
	rec := newRecorder(t, 200)
	h := newHarness(t, map[string]string{"HOOK_URL": rec.srv.URL, "HOOK_TOKEN": "tok-abc123", "TEAM": "secops"})
	n := h.notifier(
		webhookDest("hook", map[string]any{"url_env": "HOOK_URL", "headers": map[string]any{
			"Authorization": "Bearer ${HOOK_TOKEN}",
			"X-Team":        "${TEAM}-${TEAM}",
			"X-Literal":     "price $5 and $${NOT_EXPANDED}",
		}}),
		webhookDest("broken", map[string]any{"url_env": "HOOK_URL", "headers": map[string]any{
			"Authorization": "Bearer ${MISSING_TOKEN}",
		}}),
	)
	res := n.Send(context.Background(), testAlert("hook", "broken"))
	if !res[0].OK() {
		t.Fatal(res[0].Err)
	}
	got := rec.requests[0].header
	for k, want := range map[string]string{"Authorization": "Bearer tok-abc123", "X-Team": "secops-secops", "X-Literal": "price $5 and ${NOT_EXPANDED}"} {
		if got.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, got.Get(k), want)
		}
	}
	if res[1].OK() || res[1].Attempts != 0 || !strings.Contains(res[1].Err.Error(), "environment variable MISSING_TOKEN is not set") {
		t.Errorf("broken = %+v", res[1])
	}
	if rec.count() != 1 {
		t.Errorf("requests = %d, want 1", rec.count())
	}
}

func TestExpandEnv(t *testing.T) {
	env := map[string]string{"A": "1", "B_2": "two"}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		in, want, err string
		secret        bool
	}{
		{in: "plain", want: "plain"},
		{in: "$A and $", want: "$A and $"},
		{in: "${A}", want: "1", secret: true},
		{in: "x${A}y${B_2}z", want: "x1ytwoz", secret: true},
		{in: "$${A}", want: "${A}"},
		{in: "${C}", err: "environment variable C is not set"},
		{in: "${A", err: `unterminated "${"`},
		{in: "${1A}", err: `invalid environment variable name "1A"`},
		{in: "${}", err: `invalid environment variable name ""`},
	}
	for _, tt := range tests {
		got, secret, err := expandEnv(tt.in, getenv)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("expandEnv(%q) err = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want || secret != tt.secret {
			t.Errorf("expandEnv(%q) = %q, %v, %v; want %q, %v", tt.in, got, secret, err, tt.want, tt.secret)
		}
	}
}

func TestUnknownDestination(t *testing.T) {
	rec := newRecorder(t, 200)
	h := newHarness(t, map[string]string{"HOOK_URL": rec.srv.URL})
	n := h.notifier(webhookDest("hook", map[string]any{"url_env": "HOOK_URL"}))
	res := n.Send(context.Background(), testAlert("nope", "hook", "nope"))
	if len(res) != 2 {
		t.Fatalf("results = %+v", res)
	}
	if res[0].Destination != "nope" || res[0].OK() || res[0].Type != "" || res[0].Attempts != 0 ||
		!strings.Contains(res[0].Err.Error(), `unknown destination "nope"`) {
		t.Errorf("unknown = %+v", res[0])
	}
	if !res[1].OK() {
		t.Errorf("hook = %+v", res[1])
	}
	if f := h.failures(); len(f) != 1 || f[0].Destination != "nope" || f[0].Payload.RuleName != "aws_root_login" {
		t.Errorf("failure log = %+v", f)
	}
}

func TestSecretsNeverInErrors(t *testing.T) {
	// A server that is closed before use: the connection error from
	// net/http names the URL, token included.
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL + "/hook?token=very-secret-token"
	dead.Close()
	var logged strings.Builder
	h := newHarness(t, map[string]string{"prod_hook": deadURL})
	h.opt.Retry.MaxAttempts = 2
	h.opt.Logger = newTestLogger(&logged)
	n := h.notifier(webhookDest("hook", map[string]any{"url_secret": "prod_hook"}))
	res := n.Send(context.Background(), testAlert("hook"))[0]
	if res.OK() || res.Attempts != 2 {
		t.Fatalf("result = %+v", res)
	}
	for what, text := range map[string]string{"error": res.Err.Error(), "failure log": h.failures()[0].LastError, "log": logged.String()} {
		if strings.Contains(text, "very-secret-token") || strings.Contains(text, deadURL) {
			t.Errorf("%s leaks the secret: %s", what, text)
		}
	}
	if !strings.Contains(res.Err.Error(), "giving up after 2 attempts") {
		t.Errorf("err = %v", res.Err)
	}

	// A missing secret names the reference, not a value.
	h2 := newHarness(t, nil)
	n2 := h2.notifier(webhookDest("hook", map[string]any{"url_secret": "prod/alerts/hook"}))
	res2 := n2.Send(context.Background(), testAlert("hook"))[0]
	if !errors.Is(res2.Err, ErrSecretNotFound) || !strings.Contains(res2.Err.Error(), "PROD_ALERTS_HOOK") {
		t.Errorf("missing secret err = %v", res2.Err)
	}
}

func TestEnvSecrets(t *testing.T) {
	env := map[string]string{"EXACT/name": "a", "PROD_ALERTS_HOOK": "b"}
	r := EnvSecrets{Getenv: func(k string) string { return env[k] }}
	for ref, want := range map[string]string{"EXACT/name": "a", "prod/alerts/hook": "b", "PROD_ALERTS_HOOK": "b"} {
		if got, err := r.ResolveSecret(context.Background(), ref); err != nil || got != want {
			t.Errorf("ResolveSecret(%q) = %q, %v; want %q", ref, got, err, want)
		}
	}
	if _, err := r.ResolveSecret(context.Background(), "missing-one"); !errors.Is(err, ErrSecretNotFound) || !strings.Contains(err.Error(), "MISSING_ONE") {
		t.Errorf("missing err = %v", err)
	}
}

func TestNewRejectsBadDestinations(t *testing.T) {
	tests := []struct {
		name string
		dest *load.Destination
		err  string
	}{
		{"no url", webhookDest("w", nil), "needs properties.url_env or properties.url_secret"},
		{"both urls", webhookDest("w", map[string]any{"url_env": "A", "url_secret": "B"}), "mutually exclusive"},
		{"bad header", webhookDest("w", map[string]any{"url_env": "A", "headers": map[string]any{"Bad Header": "x"}}), `invalid header name "Bad Header"`},
		{"slack no channel", &load.Destination{Name: "s", Type: "slack", Properties: map[string]any{}}, "slack needs properties.channel"},
		{"sns no arn", &load.Destination{Name: "t", Type: "sns"}, "sns needs properties.topic_arn"},
		{"sns bad arn", &load.Destination{Name: "t", Type: "sns", Properties: map[string]any{"topic_arn": "arn:aws:sqs:us-east-1:1:q"}}, "is not an SNS topic ARN"},
		{"ses no recipients", &load.Destination{Name: "e", Type: "ses", Properties: map[string]any{"sender": "a@b.c"}}, "at least one of properties.recipients"},
		{"ses no sender", &load.Destination{Name: "e", Type: "ses", Properties: map[string]any{"recipients": []any{"a@b.c"}}}, "ses needs properties.sender"},
		{"unknown type", &load.Destination{Name: "x", Type: "pagerduty"}, `unknown type "pagerduty"`},
		{"no name", &load.Destination{Type: "webhook"}, "destination has no name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := New([]*load.Destination{tt.dest}, Options{})
			if err == nil || n != nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("New err = %v, want %q", err, tt.err)
			}
		})
	}
	dup := webhookDest("w", map[string]any{"url_env": "A"})
	if _, err := New([]*load.Destination{dup, dup}, Options{}); err == nil || !strings.Contains(err.Error(), `"w" is declared twice`) {
		t.Errorf("duplicate err = %v", err)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"":                              0,
		"5":                             5 * time.Second,
		" 120 ":                         2 * time.Minute,
		"0":                             0,
		"-3":                            0,
		"soon":                          0,
		"Fri, 27 Nov 2026 03:00:30 GMT": 30 * time.Second,
		"Fri, 27 Nov 2026 02:00:00 GMT": 0,
	}
	for in, want := range tests {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestBackoff(t *testing.T) {
	p := RetryPolicy{BaseDelay: time.Second, MaxDelay: 5 * time.Second}.withDefaults()
	for n, want := range map[int][2]time.Duration{
		1: {500 * time.Millisecond, time.Second},
		2: {time.Second, 2 * time.Second},
		3: {2 * time.Second, 4 * time.Second},
		4: {2500 * time.Millisecond, 5 * time.Second},
		9: {2500 * time.Millisecond, 5 * time.Second},
	} {
		if lo := p.backoff(n, func() float64 { return 0 }); lo != want[0] {
			t.Errorf("backoff(%d) with rand 0 = %v, want %v", n, lo, want[0])
		}
		if hi := p.backoff(n, func() float64 { return 0.999999999 }); hi > want[1] || hi < want[1]-time.Millisecond {
			t.Errorf("backoff(%d) with rand ~1 = %v, want ~%v", n, hi, want[1])
		}
	}
}

func TestRetryableStatus(t *testing.T) {
	for code, want := range map[int]bool{200: false, 400: false, 401: false, 403: false, 404: false, 408: true, 425: true,
		429: true, 500: true, 501: false, 502: true, 503: true, 504: true, 505: false, 599: true} {
		if retryableStatus(code) != want {
			t.Errorf("retryableStatus(%d) = %v", code, !want)
		}
	}
}

func TestCancelledContextStopsRetrying(t *testing.T) {
	rec := newRecorder(t, 503)
	h := newHarness(t, map[string]string{"HOOK_URL": rec.srv.URL})
	ctx, cancel := context.WithCancel(context.Background())
	h.opt.Sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	n := h.notifier(webhookDest("hook", map[string]any{"url_env": "HOOK_URL"}))
	res := n.Send(ctx, testAlert("hook"))[0]
	if res.Attempts != 1 || !errors.Is(res.Err, context.Canceled) || !res.Logged {
		t.Errorf("result = %+v", res)
	}
}

func newTestLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

func TestWebhookRetriesDroppedConnection(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		first := calls == 1
		mu.Unlock()
		if first {
			// Close the connection without answering.
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	h := newHarness(t, map[string]string{"HOOK_URL": srv.URL})
	n := h.notifier(webhookDest("hook", map[string]any{"url_env": "HOOK_URL"}))
	res := n.Send(context.Background(), testAlert("hook"))[0]
	if !res.OK() || res.Attempts != 2 {
		t.Fatalf("result = %+v", res)
	}
}
