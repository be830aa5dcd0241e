// Package alert turns detection matches into alerts, the way Matano does:
// matches of one rule with the same dedupe string are grouped into one
// alert for the rule's deduplication window, and the alert is activated
// once the window holds `threshold` matches.
//
// # Windows
//
// A window opens at the first match of a (rule, dedupe) key and lasts
// deduplication_window_minutes from that first match (it does not slide).
// Every match inside it gets the window's alert id and becomes one row of
// the matano_alerts table. When the count reaches the threshold the alert
// is activated, once: `created` is stamped with the activating match's
// time and stays the same for the later matches of the window. A match
// after the window expired opens a new window with a new alert id.
//
// Window state lives in a Store (SQLiteStore locally; a DynamoDB table
// on AWS would implement the same conditional-write contract), so it
// survives restarts and is shared by concurrent workers.
//
// # Which clock
//
// Windows run on processing time (the Engine's clock, injectable), not on
// the matched record's ts, as in Matano: event times arrive out of order
// and late (backfills, delayed log delivery), and a window anchored on
// them would re-open alerts for old activity or merge unrelated bursts.
// The record's ts is kept on each row as matano.alert.original_timestamp.
//
// # Delivery
//
// Rows are at-least-once relative to the lake: a match is counted into
// its window before its row is committed, so a failed alert commit leaves
// a window that counted matches whose rows are missing (the alert still
// activates correctly for the matches that follow). Sending activated
// alerts to destinations is not this package's job; Activation rows
// (Row.Activation) are what a forwarder would send.
package alert

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/runtime/detect"
)

// Rule is a detection's alert settings (detection.yml's alert section).
type Rule struct {
	Name         string
	Severity     string
	Threshold    int
	Window       time.Duration
	Destinations []string
	// Description, Runbook and Reference are detection.yml's, the
	// defaults of a match's alert functions of the same names.
	Description, Runbook, Reference string
}

// RuleFromDetection maps a loaded detection onto its Rule, applying
// Matano's defaults where the loader left zero values.
func RuleFromDetection(d *load.Detection) Rule {
	r := Rule{Name: d.Name, Severity: d.Alert.Severity, Threshold: d.Alert.Threshold,
		Window: time.Duration(d.Alert.DeduplicationWindowMinutes) * time.Minute, Destinations: d.Alert.Destinations,
		Description: d.Description, Runbook: d.Runbook, Reference: d.Reference}
	if r.Reference == "" && len(d.References) > 0 {
		r.Reference = d.References[0]
	}
	return r.withDefaults()
}

func (r Rule) withDefaults() Rule {
	if r.Severity == "" {
		r.Severity = load.DefaultSeverity
	}
	if r.Threshold < 1 {
		r.Threshold = load.DefaultThreshold
	}
	if r.Window <= 0 {
		r.Window = load.DefaultDedupWindow * time.Minute
	}
	return r
}

// Row is one match as an alert: one row of matano_alerts.
type Row struct {
	AlertID        string
	MatchID        string
	MatchedAt      time.Time // processing time of the match (the row's ts)
	FirstMatchedAt time.Time // the alert window's first match
	// Created is when the alert was activated; zero while it has not
	// been (this match and the earlier ones are below the threshold).
	Created time.Time
	// Activated: the alert is active as of this match. Activation: this
	// match is the one that activated it (exactly one row per alert).
	Activated, Activation bool
	// Count is the window's match count including this match.
	Count int

	Title, Dedupe, Severity, Description, Runbook, Reference string
	Destinations                                             []string
	Context                                                  json.RawMessage // JSON object or nil

	Rule   Rule
	Table  string
	Record json.RawMessage // the matched (normalised) record
}

// Engine groups matches into alerts. It is safe for concurrent use if its
// Store is.
type Engine struct {
	store Store
	rules map[string]Rule
	now   func() time.Time
	newID func() string
}

// EngineConfig configures an Engine.
type EngineConfig struct {
	Store Store
	Rules []Rule
	Now   func() time.Time // processing clock; time.Now if nil
	NewID func() string    // alert and match ids; random UUIDs if nil
}

// NewEngine makes an Engine.
func NewEngine(cfg EngineConfig) *Engine {
	e := &Engine{store: cfg.Store, rules: map[string]Rule{}, now: cfg.Now, newID: cfg.NewID}
	if e.now == nil {
		e.now = time.Now
	}
	if e.newID == nil {
		e.newID = uuid.NewString
	}
	for _, r := range cfg.Rules {
		e.rules[r.Name] = r.withDefaults()
	}
	return e
}

// Process counts matches (from one Run on table) into their windows and
// returns one Row per match, in the matches' order. Matches of one key in
// one call are counted with one store write, at one instant.
func (e *Engine) Process(ctx context.Context, table string, matches []detect.Match) ([]Row, error) {
	now := e.now().UTC()
	rows := make([]Row, len(matches))
	groups := map[Key][]int{}
	var order []Key
	for i, m := range matches {
		r, ok := e.rules[m.Detection]
		if !ok {
			return nil, fmt.Errorf("alert: match of unknown detection %q", m.Detection)
		}
		row := Row{MatchID: e.newID(), MatchedAt: now, Rule: r, Table: table, Record: m.Record,
			Title: m.Title, Dedupe: m.Dedupe, Severity: m.Severity, Description: m.Description,
			Runbook: m.Runbook, Reference: m.Reference, Destinations: m.Destinations, Context: m.AlertContext}
		// Matano's defaults: the title is the rule name, the dedupe string
		// the title; severity, destinations, description, runbook and
		// reference the detection's.
		if row.Title == "" {
			row.Title = r.Name
		}
		if row.Dedupe == "" {
			row.Dedupe = row.Title
		}
		if row.Severity == "" {
			row.Severity = r.Severity
		}
		if row.Destinations == nil {
			row.Destinations = r.Destinations
		}
		row.Description = cmp.Or(row.Description, r.Description)
		row.Runbook = cmp.Or(row.Runbook, r.Runbook)
		row.Reference = cmp.Or(row.Reference, r.Reference)
		rows[i] = row
		k := Key{Rule: r.Name, Dedupe: row.Dedupe}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	for _, k := range order {
		idx := groups[k]
		r := e.rules[k.Rule]
		w, err := e.store.Count(ctx, Observation{Key: k, At: now, Window: r.Window, Threshold: r.Threshold,
			Matches: len(idx), NewID: e.newID()})
		if err != nil {
			return nil, fmt.Errorf("alert: %s: %w", k.Rule, err)
		}
		for j, i := range idx {
			row := &rows[i]
			row.AlertID = w.AlertID
			row.FirstMatchedAt = w.FirstMatchedAt
			row.Count = w.Before + j + 1
			row.Activated = row.Count >= r.Threshold
			row.Activation = row.Activated && row.Count-1 < r.Threshold
			if row.Activated {
				row.Created = w.ActivatedAt
			}
		}
	}
	return rows, nil
}
