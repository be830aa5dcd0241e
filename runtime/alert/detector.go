package alert

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"time"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/detect"
	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/state"
)

// DetectorConfig configures a Detector.
type DetectorConfig struct {
	// Project supplies the detections (detections/<dir>, resolved against
	// Project.Root) and their alert settings.
	Project *load.Project
	// Tables limits the detections to those reading one of these tables
	// (nil: every table).
	Tables []string
	// Store holds the alert windows. The Detector does not close it.
	Store Store
	// Lake, when set, receives the rows: Commit appends them to
	// matano_alerts (ensured by NewDetector). Nil: rows are only returned.
	Lake *lake.Lake
	// Now and NewID are the Engine's clock and id source.
	Now   func() time.Time
	NewID func() string
	// Host configures the detection workers; its Detections are filled
	// in from Project.
	Host detect.Config
	// ChunkSize is how many records of one table are buffered before they
	// are sent to the workers (default 4096). Only matches are kept after
	// that, so memory stays bounded by the chunk, not by the batch.
	ChunkSize int
}

// Stats count what a Detector did.
type Stats struct {
	Records   int64 // records evaluated
	Matches   int64 // rows produced (one per match)
	Alerts    int64 // alert windows opened
	Activated int64 // alerts activated
	Written   int64 // rows committed to matano_alerts
	// Failures counts per-detection failures by detection name ("" for
	// failures of a record or a worker, not of one detection).
	Failures map[string]int64
	// Examples keeps the first few failures for display.
	Examples []detect.Failure
	// Lake is what the alert commits added to the lake's counters (rows
	// read and written or sidelined, commits, files), so a caller can
	// keep its own accounting to the data it ingested.
	Lake LakeDelta
}

// LakeDelta is the part of lake.Stats the alert commits are responsible
// for.
type LakeDelta struct {
	Read, Commits, Files int64
	Sidelined            map[lake.Kind]int64
}

// maxExamples bounds Stats.Examples.
const maxExamples = 5

// Detector runs a project's detections on normalised records and turns
// their matches into alert rows. It buffers per table (Add), and Commit
// turns everything buffered since the last Commit into rows, so a caller
// can tie alerts to its own commits: rows for a batch of data are made
// after the data is committed, and Discard drops them when it is not.
// A Detector is used by one goroutine.
type Detector struct {
	cfg    DetectorConfig
	host   *detect.Host
	engine *Engine
	schema *schema.Schema
	tables map[string]bool

	pending map[string][][]byte
	matches map[string][]detect.Match
	stats   Stats
}

// Detections lists the project's detections as the host wants them; only
// enabled ones reading one of tables (nil: any) are enabled.
func Detections(p *load.Project, tables []string) []detect.Detection {
	var out []detect.Detection
	for _, d := range p.Detections {
		if d.Name == "" {
			continue
		}
		enabled := d.Enabled && d.Python != nil
		if tables != nil && !slices.ContainsFunc(d.Tables, func(t string) bool { return slices.Contains(tables, t) }) {
			enabled = false
		}
		out = append(out, detect.Detection{Name: d.Name, Dir: filepath.Join(p.Root, load.DetectionsDir, d.Dir),
			Tables: d.Tables, Enabled: enabled})
	}
	return out
}

// HasDetections reports whether any enabled detection reads one of tables
// (nil: any table), that is, whether NewDetector would start workers.
func HasDetections(p *load.Project, tables []string) bool {
	return slices.ContainsFunc(Detections(p, tables), func(d detect.Detection) bool { return d.Enabled })
}

// NewDetector starts the detection workers and, with a Lake, ensures
// matano_alerts. Close it to stop the workers.
func NewDetector(ctx context.Context, cfg DetectorConfig) (*Detector, error) {
	if cfg.Project == nil || cfg.Store == nil {
		return nil, fmt.Errorf("alert: DetectorConfig needs a Project and a Store")
	}
	if cfg.ChunkSize <= 0 {
		cfg.ChunkSize = 4096
	}
	d := &Detector{cfg: cfg, schema: Schema(), tables: map[string]bool{},
		pending: map[string][][]byte{}, matches: map[string][]detect.Match{}, stats: Stats{Failures: map[string]int64{}, Lake: LakeDelta{Sidelined: map[lake.Kind]int64{}}}}
	var rules []Rule
	for _, det := range cfg.Project.Detections {
		if det.Name != "" {
			rules = append(rules, RuleFromDetection(det))
		}
	}
	d.engine = NewEngine(EngineConfig{Store: cfg.Store, Rules: rules, Now: cfg.Now, NewID: cfg.NewID})
	if cfg.Lake != nil {
		if err := cfg.Lake.EnsureTable(ctx, d.schema); err != nil {
			return nil, fmt.Errorf("alert: %s: %w", TableName, err)
		}
	}
	hc := cfg.Host
	hc.Detections = Detections(cfg.Project, cfg.Tables)
	h, err := detect.Start(ctx, hc)
	if err != nil {
		return nil, err
	}
	d.host = h
	for _, t := range h.Tables() {
		d.tables[t] = true
	}
	for _, f := range h.LoadFailures() {
		d.fail(f)
	}
	return d, nil
}

// Schema returns the matano_alerts schema the Detector writes.
func (d *Detector) Schema() *schema.Schema { return d.schema }

// Has reports whether table has enabled detections (Add ignores others).
func (d *Detector) Has(table string) bool { return d.tables[table] }

// Add buffers one normalised record (a JSON object) of table; a full
// chunk is evaluated at once and only its matches are kept.
func (d *Detector) Add(ctx context.Context, table string, record []byte) error {
	if !d.tables[table] {
		return nil
	}
	d.pending[table] = append(d.pending[table], record)
	if len(d.pending[table]) >= d.cfg.ChunkSize {
		return d.run(ctx, table)
	}
	return nil
}

func (d *Detector) run(ctx context.Context, table string) error {
	recs := d.pending[table]
	delete(d.pending, table)
	if len(recs) == 0 {
		return nil
	}
	ms, fails, err := d.host.Run(ctx, table, recs)
	if err != nil {
		return fmt.Errorf("alert: detections on %s: %w", table, err)
	}
	d.stats.Records += int64(len(recs))
	for _, f := range fails {
		d.fail(f)
	}
	d.matches[table] = append(d.matches[table], ms...)
	return nil
}

func (d *Detector) fail(f detect.Failure) {
	d.stats.Failures[f.Detection]++
	if len(d.stats.Examples) < maxExamples {
		d.stats.Examples = append(d.stats.Examples, f)
	}
}

// Commit evaluates what is buffered, counts the matches into their alert
// windows and returns the rows, table by table in name order. With a
// Lake the rows are appended to matano_alerts in one commit.
func (d *Detector) Commit(ctx context.Context) ([]Row, error) {
	for _, t := range slices.Sorted(maps.Keys(d.pending)) {
		if err := d.run(ctx, t); err != nil {
			return nil, err
		}
	}
	var rows []Row
	for _, t := range slices.Sorted(maps.Keys(d.matches)) {
		r, err := d.engine.Process(ctx, t, d.matches[t])
		if err != nil {
			return nil, err
		}
		rows = append(rows, r...)
	}
	clear(d.matches)
	for _, r := range rows {
		d.stats.Matches++
		if r.Count == 1 {
			d.stats.Alerts++
		}
		if r.Activation {
			d.stats.Activated++
		}
	}
	if d.cfg.Lake != nil && len(rows) > 0 {
		if err := d.write(ctx, rows); err != nil {
			return rows, err
		}
	}
	return rows, nil
}

// write appends rows to matano_alerts. The batch's source object is
// synthetic: named after the first match and identified by a digest of
// every match id, so the lake's exactly-once bookkeeping treats each
// Commit as one object.
func (d *Detector) write(ctx context.Context, rows []Row) error {
	h := sha256.New()
	for _, r := range rows {
		h.Write([]byte(r.MatchID))
		h.Write([]byte{0})
	}
	obj := state.Object{Path: TableName + "/" + rows[0].MatchID, Size: int64(len(rows)), SHA256: hex.EncodeToString(h.Sum(nil))}
	before := d.cfg.Lake.Stats()
	defer func() {
		after := d.cfg.Lake.Stats()
		d.stats.Lake.Read += after.Read - before.Read
		d.stats.Lake.Commits += after.Commits - before.Commits
		d.stats.Lake.Files += after.Files - before.Files
		for k, v := range after.Sidelined {
			if n := v - before.Sidelined[k]; n != 0 {
				d.stats.Lake.Sidelined[k] += n
			}
		}
	}()
	b := d.cfg.Lake.NewBatch()
	if err := b.Begin(ctx, obj); err != nil {
		return fmt.Errorf("alert: %w", err)
	}
	for i := range rows {
		if err := b.Add(ctx, obj, TableName, rows[i].Value(d.schema)); err != nil {
			b.Abort()
			return fmt.Errorf("alert: %w", err)
		}
	}
	res, err := b.Commit(ctx)
	if err != nil {
		return fmt.Errorf("alert: commit %s: %w", TableName, err)
	}
	d.stats.Written += res.Rows
	return nil
}

// Discard drops what was buffered since the last Commit (the data it came
// from was not committed). Matches already evaluated are dropped too; no
// window was counted for them.
func (d *Detector) Discard() {
	clear(d.pending)
	clear(d.matches)
}

// Stats returns the counters so far.
func (d *Detector) Stats() Stats {
	s := d.stats
	s.Failures = maps.Clone(d.stats.Failures)
	s.Examples = slices.Clone(d.stats.Examples)
	s.Lake.Sidelined = maps.Clone(d.stats.Lake.Sidelined)
	return s
}

// Close stops the workers.
func (d *Detector) Close() error { return d.host.Close() }
