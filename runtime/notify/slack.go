package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// slack posts a Block Kit message with chat.postMessage.
type slack struct {
	n        *Notifier
	channel  string
	tokenRef string
}

// SlackTokenSecret is the secret reference of a Slack destination's bot
// token; SlackTokenFallback is tried when it has no value.
func SlackTokenSecret(destination string) string { return "slack/" + destination + "/bot_token" }

// SlackTokenFallback is the shared bot token reference.
const SlackTokenFallback = "SLACK_BOT_TOKEN"

func newSlack(n *Notifier, name string, p props) (destination, error) {
	s := &slack{n: n, channel: p.str("channel"), tokenRef: SlackTokenSecret(name)}
	if s.channel == "" {
		return nil, errors.New("slack needs properties.channel")
	}
	return s, nil
}

func (s *slack) kind() string { return "slack" }

func (s *slack) token(ctx context.Context) (string, error) {
	tok, err := s.n.opt.Secrets.ResolveSecret(ctx, s.tokenRef)
	if err == nil {
		return tok, nil
	}
	if !errors.Is(err, ErrSecretNotFound) {
		return "", fmt.Errorf("slack bot token: %w", err)
	}
	tok, err2 := s.n.opt.Secrets.ResolveSecret(ctx, SlackTokenFallback)
	if err2 != nil {
		return "", fmt.Errorf("slack bot token: %w (nor %s)", err, SlackTokenFallback)
	}
	return tok, nil
}

func (s *slack) prepare(ctx context.Context, a *Alert, _ string, red *redactor) (func(context.Context) error, error) {
	tok, err := s.token(ctx)
	if err != nil {
		return nil, err
	}
	red.add(tok)
	endpoint, err := url.JoinPath(s.n.opt.SlackBaseURL, "chat.postMessage")
	if err != nil {
		return nil, fmt.Errorf("slack base URL: %w", err)
	}
	body, err := json.Marshal(slackMessage(a, s.channel))
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
		if err != nil {
			return permanent(err)
		}
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("User-Agent", userAgent)
		return s.n.doHTTP(req, s.checkResponse)
	}, nil
}

// checkResponse reads Slack's {"ok": …, "error": …}: the Web API answers
// most failures with HTTP 200. Rate limiting and Slack-side failures are
// retried; everything else (invalid_auth, channel_not_found, …) is a
// configuration problem that retrying will not fix.
func (s *slack) checkResponse(resp *http.Response, body []byte) error {
	var r struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return permanent(fmt.Errorf("slack: unreadable response: %s", snippet(body)))
	}
	if r.OK {
		return nil
	}
	err := fmt.Errorf("slack: chat.postMessage: %s", r.Error)
	switch r.Error {
	case "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout":
		return transient(err, parseRetryAfter(resp.Header.Get("Retry-After"), s.n.opt.Now()))
	}
	return permanent(err)
}

// Slack limits (https://api.slack.com/reference/block-kit/blocks): header
// text 150 characters, section text 3000, at most 10 fields of 2000 each;
// eight context fields plus the "and N more" field stay under the ten.
const (
	slackHeaderMax    = 150
	slackSectionMax   = 3000
	slackFieldMax     = 2000
	slackContextShown = 8
)

type block = map[string]any

func mrkdwn(s string) map[string]any { return map[string]any{"type": "mrkdwn", "text": s} }
func plainText(s string) map[string]any {
	return map[string]any{"type": "plain_text", "text": s, "emoji": true}
}

// slackMessage renders the alert: a header with the title, the key facts
// as fields, the description, up to eight context values, the runbook and
// reference, and a footer with the alert id. text is the notification
// fallback Slack shows where blocks cannot be.
func slackMessage(a *Alert, channel string) map[string]any {
	title := a.Title
	if title == "" {
		title = a.RuleName
	}
	sev := strings.ToLower(a.Severity)
	blocks := []block{
		{"type": "header", "text": plainText(truncate(severityEmoji(sev)+" "+title, slackHeaderMax))},
		{"type": "section", "fields": []any{
			mrkdwn("*Severity:*\n" + slackEscape(orDash(a.Severity))),
			mrkdwn("*Rule:*\n`" + slackEscape(a.RuleName) + "`"),
			mrkdwn(fmt.Sprintf("*Matches:*\n%d", a.MatchCount)),
			mrkdwn("*Created:*\n" + a.Created.UTC().Format(time.RFC3339)),
		}},
	}
	if a.Description != "" {
		blocks = append(blocks, block{"type": "section", "text": mrkdwn(truncate(slackEscape(a.Description), slackSectionMax))})
	}
	if fields := contextFields(a.Context); len(fields) > 0 {
		blocks = append(blocks,
			block{"type": "divider"},
			block{"type": "section", "text": mrkdwn("*Context*"), "fields": fields})
	}
	var links []string
	if a.Runbook != "" {
		links = append(links, "*Runbook:* "+slackLinkOrText(a.Runbook))
	}
	if a.Reference != "" {
		links = append(links, "*Reference:* "+slackLinkOrText(a.Reference))
	}
	if len(links) > 0 {
		blocks = append(blocks, block{"type": "section", "text": mrkdwn(truncate(strings.Join(links, "\n"), slackSectionMax))})
	}
	blocks = append(blocks, block{"type": "context", "elements": []any{mrkdwn("Matano alert `" + slackEscape(a.ID) + "`")}})
	return map[string]any{
		"channel":      channel,
		"text":         fmt.Sprintf("[%s] %s (rule %s)", orDash(a.Severity), title, a.RuleName),
		"blocks":       blocks,
		"unfurl_links": false,
	}
}

// contextFields shows up to eight context pairs as "*key:*\nvalue"
// fields (Slack allows ten per section), then a count of the rest.
func contextFields(raw json.RawMessage) []any {
	pairs := contextPairs(raw)
	var fields []any
	for i, p := range pairs {
		if i == slackContextShown {
			fields = append(fields, mrkdwn(fmt.Sprintf("_…and %d more_", len(pairs)-i)))
			break
		}
		fields = append(fields, mrkdwn(truncate("*"+slackEscape(p.Name)+":*\n"+slackEscape(p.Value), slackFieldMax)))
	}
	return fields
}

// jsonText shows strings without quotes and everything else as compact
// JSON.
func jsonText(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var buf bytes.Buffer
	if json.Compact(&buf, v) == nil {
		return buf.String()
	}
	return string(v)
}

func severityEmoji(sev string) string {
	switch sev {
	case "critical":
		return "🔴"
	case "high":
		return "🟠"
	case "medium":
		return "🟡"
	case "low":
		return "🔵"
	default:
		return "⚪"
	}
}

// slackEscape escapes the three characters mrkdwn treats as control
// sequences.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// slackLinkOrText links http(s) URLs and escapes anything else (a runbook
// is often prose).
func slackLinkOrText(s string) string {
	if isHTTPURL(s) && !strings.ContainsAny(s, " |<>") {
		return "<" + s + ">"
	}
	return slackEscape(s)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// truncate cuts s to at most n runes, marking the cut.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// contextPairs lists an object context's top-level keys, sorted, with
// their values as text; a non-object context is one pair named "context".
func contextPairs(raw json.RawMessage) []emailField {
	raw = validJSON(raw)
	if raw == nil {
		return nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return []emailField{{Name: "context", Value: jsonText(raw)}}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]emailField, 0, len(keys))
	for _, k := range keys {
		out = append(out, emailField{Name: k, Value: jsonText(obj[k])})
	}
	return out
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func jsonIndent(buf *bytes.Buffer, raw json.RawMessage) error {
	return json.Indent(buf, raw, "", "  ")
}
