package alert

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/matano-go/matano/runtime/detect"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// ids is a deterministic id source.
func ids(prefix string) func() string {
	var mu sync.Mutex
	n := 0
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		n++
		return fmt.Sprintf("%s%d", prefix, n)
	}
}

func openStore(t *testing.T, path string) *SQLiteStore {
	t.Helper()
	s, err := OpenSQLiteStore(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// storeBackend makes window stores for the behaviour tests, which every
// Store implementation must pass alike.
type storeBackend struct {
	name string
	// fresh makes an empty store location (a file, a table) and returns
	// an opener for it: each call opens another handle on that location,
	// as a restarted process or a second worker would. Handles are
	// closed when the test ends. fresh skips the test when the backend
	// cannot run here.
	fresh func(t *testing.T) (open func() Store)
}

var storeBackends = []storeBackend{
	{"sqlite", func(t *testing.T) func() Store {
		path := filepath.Join(t.TempDir(), "a.db")
		return func() Store { return openStore(t, path) }
	}},
	{"dynamodb", freshDynamoDB},
}

// forEachStore runs test as one subtest per backend.
func forEachStore(t *testing.T, test func(t *testing.T, b storeBackend)) {
	for _, b := range storeBackends {
		t.Run(b.name, func(t *testing.T) { test(t, b) })
	}
}

var t0 = time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)

func newTestEngine(t *testing.T, store Store, c *clock, rules ...Rule) *Engine {
	return NewEngine(EngineConfig{Store: store, Rules: rules, Now: c.now, NewID: ids("id-")})
}

func matches(rule string, dedupes ...string) []detect.Match {
	out := make([]detect.Match, len(dedupes))
	for i, d := range dedupes {
		out[i] = detect.Match{Detection: rule, Index: i, Dedupe: d, Record: []byte(fmt.Sprintf(`{"n":%d}`, i))}
	}
	return out
}

// summary is what a test checks of a sequence of rows.
type summary struct {
	alerts      map[string]int // alert id → rows
	activations map[string]int // alert id → activation rows
}

func summarise(rows []Row) summary {
	s := summary{alerts: map[string]int{}, activations: map[string]int{}}
	for _, r := range rows {
		s.alerts[r.AlertID]++
		if r.Activation {
			s.activations[r.AlertID]++
		}
	}
	return s
}

func TestThresholdActivatesOnce(t *testing.T) { forEachStore(t, testThresholdActivatesOnce) }

func testThresholdActivatesOnce(t *testing.T, b storeBackend) {
	ctx := context.Background()
	c := &clock{t: t0}
	e := newTestEngine(t, b.fresh(t)(), c,
		Rule{Name: "brute", Threshold: 3, Window: 10 * time.Minute, Severity: "high", Runbook: "call alice"})
	var rows []Row
	// Five matches a minute apart, one or two per call: all in the window.
	for _, n := range []int{1, 2, 1, 1} {
		ds := make([]string, n)
		for i := range ds {
			ds[i] = "alice"
		}
		r, err := e.Process(ctx, "auth", matches("brute", ds...))
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r...)
		c.add(time.Minute)
	}
	if len(rows) != 5 {
		t.Fatalf("rows = %d, want 5", len(rows))
	}
	s := summarise(rows)
	if len(s.alerts) != 1 {
		t.Fatalf("alerts = %v, want one", s.alerts)
	}
	if len(s.activations) != 1 {
		t.Fatalf("activations = %v, want one", s.activations)
	}
	created := rows[2].Created
	// The third match came in the second call, a minute after the first.
	if !created.Equal(t0.Add(time.Minute)) {
		t.Errorf("created = %v, want the third match's time %v", created, t0.Add(time.Minute))
	}
	for i, r := range rows {
		wantActive := i >= 2
		if r.Activated != wantActive || r.Activation != (i == 2) || r.Count != i+1 {
			t.Errorf("row %d: activated %v activation %v count %d", i, r.Activated, r.Activation, r.Count)
		}
		if wantActive && !r.Created.Equal(created) {
			t.Errorf("row %d: created %v, want %v (stamped once)", i, r.Created, created)
		}
		if !r.FirstMatchedAt.Equal(t0) {
			t.Errorf("row %d: first_matched_at %v", i, r.FirstMatchedAt)
		}
		if r.Severity != "high" || r.Title != "brute" || r.Dedupe != "alice" || r.Runbook != "call alice" {
			t.Errorf("row %d: defaults: %+v", i, r)
		}
	}
}

func TestDedupeAndExpiry(t *testing.T) { forEachStore(t, testDedupeAndExpiry) }

func testDedupeAndExpiry(t *testing.T, b storeBackend) {
	ctx := context.Background()
	tests := []struct {
		name       string
		steps      [][]string // dedupe strings per call
		gap        time.Duration
		wantAlerts int
		wantActive int
	}{
		{"dedupe splits", [][]string{{"a", "b", "a"}, {"b"}}, time.Minute, 2, 2},
		{"same dedupe one alert", [][]string{{"a"}, {"a"}, {"a"}}, 20 * time.Minute, 1, 1},
		{"expiry opens a new alert", [][]string{{"a", "a"}, {"a"}}, time.Hour, 2, 2},
		{"window anchored at first match", [][]string{{"a"}, {"a"}, {"a"}}, 35 * time.Minute, 2, 2},
		{"below threshold", [][]string{{"a"}}, time.Minute, 1, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &clock{t: t0}
			threshold := 1
			if tc.name == "below threshold" {
				threshold = 2
			}
			e := newTestEngine(t, b.fresh(t)(), c, Rule{Name: "r", Threshold: threshold, Window: time.Hour})
			var rows []Row
			for _, step := range tc.steps {
				r, err := e.Process(ctx, "t", matches("r", step...))
				if err != nil {
					t.Fatal(err)
				}
				rows = append(rows, r...)
				c.add(tc.gap)
			}
			s := summarise(rows)
			if len(s.alerts) != tc.wantAlerts || len(s.activations) != tc.wantActive {
				t.Errorf("alerts %v activations %v, want %d alerts, %d activated", s.alerts, s.activations, tc.wantAlerts, tc.wantActive)
			}
		})
	}
}

func TestWindowSurvivesRestart(t *testing.T) { forEachStore(t, testWindowSurvivesRestart) }

func testWindowSurvivesRestart(t *testing.T, b storeBackend) {
	ctx := context.Background()
	open := b.fresh(t)
	c := &clock{t: t0}
	rule := Rule{Name: "r", Threshold: 2, Window: time.Hour}
	s1 := open()
	first, err := NewEngine(EngineConfig{Store: s1, Rules: []Rule{rule}, Now: c.now, NewID: ids("x-")}).Process(ctx, "t", matches("r", "k"))
	if err != nil {
		t.Fatal(err)
	}
	s1.Close()
	c.add(10 * time.Minute)
	second, err := NewEngine(EngineConfig{Store: open(), Rules: []Rule{rule}, Now: c.now, NewID: ids("y-")}).Process(ctx, "t", matches("r", "k"))
	if err != nil {
		t.Fatal(err)
	}
	if first[0].AlertID != second[0].AlertID || !second[0].Activation || second[0].Count != 2 {
		t.Errorf("after restart: %+v, want the same alert (%s) activated by the second match", second[0], first[0].AlertID)
	}
}

// Two workers with their own store handles on one file (or table) count
// into the same key: every match is counted and exactly one activation
// happens.
func TestConcurrentWorkers(t *testing.T) { forEachStore(t, testConcurrentWorkers) }

func testConcurrentWorkers(t *testing.T, b storeBackend) {
	ctx := context.Background()
	open := b.fresh(t)
	c := &clock{t: t0}
	rule := Rule{Name: "r", Threshold: 10, Window: time.Hour}
	var wg sync.WaitGroup
	results := make([][]Row, 2)
	errs := make([]error, 2)
	for w := range 2 {
		store := open()
		e := NewEngine(EngineConfig{Store: store, Rules: []Rule{rule}, Now: c.now, NewID: ids(fmt.Sprintf("w%d-", w))})
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				r, err := e.Process(ctx, "t", matches("r", "k"))
				if err != nil {
					errs[w] = err
					return
				}
				results[w] = append(results[w], r...)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	all := append(results[0], results[1]...)
	s := summarise(all)
	if len(s.alerts) != 1 || len(s.activations) != 1 {
		t.Fatalf("alerts %v activations %v, want one alert activated once", s.alerts, s.activations)
	}
	counts := map[int]bool{}
	for _, r := range all {
		if counts[r.Count] {
			t.Errorf("count %d handed out twice", r.Count)
		}
		counts[r.Count] = true
	}
	if len(counts) != 50 {
		t.Errorf("%d distinct counts, want 50", len(counts))
	}
}

func TestSchemaColumns(t *testing.T) {
	s := Schema()
	for _, path := range []string{
		"ts", "matano.table", "matano.alert.id", "matano.alert.created", "matano.alert.first_matched_at",
		"matano.alert.dedupe", "matano.alert.activated", "matano.alert.title", "matano.alert.severity",
		"matano.alert.description", "matano.alert.runbook", "matano.alert.reference", "matano.alert.destinations",
		"matano.alert.context", "matano.alert.original_timestamp", "matano.alert.original_event",
		"matano.alert.original_event_id", "matano.alert.rule.name", "matano.alert.rule.severity",
		"matano.alert.rule.threshold", "matano.alert.rule.deduplication_window", "matano.alert.rule.match.id",
		"matano.alert.rule.destinations", "event.kind", "source.ip", "user.name", "related.ip", "cloud.account.id",
	} {
		if s.Lookup(path) == nil {
			t.Errorf("matano_alerts has no %s", path)
		}
	}
	if got := s.Lookup("matano.alert.destinations").Type.String(); got != "list<string>" {
		t.Errorf("destinations: %s", got)
	}
}

// A record arrives as JSON: timestamp columns come back as strings and
// must be parsed for the cast; one that does not parse is left out.
func TestRowValueTimestamps(t *testing.T) {
	s := Schema()
	tests := []struct {
		created string
		want    value.Type // of event.created in the row; TypeNull: absent
	}{
		{`"2026-11-27T01:02:03.5Z"`, value.TypeTimestamp},
		{`"yesterday"`, value.TypeNull},
		{`null`, value.TypeNull},
	}
	for _, tc := range tests {
		r := Row{AlertID: "a", MatchID: "m", MatchedAt: t0, FirstMatchedAt: t0, Rule: Rule{Name: "r", Runbook: "rb"},
			Record: []byte(`{"ts":"2026-11-27T01:00:00Z","event":{"created":` + tc.created + `},"other":1}`)}
		v := r.Value(s).Obj()
		ev, _ := v.Get("event")
		got, ok := ev.Obj().Get("created")
		if gt := got.Type(); ok && gt != tc.want || !ok && tc.want != value.TypeNull {
			t.Errorf("created %s: got %v (present %v), want %v", tc.created, got, ok, tc.want)
		}
		if k, _ := ev.Obj().Get("kind"); k.Str() != "signal" {
			t.Errorf("event.kind = %v", k)
		}
		if _, ok := v.Get("other"); ok {
			t.Error("a field outside the copied sets was copied")
		}
		m, _ := v.Get("matano")
		a, _ := m.Obj().Get("alert")
		if ot, _ := a.Obj().Get("original_timestamp"); ot.Type() != value.TypeTimestamp {
			t.Errorf("original_timestamp = %v", ot)
		}
		if _, ok := a.Obj().Get("created"); ok {
			t.Error("created set on a row of an alert that is not activated")
		}
	}
}
