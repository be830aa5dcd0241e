package ingest

import (
	"context"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"

	"github.com/matano-go/matano/runtime/alert"
	"github.com/matano-go/matano/runtime/lake"
)

// Detections run inside the ingest, as Matano's detection Lambda runs on
// each batch of written data: every normalised record of a table that has
// enabled detections is handed to the detection host (buffered in chunks
// by alert.Detector, so only matches are held), and after the batch's
// data commit succeeds the matches become alert rows committed to
// matano_alerts. A batch that aborts drops its matches, so a re-run does
// not alert twice for records it never committed. A record is evaluated
// once it reaches the lake batch, before the cast: the rare record the
// cast then sidelines is evaluated too (the batch does not say which
// records it sidelined). Records of a recovered
// object whose rows were already committed are evaluated again (the lake
// counts them as written), which can repeat their alerts.

// detection is the Pipeline's detection state; nil when no enabled
// detection reads the log source's tables or Config.NoDetect is set.
type detection struct {
	d     *alert.Detector
	store *alert.SQLiteStore
}

// startDetection starts the detection workers if any enabled detection
// reads one of the log source's tables.
func (p *Pipeline) startDetection(ctx context.Context) error {
	if p.cfg.NoDetect || !alert.HasDetections(p.cfg.Project, p.tableNames()) {
		return nil
	}
	path := p.cfg.AlertState
	if path == "" {
		path = filepath.Join(lake.DefaultWarehouse(p.cfg.Project.Root), "alerts.db")
	}
	store, err := alert.OpenSQLiteStore(path)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	d, err := alert.NewDetector(ctx, alert.DetectorConfig{
		Project: p.cfg.Project, Tables: p.tableNames(), Store: store, Lake: p.cfg.Lake,
		Now: p.cfg.Now, Host: p.cfg.Detect,
	})
	if err != nil {
		store.Close()
		return fmt.Errorf("ingest: detections: %w", err)
	}
	p.det = &detection{d: d, store: store}
	return nil
}

// detectJSON hands a normalised record, as JSON (outcomeOf encodes it
// when wantsJSON), to the Record hook and to the detections of its table.
// The hook gets a slice it may append to without touching the
// detections' copy.
func (p *Pipeline) detectJSON(ctx context.Context, table string, js []byte) error {
	if p.cfg.Record != nil {
		if err := p.cfg.Record(table, js[:len(js):len(js)]); err != nil {
			return err
		}
	}
	if p.det == nil || !p.det.d.Has(table) {
		return nil
	}
	return p.det.d.Add(ctx, table, js)
}

// detectCommit turns the committed batch's matches into alert rows.
func (p *Pipeline) detectCommit(ctx context.Context) error {
	if p.det == nil {
		return nil
	}
	rows, err := p.det.d.Commit(ctx)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	p.forward(ctx, rows)
	return nil
}

// detectDiscard drops the matches of an aborted batch.
func (p *Pipeline) detectDiscard() {
	if p.det != nil {
		p.det.d.Discard()
	}
}

// closeDetection stops the workers and closes the window store.
func (p *Pipeline) closeDetection() error {
	if p.det == nil {
		return nil
	}
	err := p.det.d.Close()
	if e := p.det.store.Close(); err == nil {
		err = e
	}
	return err
}

// detectStats is nil when no detection ran.
func (p *Pipeline) detectStats() *alert.Stats {
	if p.det == nil {
		return nil
	}
	st := p.det.d.Stats()
	return &st
}

// withoutAlerts removes the alert commits from the summary's counters, so
// that they account for the ingested data only (the alerts are reported
// on their own line).
func (s *Summary) withoutAlerts() {
	if s.Detect == nil {
		return
	}
	d := s.Detect.Lake
	s.Read -= d.Read
	s.Commits -= d.Commits
	s.Files -= d.Files
	for k, v := range d.Sidelined {
		if s.Sidelined[k] -= v; s.Sidelined[k] == 0 {
			delete(s.Sidelined, k)
		}
	}
	delete(s.Written, alert.TableName)
	delete(s.Dropped, alert.TableName)
}

// printDetect writes the detection part of the summary.
func printDetect(w io.Writer, st *alert.Stats) {
	if st == nil {
		return
	}
	var failed int64
	for _, n := range st.Failures {
		failed += n
	}
	fmt.Fprintf(w, "  detections: %d record(s) evaluated, %d match(es), %d alert(s) opened, %d activated, %d row(s) written to %s, %d failure(s)\n",
		st.Records, st.Matches, st.Alerts, st.Activated, st.Written, alert.TableName, failed)
	for k, n := range st.Lake.Sidelined {
		fmt.Fprintf(w, "    alert rows sidelined %s: %d\n", k, n)
	}
	for _, name := range slices.Sorted(maps.Keys(st.Failures)) {
		label := name
		if label == "" {
			label = "(records)"
		}
		fmt.Fprintf(w, "    failed %s: %d\n", label, st.Failures[name])
	}
	for _, f := range st.Examples {
		fmt.Fprintf(w, "    e.g. %s\n", f.Error())
	}
}
