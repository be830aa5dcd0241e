package notify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// FailureLogName is the failure log's file name under <warehouse>/state.
const FailureLogName = "delivery_failures.jsonl"

// FailureRecord is one line of the failure log: a delivery that did not
// succeed, with enough of the alert to replay it.
type FailureRecord struct {
	Time        time.Time      `json:"time"`
	AlertID     string         `json:"alert_id"`
	RuleName    string         `json:"rule_name"`
	Destination string         `json:"destination"`
	Type        string         `json:"type,omitempty"` // empty for an unknown destination
	Attempts    int            `json:"attempts"`
	LastError   string         `json:"last_error"`
	Payload     WebhookPayload `json:"payload"`
}

// failureLog appends records as JSON lines. One write per record on an
// O_APPEND file keeps lines whole even with several processes appending.
type failureLog struct {
	path string
	mu   sync.Mutex
}

func (l *failureLog) append(rec FailureRecord) error {
	line, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("failure log: %w", err)
	}
	line = append(line, '\n')
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(l.path), 0o755); err != nil {
		return fmt.Errorf("failure log: %w", err)
	}
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("failure log: %w", err)
	}
	_, werr := f.Write(line)
	cerr := f.Close()
	if werr != nil {
		return fmt.Errorf("failure log: %w", werr)
	}
	if cerr != nil {
		return fmt.Errorf("failure log: %w", cerr)
	}
	return nil
}

// ReadFailures reads a failure log, for replay tools and tests. A missing
// file is an empty log.
func ReadFailures(path string) ([]FailureRecord, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []FailureRecord
	dec := json.NewDecoder(bytes.NewReader(data))
	for dec.More() {
		var r FailureRecord
		if err := dec.Decode(&r); err != nil {
			return out, fmt.Errorf("%s: record %d: %w", path, len(out)+1, err)
		}
		out = append(out, r)
	}
	return out, nil
}
