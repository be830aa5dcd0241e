package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/typecheck"
	"github.com/matano-go/matano/runtime/decode"
	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/vrl"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// PreviewConfig configures Preview. It is Config without the lake: a
// preview writes nothing.
type PreviewConfig struct {
	Project *load.Project
	Source  string
	// Table forces every record into one table (full or local name), as
	// Config.Table.
	Table        string
	MaxLineBytes int
	// Now is the clock for the decoder's ts and VRL's now(); tests pass a
	// fixed one so that the output is reproducible.
	Now func() time.Time
}

// PreviewRecord is one decoded record after routing, the table's
// transform and the normalisation: what the lake writer would be given
// (before the cast to the table's schema), or why it would be sidelined.
type PreviewRecord struct {
	// Line is the 1-based line (or row) of the input the record came from;
	// 0 when the format has no lines.
	Line  int64
	Table string
	// Event is the normalised record; null when Kind is set.
	Event value.Value
	// Kind and Message say why the record would be sidelined
	// (lake.KindVRLError, ...) or, for lake.KindVRLAbort, dropped as
	// aborted; Kind is "" for a good record.
	Kind    lake.Kind
	Message string
}

// Preview runs one object of a log source through decode, routing, the
// transform and the normalisation, and returns every record instead of
// writing it. It exists for offline checks (`matano test` golden files,
// detection tests written as raw log lines) that must see exactly what
// the pipeline would produce, without a warehouse.
//
// An object that select_table_from_payload_metadata aborts on yields no
// records and no error, as the pipeline skips it.
func Preview(ctx context.Context, cfg PreviewConfig, name string, body io.Reader) ([]PreviewRecord, error) {
	p, err := newPreviewPipeline(cfg)
	if err != nil {
		return nil, err
	}
	meta := decode.Metadata{Key: name}
	objTable := p.forced
	if objTable == "" && p.selectMeta != nil {
		_, out, rr, msg := run(p.selectMeta, meta.Payload(), &p.env)
		switch rr {
		case runAbort:
			return nil, nil
		case runError:
			return nil, fmt.Errorf("preview %s: select_table_from_payload_metadata: %s", name, msg)
		}
		if !out.IsNull() {
			full, ok := "", false
			if out.Type() == value.TypeBytes {
				full, ok = p.resolve(out.Str())
			}
			if !ok {
				return nil, fmt.Errorf("preview %s: select_table_from_payload_metadata returned %s, which is not a table of %s", name, out, p.source.Name)
			}
			objTable = full
		}
	}
	d, err := decode.Open(body, name, p.decodeOptions(meta))
	if err != nil {
		return nil, fmt.Errorf("preview %s: %w", name, err)
	}
	defer d.Close()
	var out []PreviewRecord
	for d.Next() {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		rec := d.Record()
		if d.Format() == decode.FormatText && rec.Err == nil {
			jsonOnly(rec.Value)
		}
		pr := p.transformRecord(objTable, rec)
		pr.Line = rec.Line
		out = append(out, pr)
	}
	if err := d.Err(); err != nil {
		return out, fmt.Errorf("preview %s: %w", name, err)
	}
	return out, nil
}

// newPreviewPipeline compiles the log source's programs like New, without
// a lake (no table is ensured and no batch is ever opened).
func newPreviewPipeline(cfg PreviewConfig) (*Pipeline, error) {
	if cfg.Project == nil {
		return nil, errors.New("ingest: PreviewConfig needs a Project")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	p := &Pipeline{cfg: Config{Project: cfg.Project, Source: cfg.Source, Table: cfg.Table, MaxLineBytes: cfg.MaxLineBytes, Now: cfg.Now},
		tables: map[string]*vrl.Program{}, locals: map[string]string{}, env: vrl.Env{Now: cfg.Now}}
	for _, ls := range cfg.Project.LogSources {
		if ls.Name == cfg.Source {
			p.source = ls
		}
	}
	if p.source == nil {
		var names []string
		for _, ls := range cfg.Project.LogSources {
			names = append(names, ls.Name)
		}
		return nil, fmt.Errorf("ingest: no log source %q (log sources: %s)", cfg.Source, strings.Join(names, ", "))
	}
	ls := p.source
	if ls.Managed != nil && !hasTransform(ls) {
		return nil, fmt.Errorf("ingest: log source %s is managed (type %s) and has no transform: the managed definitions are not bundled yet",
			ls.Name, ls.Managed.Type)
	}
	for _, t := range ls.Tables {
		p.locals[t.Local] = t.Name
		if t.Local == "default" || len(ls.Tables) == 1 {
			p.deflt = t.Name
		}
		p.tables[t.Name] = nil
		if t.Transform != "" {
			prog, err := compile(t.Name+"#transform", t.Transform, typecheck.RecordEvent())
			if err != nil {
				return nil, err
			}
			p.tables[t.Name] = prog
		}
	}
	if cfg.Table != "" {
		full, ok := p.resolve(cfg.Table)
		if !ok {
			return nil, fmt.Errorf("ingest: log source %s has no table %q (tables: %s)", ls.Name, cfg.Table, strings.Join(p.tableNames(), ", "))
		}
		p.forced = full
	}
	in := ls.Ingest
	var err error
	if in.SelectTableFromPayload != "" {
		if p.selectRecord, err = compile(ls.Name+"#select_table_from_payload", in.SelectTableFromPayload, typecheck.RecordEvent()); err != nil {
			return nil, err
		}
	}
	if in.SelectTableFromPayloadMetadata != "" {
		if p.selectMeta, err = compile(ls.Name+"#select_table_from_payload_metadata", in.SelectTableFromPayloadMetadata, typecheck.MetadataEvent()); err != nil {
			return nil, err
		}
	}
	if in.ExpandRecordsFromPayload != "" {
		if p.expand, err = compile(ls.Name+"#expand_records_from_payload", in.ExpandRecordsFromPayload, typecheck.PayloadEvent()); err != nil {
			return nil, err
		}
	}
	if p.finish, err = compile("finish", finishSource, typecheck.RecordEvent()); err != nil {
		return nil, err
	}
	return p, nil
}

// transformRecord is the per-record part of Pipeline.record up to the
// lake: route, transform, normalise, require ts. It mirrors record step
// for step (same outcomes, same messages) and returns the outcome instead
// of adding it to a batch.
func (p *Pipeline) transformRecord(objTable string, rec decode.Record) PreviewRecord {
	table := objTable
	reject := func(kind lake.Kind, msg string) PreviewRecord {
		return PreviewRecord{Table: table, Event: value.Null, Kind: kind, Message: msg}
	}
	if rec.Err != nil {
		if table == "" {
			table = p.deflt
		}
		return reject(lake.KindDecode, rec.Err.Error())
	}
	ev := rec.Value
	value.MarkShared(ev)
	if table == "" && p.selectRecord != nil {
		_, out, rr, msg := run(p.selectRecord, ev, &p.env)
		switch rr {
		case runAbort:
			table = p.deflt
			return reject(lake.KindVRLAbort, "select_table_from_payload: "+msg)
		case runError:
			table = p.deflt
			return reject(lake.KindVRLError, "select_table_from_payload: "+msg)
		}
		if !out.IsNull() {
			full, ok := "", false
			if out.Type() == value.TypeBytes {
				full, ok = p.resolve(out.Str())
			}
			if !ok {
				table = p.deflt
				return reject(KindRoute, fmt.Sprintf("select_table_from_payload returned %s, which is not a table of %s", out, p.source.Name))
			}
			table = full
		}
	}
	if table == "" {
		table = p.deflt
	}
	if table == "" {
		return reject(KindRoute, "select_table_from_payload returned null and log source "+p.source.Name+" has no default table")
	}
	if prog := p.tables[table]; prog != nil {
		t, _, rr, msg := run(prog, ev, &p.env)
		switch rr {
		case runAbort:
			return reject(lake.KindVRLAbort, msg)
		case runError:
			return reject(lake.KindVRLError, msg)
		}
		ev = t.Event
	}
	t, _, rr, msg := run(p.finish, ev, &p.env)
	if rr != runOK {
		return reject(lake.KindCast, "the transform's result is not an object: "+msg)
	}
	ev = t.Event
	o := ev.Obj()
	if o == nil {
		return reject(lake.KindCast, "the transform's result is not an object")
	}
	if _, ok := o.Get("ts"); !ok {
		return reject(lake.KindCast, "ts is missing: the transform must leave .ts set to the event time (a timestamp)")
	}
	return PreviewRecord{Table: table, Event: ev}
}
