package testrun

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/runtime/detect"
)

// scenario runs a multi-record test: every record through the detection
// (in the detection's first table, or the test's table), then the matches
// grouped into alerts, compared with expect_alerts.
func (r *detectionRunner) scenario(ctx context.Context, d *load.Detection, t *DetectionTest, res *Result) error {
	table := t.Table
	if table == "" && len(d.Tables) > 0 {
		table = d.Tables[0]
	}
	recs := make([][]byte, len(t.Records))
	times := make([]time.Time, len(t.Records))
	for i, rec := range t.Records {
		b, err := json.Marshal(rec)
		if err != nil {
			res.Status, res.Message = Fail, fmt.Sprintf("records[%d] is not JSON-encodable: %v", i, err)
			return nil
		}
		recs[i] = b
		times[i] = recordTime(rec["ts"])
	}
	matches, failures, err := r.host.Run(ctx, table, recs)
	if err != nil {
		return fmt.Errorf("testrun: %s: %w", res.File, err)
	}
	if msg := failuresOf(d.Name, failures); msg != "" {
		res.Status, res.Message, res.Line = Fail, msg, t.Line("records")
		return nil
	}
	var mine []detect.Match
	for _, m := range matches {
		if m.Detection == d.Name {
			mine = append(mine, m)
		}
	}
	got := groupAlerts(mine, times, d.Alert.Threshold, time.Duration(d.Alert.DeduplicationWindowMinutes)*time.Minute)
	want := append([]ExpectedAlert{}, *t.ExpectAlerts...)
	sortAlerts(want)
	compare(res, map[string]any{"alerts": want}, map[string]any{"alerts": got})
	if res.Status == Fail {
		res.Line = t.Line("expect_alerts")
	}
	return nil
}

// groupAlerts is a self-contained model of Matano's alerting for tests:
// matches are grouped by dedupe string; within a group, in event-time
// order, a match joins the open alert if it is within window of the
// alert's first match, and opens a new one otherwise. An alert is raised
// when it gathered at least threshold matches. times[i] is the event time
// of record i (zero when unknown: such records fall in one window).
func groupAlerts(matches []detect.Match, times []time.Time, threshold int, window time.Duration) []ExpectedAlert {
	type open struct {
		start time.Time
		n     int
	}
	sort.SliceStable(matches, func(a, b int) bool { return times[matches[a].Index].Before(times[matches[b].Index]) })
	var keys []string
	groups := map[string][]*open{}
	for _, m := range matches {
		ts := times[m.Index]
		g, seen := groups[m.Dedupe]
		if !seen {
			keys = append(keys, m.Dedupe)
		}
		if len(g) > 0 {
			last := g[len(g)-1]
			if ts.Sub(last.start) < window {
				last.n++
				continue
			}
		}
		groups[m.Dedupe] = append(g, &open{start: ts, n: 1})
	}
	out := []ExpectedAlert{}
	for _, k := range keys {
		for _, a := range groups[k] {
			if a.n >= max(threshold, 1) {
				out = append(out, ExpectedAlert{Dedupe: k, Matches: a.n})
			}
		}
	}
	sortAlerts(out)
	return out
}

func sortAlerts(a []ExpectedAlert) {
	sort.SliceStable(a, func(i, j int) bool {
		if a[i].Dedupe != a[j].Dedupe {
			return a[i].Dedupe < a[j].Dedupe
		}
		return a[i].Matches < a[j].Matches
	})
}

// recordTime reads a record's ts as written in a test: an RFC 3339 string
// or a number of seconds since the epoch (milliseconds when it is too
// large to be seconds, as in many log formats).
func recordTime(v any) time.Time {
	switch x := v.(type) {
	case string:
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return t
		}
		if f, err := strconv.ParseFloat(x, 64); err == nil {
			return epoch(f)
		}
	case time.Time:
		return x
	case int:
		return epoch(float64(x))
	case int64:
		return epoch(float64(x))
	case uint64:
		return epoch(float64(x))
	case float64:
		return epoch(x)
	}
	return time.Time{}
}

func epoch(f float64) time.Time {
	if f > 1e11 {
		f /= 1000
	}
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC()
}
