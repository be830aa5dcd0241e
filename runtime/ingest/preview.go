package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/matano-go/matano/compiler/load"
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
	pv, err := NewPreviewer(cfg)
	if err != nil {
		return nil, err
	}
	return pv.Preview(ctx, name, body)
}

// Previewer previews any number of objects of one log source with its
// programs compiled once (Preview compiles them for every call). It is
// used by one goroutine.
type Previewer struct{ p *Pipeline }

// NewPreviewer compiles the log source's programs for Previewer.Preview.
func NewPreviewer(cfg PreviewConfig) (*Previewer, error) {
	p, err := newPreviewPipeline(cfg)
	if err != nil {
		return nil, err
	}
	return &Previewer{p: p}, nil
}

// Preview is the package's Preview on one object.
func (pv *Previewer) Preview(ctx context.Context, name string, body io.Reader) ([]PreviewRecord, error) {
	p := pv.p
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
		pr, _ := p.transformRecord(objTable, rec)
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
	ls, err := findSource(cfg.Project, cfg.Source)
	if err != nil {
		return nil, err
	}
	p.source = ls
	if err := p.compilePrograms(nil); err != nil {
		return nil, err
	}
	return p, nil
}
