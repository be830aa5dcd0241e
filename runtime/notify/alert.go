package notify

import (
	"bytes"
	"encoding/json"
	"time"
)

// Alert is what notify delivers: one activated alert of one rule. The alert
// engine converts its own representation into this one so that notify does
// not depend on how alerts are deduplicated or stored.
type Alert struct {
	// ID identifies the alert; it stays the same across retries and
	// redeliveries so receivers can deduplicate.
	ID string
	// RuleName is the detection's name.
	RuleName string
	Title    string
	// Severity is the rule's severity as written (info, notice, low,
	// medium, high, critical).
	Severity    string
	Description string
	Runbook     string
	Reference   string
	// Context is the rule's alert context, a JSON value (usually an
	// object); nil when the rule gave none.
	Context json.RawMessage
	Created time.Time
	// MatchCount is how many events the alert has grouped so far.
	MatchCount int
	// Destinations names the destinations to deliver to.
	Destinations []string
	// SampleEvent is one matching event as JSON; nil when not kept.
	SampleEvent json.RawMessage
}

// WebhookFormatVersion is the version of WebhookPayload; it changes only
// when a field is removed or changes meaning.
const WebhookFormatVersion = 1

// WebhookPayload is the JSON body POSTed to webhook destinations and
// published to SNS topics. The package comment shows an example.
type WebhookPayload struct {
	FormatVersion int             `json:"format_version"`
	Destination   string          `json:"destination"`
	ID            string          `json:"id"`
	RuleName      string          `json:"rule_name"`
	Title         string          `json:"title"`
	Severity      string          `json:"severity"`
	Description   string          `json:"description,omitempty"`
	Runbook       string          `json:"runbook,omitempty"`
	Reference     string          `json:"reference,omitempty"`
	Context       json.RawMessage `json:"context,omitempty"`
	Created       string          `json:"created"`
	MatchCount    int             `json:"match_count"`
	SampleEvent   json.RawMessage `json:"sample_event,omitempty"`
}

// payloadFor builds the documented body for one destination. Context and
// sample event are passed through only when they are valid JSON, so a
// malformed value from the caller cannot make the whole body unmarshalable.
func payloadFor(a *Alert, destination string) WebhookPayload {
	return WebhookPayload{
		FormatVersion: WebhookFormatVersion,
		Destination:   destination,
		ID:            a.ID,
		RuleName:      a.RuleName,
		Title:         a.Title,
		Severity:      a.Severity,
		Description:   a.Description,
		Runbook:       a.Runbook,
		Reference:     a.Reference,
		Context:       validJSON(a.Context),
		Created:       a.Created.UTC().Format(time.RFC3339Nano),
		MatchCount:    a.MatchCount,
		SampleEvent:   validJSON(a.SampleEvent),
	}
}

func validJSON(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 || !json.Valid(raw) {
		return nil
	}
	return raw
}

// marshalPayload encodes the payload without HTML escaping: receivers get
// "<" and "&" as written in the rule, not \u003c.
func marshalPayload(p WebhookPayload) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	return b, nil
}
