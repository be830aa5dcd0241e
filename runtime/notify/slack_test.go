package notify

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/matano-go/matano/compiler/load"
)

// fakeSlack answers chat.postMessage from a script of (status, body,
// Retry-After) replies and records what it received.
type fakeSlack struct {
	mu      sync.Mutex
	replies []slackReply
	reqs    []recorded
	srv     *httptest.Server
}

type slackReply struct {
	status     int
	body       string
	retryAfter string
}

func newFakeSlack(t *testing.T, replies ...slackReply) *fakeSlack {
	f := &fakeSlack{replies: replies}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		i := len(f.reqs)
		f.reqs = append(f.reqs, recorded{header: r.Header.Clone(), body: body, path: r.URL.Path})
		rep := slackReply{status: 200, body: `{"ok":true,"ts":"1.2"}`}
		if i < len(f.replies) {
			rep = f.replies[i]
		}
		f.mu.Unlock()
		if rep.retryAfter != "" {
			w.Header().Set("Retry-After", rep.retryAfter)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rep.status)
		io.WriteString(w, rep.body)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func slackDest(name, channel string) *load.Destination {
	return &load.Destination{Name: name, Type: "slack", Properties: map[string]any{"channel": channel, "client_id": "123.456"}}
}

func TestSlackMessage(t *testing.T) {
	fs := newFakeSlack(t)
	h := newHarness(t, map[string]string{"SLACK_SECOPS_BOT_TOKEN": "xoxb-secops"})
	h.opt.SlackBaseURL = fs.srv.URL + "/api/"
	n := h.notifier(slackDest("secops", "#alerts"))
	res := n.Send(context.Background(), testAlert("secops"))[0]
	if !res.OK() || res.Type != "slack" || res.Attempts != 1 {
		t.Fatalf("result = %+v", res)
	}
	req := fs.reqs[0]
	if req.path != "/api/chat.postMessage" {
		t.Errorf("path = %q", req.path)
	}
	if got := req.header.Get("Authorization"); got != "Bearer xoxb-secops" {
		t.Errorf("Authorization = %q", got)
	}
	if got := req.header.Get("Content-Type"); got != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
	var msg struct {
		Channel string `json:"channel"`
		Text    string `json:"text"`
		Blocks  []struct {
			Type string `json:"type"`
			Text *struct {
				Type string `json:"type"`
				Text string `json:"text"`
			} `json:"text"`
			Fields []struct {
				Type string `json:"type"`
				Text string `json:"text"`
			} `json:"fields"`
			Elements []struct {
				Text string `json:"text"`
			} `json:"elements"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(req.body, &msg); err != nil {
		t.Fatal(err)
	}
	if msg.Channel != "#alerts" || msg.Text != "[high] Root user <logged> in (rule aws_root_login)" {
		t.Errorf("channel=%q text=%q", msg.Channel, msg.Text)
	}
	var types []string
	for _, b := range msg.Blocks {
		types = append(types, b.Type)
	}
	if got := strings.Join(types, ","); got != "header,section,section,divider,section,section,context" {
		t.Fatalf("block types = %s", got)
	}
	b := msg.Blocks
	if b[0].Text.Type != "plain_text" || b[0].Text.Text != "🟠 Root user <logged> in" {
		t.Errorf("header = %+v", b[0].Text)
	}
	var facts []string
	for _, f := range b[1].Fields {
		facts = append(facts, f.Text)
	}
	if got := strings.Join(facts, "|"); got != "*Severity:*\nhigh|*Rule:*\n`aws_root_login`|*Matches:*\n3|*Created:*\n2026-11-27T02:59:00Z" {
		t.Errorf("facts = %q", got)
	}
	if b[2].Text.Text != "The root user &amp; friends signed in." {
		t.Errorf("description = %q", b[2].Text.Text)
	}
	var ctxFields []string
	for _, f := range b[4].Fields {
		ctxFields = append(ctxFields, f.Text)
	}
	if got := strings.Join(ctxFields, "|"); got != "*count:*\n2|*ips:*\n[\"1.2.3.4\"]|*user:*\nroot" {
		t.Errorf("context fields = %q", got)
	}
	if b[5].Text.Text != "*Runbook:* <https://runbooks.example/root>\n*Reference:* Check CloudTrail" {
		t.Errorf("links = %q", b[5].Text.Text)
	}
	if b[6].Elements[0].Text != "Matano alert `alert-123`" {
		t.Errorf("footer = %q", b[6].Elements[0].Text)
	}
}

func TestSlackContextIsCapped(t *testing.T) {
	ctx := map[string]int{}
	for _, k := range strings.Split("a b c d e f g h i j k l", " ") {
		ctx[k] = 1
	}
	raw, _ := json.Marshal(ctx)
	fields := contextFields(raw)
	if len(fields) != 9 {
		t.Fatalf("fields = %d, want 9", len(fields))
	}
	if last := fields[8].(map[string]any)["text"]; last != "_…and 4 more_" {
		t.Errorf("last field = %v", last)
	}
	if got := truncate(strings.Repeat("é", 200), slackHeaderMax); len([]rune(got)) != slackHeaderMax || !strings.HasSuffix(got, "…") {
		t.Errorf("truncate gave %d runes", len([]rune(got)))
	}
}

func TestSlackResponses(t *testing.T) {
	tests := []struct {
		name       string
		env        map[string]string
		replies    []slackReply
		wantOK     bool
		wantTries  int
		wantSleeps []time.Duration
		wantInErr  string
		wantToken  string
	}{
		{name: "fallback token", env: map[string]string{"SLACK_BOT_TOKEN": "xoxb-shared"}, wantOK: true, wantTries: 1, wantToken: "Bearer xoxb-shared"},
		{name: "ratelimited 429 honours Retry-After", env: map[string]string{"SLACK_BOT_TOKEN": "xoxb-shared"},
			replies: []slackReply{{status: 429, body: `{"ok":false,"error":"ratelimited"}`, retryAfter: "3"}},
			wantOK:  true, wantTries: 2, wantSleeps: []time.Duration{3 * time.Second}},
		{name: "ok false internal_error retried", env: map[string]string{"SLACK_BOT_TOKEN": "xoxb-shared"},
			replies: []slackReply{{status: 200, body: `{"ok":false,"error":"internal_error"}`}},
			wantOK:  true, wantTries: 2, wantSleeps: []time.Duration{750 * time.Millisecond}},
		{name: "invalid_auth is permanent", env: map[string]string{"SLACK_BOT_TOKEN": "xoxb-shared"},
			replies:   []slackReply{{status: 200, body: `{"ok":false,"error":"invalid_auth"}`}},
			wantTries: 1, wantInErr: `slack destination "secops": slack: chat.postMessage: invalid_auth`},
		{name: "channel_not_found is permanent", env: map[string]string{"SLACK_BOT_TOKEN": "xoxb-shared"},
			replies:   []slackReply{{status: 200, body: `{"ok":false,"error":"channel_not_found"}`}},
			wantTries: 1, wantInErr: "channel_not_found"},
		{name: "no token", wantTries: 0, wantInErr: "SLACK_SECOPS_BOT_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := newFakeSlack(t, tt.replies...)
			h := newHarness(t, tt.env)
			h.opt.SlackBaseURL = fs.srv.URL
			n := h.notifier(slackDest("secops", "C123"))
			res := n.Send(context.Background(), testAlert("secops"))[0]
			if res.OK() != tt.wantOK || res.Attempts != tt.wantTries || len(fs.reqs) != tt.wantTries {
				t.Fatalf("ok=%v attempts=%d requests=%d err=%v", res.OK(), res.Attempts, len(fs.reqs), res.Err)
			}
			if !equalDurations(h.sleeps, tt.wantSleeps) {
				t.Errorf("sleeps = %v, want %v", h.sleeps, tt.wantSleeps)
			}
			if tt.wantToken != "" && fs.reqs[0].header.Get("Authorization") != tt.wantToken {
				t.Errorf("Authorization = %q", fs.reqs[0].header.Get("Authorization"))
			}
			if !tt.wantOK {
				if !strings.Contains(res.Err.Error(), tt.wantInErr) {
					t.Errorf("err = %q, want %q", res.Err, tt.wantInErr)
				}
				if strings.Contains(res.Err.Error(), "xoxb-") {
					t.Errorf("err leaks the token: %v", res.Err)
				}
				if len(h.failures()) != 1 {
					t.Errorf("failure log = %+v", h.failures())
				}
			}
		})
	}
}
