package alert

import (
	"context"
	"time"
)

// Key identifies a deduplication group: one rule, one dedupe string.
type Key struct {
	Rule   string
	Dedupe string
}

// Observation is a group of matches of one Key seen at one instant, to be
// counted into that key's window.
type Observation struct {
	Key
	At        time.Time     // processing time of the matches (Engine's clock)
	Window    time.Duration // the rule's deduplication window
	Threshold int           // matches needed to activate the alert
	Matches   int           // how many matches this observation adds (≥ 1)
	// NewID is the alert id to use if this observation opens a window;
	// ignored when it joins an open one.
	NewID string
}

// Window is the state of a key's window after an Observation was counted.
type Window struct {
	AlertID        string
	FirstMatchedAt time.Time // the first match; the window is [FirstMatchedAt, FirstMatchedAt+Window)
	ExpiresAt      time.Time
	// Before is the window's match count before the observation, After
	// the count including it.
	Before, After int
	// ActivatedAt is when the count first reached the threshold (zero
	// while it has not).
	ActivatedAt time.Time
	// Opened: the observation opened this window (it is a new alert).
	Opened bool
}

// Activated reports whether the alert was activated by this observation
// (it is the one that made the count reach the threshold).
func (w Window) Activated(threshold int) bool {
	return w.Before < threshold && w.After >= threshold
}

// Store holds the open window of each Key. Count must be atomic per key:
// two workers counting into the same key concurrently both see their
// matches counted, and exactly one of them opens a new window or
// activates its alert. The SQLite store does this with conditional writes
// (compare-and-swap on a version column), the shape a DynamoDB store
// needs too (ConditionExpression on the version attribute).
type Store interface {
	Count(ctx context.Context, o Observation) (Window, error)
	Close() error
}
