package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// alertSummaryQuery is the query Matano's README gives for summarising
// the last week's activated alerts (section "Alerts table", written for
// Athena), character for character. DuckDB runs it unchanged over our
// views; README.md ("The alert-summary query") lists where the two
// dialects differ in what it returns.
const alertSummaryQuery = `select
  matano.alert.id as alert_id,
  matano.alert.rule.name as rule_name,
  max(matano.alert.title) as title,
  count(*) as match_count,
  min(matano.alert.first_matched_at) as first_matched_at,
  max(ts) as last_matched_at,
  array_distinct(flatten(array_agg(related.ip))) as related_ip,
  array_distinct(flatten(array_agg(related.user))) as related_user,
  array_distinct(flatten(array_agg(related.hosts))) as related_hosts,
  array_distinct(flatten(array_agg(related.hash))) as related_hash
from
  matano_alerts
where
  matano.alert.first_matched_at > (current_timestamp - interval '7' day)
  and matano.alert.activated = true
group by
  matano.alert.rule.name,
  matano.alert.id
order by
  last_matched_at desc`

// TestAlertSummaryQuery ingests web logins that fire the scaffolded
// brute-force detection (threshold 5 within 15 minutes, deduplicated by
// user) and runs Matano's alert-summary query through `matano query`:
// alice's six failures open an alert that activates on the fifth match,
// bob's two failures open one that never activates (filtered out by the
// query), carol's success matches nothing.
func TestAlertSummaryQuery(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found; the detection host needs it")
	}
	dir := initDir(t)
	// The alert window is counted from the time of the match (the ingest
	// clock), so the logins are recent to look real, and the query's
	// seven-day filter keeps them.
	base := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	type login struct {
		user, ip string
		success  bool
	}
	logins := []login{
		{"alice", "203.0.113.7", false}, {"alice", "203.0.113.7", false}, {"bob", "198.51.100.20", false},
		{"alice", "203.0.113.7", false}, {"alice", "203.0.113.7", false},
		{"alice", "203.0.113.7", false}, // fifth failure: the alert activates
		{"bob", "198.51.100.20", false},
		{"alice", "203.0.113.99", false}, // sixth, from another address
		{"carol", "192.0.2.1", true},
	}
	var lines []string
	for i, l := range logins {
		lines = append(lines, fmt.Sprintf(`{"time":%q,"action":"LOGIN","success":%t,"client_ip":%q,"user":%q,"session_id":"s-%02d"}`,
			base.Add(time.Duration(i)*time.Second).Format(time.RFC3339), l.success, l.ip, l.user, i))
	}
	in := filepath.Join(t.TempDir(), "logins.ndjson")
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, "ingest", "--dir", dir, "--source", "web_auth", "--no-notify", in)
	if code != 0 {
		t.Fatalf("ingest: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "8 match(es), 2 alert(s) opened, 1 activated") {
		t.Fatalf("the detection did not fire as the test expects:\n%s", out)
	}

	code, out, errs = run(t, "query", "--dir", dir, "--format", "json", alertSummaryQuery)
	if code != 0 {
		t.Fatalf("query: exit %d\n%s%s", code, out, errs)
	}
	var rows []alertSummaryRow
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var row alertSummaryRow
		if err := json.Unmarshal([]byte(l), &row); err != nil {
			t.Fatalf("not a JSON row: %s (%v)", l, err)
		}
		rows = append(rows, row)
	}
	if len(rows) != 1 {
		t.Fatalf("%d rows, want alice's activated alert only:\n%s", len(rows), out)
	}
	r := rows[0]
	// Alert rows are written from the activating match on: the fifth and
	// the sixth failure.
	if r.RuleName != "web_auth_brute_force" || r.Title != "Repeated failed logins for alice" || r.MatchCount != 2 || r.AlertID == "" {
		t.Errorf("row: %+v", r)
	}
	first, err1 := time.Parse(time.RFC3339Nano, r.FirstMatchedAt)
	last, err2 := time.Parse(time.RFC3339Nano, r.LastMatchedAt)
	if err1 != nil || err2 != nil || last.Before(first) || time.Since(first) > time.Hour {
		t.Errorf("first_matched_at %q, last_matched_at %q", r.FirstMatchedAt, r.LastMatchedAt)
	}
	// array_distinct is DuckDB's list_distinct, which does not keep the
	// first-seen order Athena's does: compare as sets.
	slices.Sort(r.RelatedIP)
	if !slices.Equal(r.RelatedIP, []string{"203.0.113.7", "203.0.113.99"}) || !slices.Equal(r.RelatedUser, []string{"alice"}) {
		t.Errorf("related_ip %v, related_user %v", r.RelatedIP, r.RelatedUser)
	}
	if len(r.RelatedHosts) != 0 || len(r.RelatedHash) != 0 {
		t.Errorf("related_hosts %v, related_hash %v: want empty lists", r.RelatedHosts, r.RelatedHash)
	}
}

// alertSummaryRow is one row of alertSummaryQuery in --format json.
type alertSummaryRow struct {
	AlertID        string   `json:"alert_id"`
	RuleName       string   `json:"rule_name"`
	Title          string   `json:"title"`
	MatchCount     int      `json:"match_count"`
	FirstMatchedAt string   `json:"first_matched_at"`
	LastMatchedAt  string   `json:"last_matched_at"`
	RelatedIP      []string `json:"related_ip"`
	RelatedUser    []string `json:"related_user"`
	RelatedHosts   []string `json:"related_hosts"`
	RelatedHash    []string `json:"related_hash"`
}
