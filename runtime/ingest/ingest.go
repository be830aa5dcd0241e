// Package ingest is Matano's ingest pipeline for one log source: raw
// objects in, rows in the lake's Iceberg tables out. It strings together
// the stages that live in their own packages — decode (decompress and
// split), the VRL transform (runtime/vrl), and the lake writer (cast,
// Parquet, commit, sideline, ledger: runtime/lake) — and adds what sits
// between them: table selection, the post-transform normalisation Matano
// applies, and the accounting.
//
// The same Pipeline serves `matano ingest` (local files, a SQLite catalog)
// and, later, the transformer Lambda (S3 bodies, Glue): it has no cgo and
// no notion of files; Ingest takes a state.Object and a reader, and
// IngestFile is a convenience for local paths.
//
// # Per record
//
//  1. Decode: the log source's ingest settings map onto decode.Options
//     (compression, csv_headers, expand_records_from_payload as a compiled
//     program run on {__raw: <object>}, the CloudWatch flag). Line input
//     uses decode's text format, which is what Matano does: a line that
//     parses as a JSON object enters the transform as .json (the decoder's
//     .message copy is removed, see jsonOnly), any other line as .message.
//     A line that is not JSON is therefore not a decode error; the
//     transform decides (typically by failing on a missing .json field,
//     which sidelines the line as vrl_error).
//  2. Route: the table is --table (Config.Table), else the result of
//     select_table_from_payload_metadata (once per object), else of
//     select_table_from_payload (per record), else the log source's
//     default table. A selector that returns null picks the default; one
//     that aborts drops the object (metadata) or counts the record as
//     aborted; a name that is not a table of the log source sidelines the
//     record (kind route).
//  3. Transform: the table's transform (log source transform, then table
//     transform), compiled once per Pipeline from the event kind `matano
//     validate` checks it with. A runtime error sidelines the record
//     (vrl_error), an abort counts it as aborted (vrl_abort).
//  4. Normalise: .json is deleted, the event is compacted (VRL compact,
//     default options) and ecs.version is set. A record without a ts
//     after that is sidelined (kind cast): Matano never invents an event
//     time (the decoder's ingest time is there unless the transform
//     removed it).
//  5. Write: lake.Batch.Add casts and buffers; a record that does not fit
//     its table is sidelined there (cast) with the column and reason.
//
// Every record read ends in exactly one of: written, sidelined, aborted
// (Summary.Check verifies read = written + sidelined + aborted).
//
// Step 1 runs on a decoder goroutine and steps 2–4 on Config.Workers
// goroutines; step 5 stays on the calling goroutine, which takes the
// records in input order (parallel.go), so the lake, the ledger and the
// sideline see exactly what a sequential run would.
//
// # Per object
//
// Objects are grouped into batches (Config.BatchObjects) that commit
// together, one Iceberg commit per table per batch. An object the ledger
// knows as done is skipped (AlreadyIngested), so re-running an ingest is
// a no-op. A failure to read an object (not malformed content: that is
// sidelined) aborts the open batch and is returned; its objects stay
// "started" and a re-run ingests them without duplicates.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/compiler/typecheck"
	"github.com/matano-go/matano/runtime/decode"
	"github.com/matano-go/matano/runtime/detect"
	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/notify"
	"github.com/matano-go/matano/runtime/vrl"
)

// KindRoute sidelines a record whose select_table_from_payload returned a
// name that is not a table of the log source.
const KindRoute lake.Kind = "route"

// Config configures a Pipeline.
type Config struct {
	// Project is a validated Matano directory and Schemas its resolved
	// table schemas (schema.Project).
	Project *load.Project
	Schemas map[string]*schema.Schema
	// Lake is the open warehouse to write to. The Pipeline ensures the
	// log source's tables in it; the caller closes it after Close.
	Lake *lake.Lake
	// Source is the log source name.
	Source string
	// Table forces every record into one table: its full name
	// ("zeek_dns") or its name in the log source ("dns", "default").
	Table string
	// BatchObjects is how many objects share a batch (one commit per table
	// per batch; default 64).
	BatchObjects int
	// MaxLineBytes bounds a line (decode.Options.MaxLineBytes).
	MaxLineBytes int
	// Workers is how many goroutines transform records (routing, VRL,
	// normalisation; see parallel.go) while the decoder reads ahead and
	// the calling goroutine writes in input order. Default GOMAXPROCS;
	// 1 runs everything on the calling goroutine.
	Workers int
	// Now is the ingest clock (the decoder's ts, VRL's now()); time.Now
	// if nil.
	Now func() time.Time
	// Progress, when set, is called after each object and every
	// ProgressEvery records with the counts so far.
	Progress      func(Progress)
	ProgressEvery int
	// NoDetect turns off the detections (detect.go); AlertState is the
	// alert window store (default <default warehouse>/alerts.db) and
	// Detect configures the detection workers.
	NoDetect   bool
	AlertState string
	Detect     detect.Config
	// NoNotify keeps activated alerts from being delivered to their
	// destinations (deliver.go); Notify configures the delivery
	// (Warehouse defaults to the project's default warehouse, Region to
	// the config's aws.region).
	NoNotify bool
	Notify   notify.Options

	// Stage, when set, splits the commit off for the AWS host: Flush
	// writes the batch's data files and sideline (lake.Batch.Stage) and
	// hands the staged files to Stage instead of committing them (the
	// transformer Lambda sends them to the committer queue). Local
	// detections do not run in this mode; see Record.
	Stage func(ctx context.Context, staged []lake.Staged) error
	// Record, when set, receives every normalised record (its JSON) with
	// its table, where local detections would see it: the transformer
	// Lambda writes them to the realtime bucket for the detections Lambda.
	Record func(table string, record []byte) error
}

// Progress is a snapshot of a running ingest, for a progress line.
type Progress struct {
	Objects int
	Records int64
	Elapsed time.Duration
}

// Pipeline ingests objects of one log source. It is used by one goroutine.
type Pipeline struct {
	cfg    Config
	source *load.LogSource
	// tables maps full table names to their compiled transforms (nil
	// program: no transform).
	tables map[string]*vrl.Program
	// locals maps a log source's local table names to full names.
	locals map[string]string
	// forced is Config.Table resolved; deflt the default table ("" when
	// the log source has several tables and none is "default").
	forced, deflt string

	selectRecord, selectMeta, expand *vrl.Program

	batch     *lake.Batch
	batchObjs int
	start     time.Time
	env       vrl.Env

	objects         int
	records         int64
	already         []string
	skipped         []string
	decoded         decode.Stats
	sinceProgress   int
	committedBefore lake.Stats

	det *detection
	fwd *Forwarder
	// jsonTables are the tables whose normalised records go somewhere as
	// JSON (wantsJSON); fixed in New, read by the transform workers.
	jsonTables map[string]bool
}

// New compiles the log source's programs and ensures its tables in the
// lake.
func New(ctx context.Context, cfg Config) (*Pipeline, error) {
	if cfg.Project == nil || cfg.Lake == nil {
		return nil, errors.New("ingest: Config needs a Project and a Lake")
	}
	if cfg.BatchObjects <= 0 {
		cfg.BatchObjects = 64
	}
	if cfg.ProgressEvery <= 0 {
		cfg.ProgressEvery = 50_000
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	p := &Pipeline{cfg: cfg, tables: map[string]*vrl.Program{}, locals: map[string]string{},
		start: time.Now(), env: vrl.Env{Now: cfg.Now}}
	ls, err := findSource(cfg.Project, cfg.Source)
	if err != nil {
		return nil, err
	}
	p.source = ls
	err = p.compilePrograms(func(t *load.Table) error {
		s := cfg.Schemas[t.Name]
		if s == nil {
			return fmt.Errorf("ingest: table %s has no resolved schema", t.Name)
		}
		if err := cfg.Lake.EnsureTable(ctx, s); err != nil {
			return fmt.Errorf("ingest: table %s: %w", t.Name, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if p.forced == "" && p.deflt == "" && p.selectRecord == nil && p.selectMeta == nil {
		return nil, fmt.Errorf("ingest: log source %s has several tables (%s) and no default table or select_table_from_payload: pass a table",
			ls.Name, strings.Join(p.tableNames(), ", "))
	}
	p.committedBefore = cfg.Lake.Stats()
	if err := p.startDetection(ctx); err != nil {
		return nil, err
	}
	p.jsonTables = p.tablesWantingJSON()
	if err := p.startForwarder(); err != nil {
		p.closeDetection()
		return nil, err
	}
	return p, nil
}

// findSource returns the project's log source called name.
func findSource(project *load.Project, name string) (*load.LogSource, error) {
	var found *load.LogSource
	for _, ls := range project.LogSources {
		if ls.Name == name {
			found = ls
		}
	}
	if found == nil {
		var names []string
		for _, ls := range project.LogSources {
			names = append(names, ls.Name)
		}
		return nil, fmt.Errorf("ingest: no log source %q (log sources: %s)", name, strings.Join(names, ", "))
	}
	return found, nil
}

// compilePrograms fills in p's routing (tables, locals, deflt, forced,
// from p.source and p.cfg.Table) and compiles the log source's programs:
// each table's transform, the selectors, expand_records_from_payload and
// finish. New and Preview share it so that a preview routes and
// transforms exactly as the pipeline does. ensure, when not nil, is
// called for each table before its transform is compiled (New creates
// the table in the lake there); its error is returned as is.
func (p *Pipeline) compilePrograms(ensure func(t *load.Table) error) error {
	ls := p.source
	for _, t := range ls.Tables {
		p.locals[t.Local] = t.Name
		if t.Local == "default" || len(ls.Tables) == 1 {
			p.deflt = t.Name
		}
		if ensure != nil {
			if err := ensure(t); err != nil {
				return err
			}
		}
		p.tables[t.Name] = nil
		if t.Transform != "" {
			prog, err := compile(t.Name+"#transform", t.Transform, typecheck.RecordEvent())
			if err != nil {
				return err
			}
			p.tables[t.Name] = prog
		}
	}
	if p.cfg.Table != "" {
		name, ok := p.resolve(p.cfg.Table)
		if !ok {
			return fmt.Errorf("ingest: log source %s has no table %q (tables: %s)", ls.Name, p.cfg.Table, strings.Join(p.tableNames(), ", "))
		}
		p.forced = name
	}
	in := ls.Ingest
	var err error
	if in.SelectTableFromPayload != "" {
		if p.selectRecord, err = compile(ls.Name+"#select_table_from_payload", in.SelectTableFromPayload, typecheck.RecordEvent()); err != nil {
			return err
		}
	}
	if in.SelectTableFromPayloadMetadata != "" {
		if p.selectMeta, err = compile(ls.Name+"#select_table_from_payload_metadata", in.SelectTableFromPayloadMetadata, typecheck.MetadataEvent()); err != nil {
			return err
		}
	}
	if in.ExpandRecordsFromPayload != "" {
		if p.expand, err = compile(ls.Name+"#expand_records_from_payload", in.ExpandRecordsFromPayload, typecheck.PayloadEvent()); err != nil {
			return err
		}
	}
	return nil
}

// resolve maps a table name as a user or a selector writes it (full or
// local) to the full name.
func (p *Pipeline) resolve(name string) (string, bool) {
	if _, ok := p.tables[name]; ok {
		return name, true
	}
	full, ok := p.locals[name]
	return full, ok
}

func (p *Pipeline) tableNames() []string {
	var out []string
	for n := range p.tables {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// Tables returns the full names of the log source's tables, sorted.
func (p *Pipeline) Tables() []string { return p.tableNames() }

// Flush commits the open batch, if any.
func (p *Pipeline) Flush(ctx context.Context) error {
	if p.batch == nil {
		return nil
	}
	b := p.batch
	p.batch, p.batchObjs = nil, 0
	if p.cfg.Stage != nil {
		staged, err := b.Stage(ctx)
		if err != nil {
			return fmt.Errorf("ingest: stage: %w", err)
		}
		return p.cfg.Stage(ctx, staged)
	}
	if _, err := b.Commit(ctx); err != nil {
		p.detectDiscard()
		return fmt.Errorf("ingest: commit: %w", err)
	}
	return p.detectCommit(ctx)
}

// Close commits what is left and stops the detection workers. It does
// not close the lake.
func (p *Pipeline) Close(ctx context.Context) error {
	err := p.Flush(ctx)
	if e := p.closeDetection(); err == nil {
		err = e
	}
	return err
}

// Abort drops the open batch without committing it (an interrupted
// run); its objects stay started and are ingested again next time.
func (p *Pipeline) Abort() { p.abort() }

// abort drops the open batch after a failure; its objects stay started.
func (p *Pipeline) abort() {
	if p.batch != nil {
		p.batch.Abort()
		p.batch, p.batchObjs = nil, 0
	}
	p.detectDiscard()
}

func (p *Pipeline) progress() {
	if p.cfg.Progress != nil {
		p.cfg.Progress(Progress{Objects: p.objects, Records: p.records, Elapsed: time.Since(p.start)})
	}
}
