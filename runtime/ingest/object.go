package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/matano-go/matano/runtime/decode"
	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/state"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// ObjectResult says what happened to one object.
type ObjectResult struct {
	// AlreadyIngested: the ledger had the object as done; nothing was read.
	AlreadyIngested bool
	// Skipped: select_table_from_payload_metadata aborted, which Matano
	// treats as "ignore this object".
	Skipped bool
	// Records counts the records decoded (including decode errors).
	Records int64
	Format  decode.Format
}

// IngestFile ingests a local file. The ledger identifies it by absolute
// path, size and content digest.
//
// A regular file whose path and size the ledger has never seen joins the
// batch at once (lake.Batch.BeginUnhashed): its digest is taken from the
// bytes the decoder reads, as it reads them, and the object gets its
// identity after its last record. One read of the file instead of two,
// and no record waits: in a 1 GB ingest the separate hashing pass took a
// second of a core, and the records decoded meanwhile had to wait for
// it, leaving the other core idle for ~0.6 s.
//
// Any other file (one the ledger may have already) is hashed by its own
// pass first, while the pipeline decodes and transforms the beginning of
// it; none of its records reaches the batch before the ledger answers.
func (p *Pipeline) IngestFile(ctx context.Context, path string) (ObjectResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return ObjectResult{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return ObjectResult{}, err
	}
	meta := decode.Metadata{Key: filepath.Base(path), Size: st.Size()}
	if abs, err := filepath.Abs(path); err == nil && st.Mode().IsRegular() && p.selectMeta == nil {
		partial := state.Object{Path: abs, Size: st.Size()}
		ok, err := p.openBatch().BeginUnhashed(ctx, partial)
		if err != nil {
			return ObjectResult{}, fmt.Errorf("ingest %s: %w", path, err)
		}
		if ok {
			tee := &hashingReader{r: f, h: sha256.New()}
			return p.ingest(ctx, &identity{path: abs, partial: partial, tee: tee}, tee, meta)
		}
	}
	id := &identity{path: path, done: make(chan struct{})}
	go func() {
		defer close(id.done)
		id.obj, id.err = state.ObjectFromFile(path)
	}()
	// The hashing goroutine reads the file too: never leave it running.
	defer id.wait()
	return p.ingest(ctx, id, f, meta)
}

// hashingReader hashes what is read through it: the digest of an object
// that joined the batch before it (IngestFile).
type hashingReader struct {
	r io.Reader
	h hash.Hash
	n int64
}

func (t *hashingReader) Read(b []byte) (int, error) {
	k, err := t.r.Read(b)
	t.h.Write(b[:k])
	t.n += int64(k)
	return k, err
}

// object reads the rest of the input through t (a decoder may stop before
// the end, after a bad gzip member for one) and returns the object's full
// identity: path, the bytes read and their digest.
func (t *hashingReader) object(path string) (state.Object, error) {
	if _, err := io.Copy(io.Discard, t); err != nil {
		return state.Object{}, err
	}
	return state.Object{Path: path, Size: t.n, SHA256: hex.EncodeToString(t.h.Sum(nil))}, nil
}

// openBatch returns the open batch, starting one if there is none.
func (p *Pipeline) openBatch() *lake.Batch {
	if p.batch == nil {
		p.batch = p.cfg.Lake.NewBatch()
	}
	return p.batch
}

// identity is an object's ledger identity, possibly still being computed.
type identity struct {
	path string // for messages until obj is known
	// partial and tee are set for an object that joined the batch before
	// its digest (IngestFile): obj without its digest, and the reader of
	// its content that computes the digest. done is then nil.
	partial state.Object
	tee     *hashingReader
	done    chan struct{}
	obj     state.Object
	err     error
}

func knownIdentity(obj state.Object) *identity {
	id := &identity{path: obj.Path, obj: obj, done: make(chan struct{})}
	close(id.done)
	return id
}

func (id *identity) wait() (state.Object, error) {
	<-id.done
	return id.obj, id.err
}

func (id *identity) ready() bool {
	select {
	case <-id.done:
		return true
	default:
		return false
	}
}

// IngestReader ingests a stream whose identity is its content (stdin): it
// is spooled to a temporary file to be hashed before the ledger is asked,
// and recorded under name (e.g. "<stdin>"), so piping the same bytes twice
// is a no-op like re-ingesting a file.
func (p *Pipeline) IngestReader(ctx context.Context, name string, r io.Reader) (ObjectResult, error) {
	tmp, err := os.CreateTemp("", "matano-ingest-*")
	if err != nil {
		return ObjectResult{}, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), r)
	if err != nil {
		return ObjectResult{}, fmt.Errorf("reading %s: %w", name, err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return ObjectResult{}, err
	}
	obj := state.Object{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
	return p.Ingest(ctx, obj, tmp, decode.Metadata{Key: name, Size: n})
}

// Ingest runs one object through the pipeline. body is its content; meta
// describes it (Key is the name used for compression and CSV detection).
// The rows are committed with the batch the object joins (Flush, Close).
// An error means the object could not be read or the lake failed; the
// open batch is then aborted (its objects stay started, and ingesting them
// again is safe).
func (p *Pipeline) Ingest(ctx context.Context, obj state.Object, body io.Reader, meta decode.Metadata) (ObjectResult, error) {
	return p.ingest(ctx, knownIdentity(obj), body, meta)
}

// errBeginFailed marks a failure of the batch's Begin, after which the
// batch is not aborted (the object never joined it).
type errBeginFailed struct{ error }

func (e errBeginFailed) Unwrap() error { return e.error }

// ingest is Ingest for an identity that may still be computed: the
// object joins the batch (Begin) when its identity is known, which the
// record loop waits for before adding the first record (see
// readRecords); until then decoding and transforming go ahead.
func (p *Pipeline) ingest(ctx context.Context, id *identity, body io.Reader, meta decode.Metadata) (res ObjectResult, err error) {
	b := p.openBatch()
	obj := state.Object{Path: id.path}
	begun := false
	// joined counts o in, once it is part of the batch.
	joined := func(o state.Object) {
		obj, begun = o, true
		p.batchObjs++
		p.objects++
	}
	begin := func() error {
		o, err := id.wait()
		if err != nil {
			return errBeginFailed{err}
		}
		obj = o
		if err := b.Begin(ctx, obj); err != nil {
			return errBeginFailed{err}
		}
		joined(o)
		return nil
	}
	defer func() {
		var bf errBeginFailed
		switch {
		case errors.Is(err, lake.ErrAlreadyIngested):
			p.already = append(p.already, obj.Path)
			res, err = ObjectResult{AlreadyIngested: true}, nil
		case errors.As(err, &bf):
			err = fmt.Errorf("ingest %s: %w", obj.Path, bf.error)
		case err != nil:
			p.abort()
		case begun:
			p.progress()
			if p.batchObjs >= p.cfg.BatchObjects {
				err = p.Flush(ctx)
			}
		}
	}()
	// resolve, for an object that joined before its digest, gives it its
	// identity in the batch once its last record is in (readRecords).
	var resolve func() error
	switch {
	case id.tee != nil:
		joined(id.partial)
		resolve = func() error {
			o, err := id.tee.object(obj.Path)
			if err == nil {
				err = b.Resolve(ctx, obj, o)
			}
			if err != nil {
				return fmt.Errorf("ingest %s: %w", obj.Path, err)
			}
			obj = o
			return nil
		}
	case id.ready():
		// Known at once (S3 objects, stdin): join the batch first, as
		// nothing is gained by waiting.
		if err := begin(); err != nil {
			return res, err
		}
	}

	objTable := p.forced
	if objTable == "" && p.selectMeta != nil {
		// A skipped object is recorded as done: it joins the batch first.
		if !begun {
			if err := begin(); err != nil {
				return res, err
			}
		}
		_, out, rr, msg := run(p.selectMeta, meta.Payload(), &p.env)
		switch rr {
		case runAbort:
			p.skipped = append(p.skipped, obj.Path)
			return ObjectResult{Skipped: true}, nil
		case runError:
			return res, fmt.Errorf("ingest %s: select_table_from_payload_metadata: %s", obj.Path, msg)
		}
		if !out.IsNull() {
			name, ok := p.resolve(out.Str())
			if out.Type() != value.TypeBytes || !ok {
				return res, fmt.Errorf("ingest %s: select_table_from_payload_metadata returned %s, which is not a table of %s",
					obj.Path, out, p.source.Name)
			}
			objTable = name
		}
	}

	d, err := decode.Open(body, meta.Key, p.decodeOptions(meta))
	if err != nil {
		return res, fmt.Errorf("ingest %s: %w", obj.Path, err)
	}
	defer d.Close()
	res.Format = d.Format()
	var join func() error
	if !begun {
		join = begin
	}
	if err := p.readRecords(ctx, b, &obj, join, resolve, id.done, objTable, d, &res); err != nil {
		return res, err
	}
	st := d.Stats()
	p.decoded.Records += st.Records
	p.decoded.Errors += st.Errors
	p.decoded.ControlMessages += st.ControlMessages
	p.decoded.BytesIn += st.BytesIn
	p.decoded.BytesOut += st.BytesOut
	return res, nil
}

// decodeOptions maps the log source's ingest settings onto the decoder
// (the mapping decode.Options documents).
func (p *Pipeline) decodeOptions(meta decode.Metadata) decode.Options {
	in := p.source.Ingest
	opt := decode.Options{
		CSVHeaders:   in.CSVHeaders,
		Meta:         meta,
		Now:          p.cfg.Now,
		MaxLineBytes: p.cfg.MaxLineBytes,
	}
	// Validation has checked the setting; an unknown value cannot reach
	// here, and auto-detection is the safe reading if it did.
	opt.Compression, _ = decode.ParseCompression(in.Compression)
	if in.S3Source != nil && in.S3Source.IsFromCloudwatchLogSubscription ||
		in.SQSSource != nil && in.SQSSource.IsFromCloudwatchLogSubscription {
		opt.CloudWatch = true
	}
	if p.expand != nil {
		prog := p.expand
		opt.Expand = func(payload value.Value) (value.Value, error) {
			_, out, rr, msg := run(prog, payload, &p.env)
			switch rr {
			case runAbort:
				return value.Null, nil
			case runError:
				return value.Null, errors.New("expand_records_from_payload: " + msg)
			}
			return out, nil
		}
	}
	// Lines are text with JSON detection (see the package comment), not
	// strict JSON lines: FormatAuto would pick JSON lines.
	if opt.Expand == nil && !opt.CloudWatch && len(opt.CSVHeaders) == 0 && !strings.Contains(strings.ToLower(meta.Key), ".csv") {
		opt.Format = decode.FormatText
	}
	return opt
}

// transformRecord is the per-record part of record up to the lake:
// route, transform, normalise, require ts. Preview returns its outcome as
// is; record adds it to a batch, so both see the same outcomes with the
// same messages. A rejected record (Kind set) comes with the event its
// sideline keeps: the input for a routing or transform failure, the
// transformed event for a normalisation failure, and nothing for a
// decode error (the sideline keeps rec.Err.Raw).
func (p *Pipeline) transformRecord(objTable string, rec decode.Record) (r PreviewRecord, sideline value.Value) {
	table := objTable
	reject := func(kind lake.Kind, msg string, raw value.Value) (PreviewRecord, value.Value) {
		return PreviewRecord{Table: table, Event: value.Null, Kind: kind, Message: msg}, raw
	}
	if rec.Err != nil {
		if table == "" {
			table = p.deflt
		}
		return reject(lake.KindDecode, rec.Err.Error(), value.Null)
	}
	ev := rec.Value
	// The input is kept for the sideline: marking it shared makes the
	// interpreter copy what it changes instead of changing it in place.
	// The decoder marks its records so as it builds them (a walk of every
	// record here was 1.8% of an ingest's CPU): then this stops at once.
	value.MarkShared(ev)
	input := ev
	if table == "" && p.selectRecord != nil {
		_, out, rr, msg := run(p.selectRecord, ev, &p.env)
		switch rr {
		case runAbort:
			table = p.deflt
			return reject(lake.KindVRLAbort, "select_table_from_payload: "+msg, input)
		case runError:
			table = p.deflt
			return reject(lake.KindVRLError, "select_table_from_payload: "+msg, input)
		}
		if !out.IsNull() {
			name, ok := "", false
			if out.Type() == value.TypeBytes {
				name, ok = p.resolve(out.Str())
			}
			if !ok {
				table = p.deflt
				return reject(KindRoute, fmt.Sprintf("select_table_from_payload returned %s, which is not a table of %s", out, p.source.Name), input)
			}
			table = name
		}
	}
	if table == "" {
		table = p.deflt
	}
	if table == "" {
		return reject(KindRoute, "select_table_from_payload returned null and log source "+p.source.Name+" has no default table", input)
	}
	if prog := p.tables[table]; prog != nil {
		out, _, rr, msg := run(prog, ev, &p.env)
		switch rr {
		case runAbort:
			return reject(lake.KindVRLAbort, msg, input)
		case runError:
			return reject(lake.KindVRLError, msg, input)
		}
		ev = out
	}
	// A transform that replaced the event with a non-object (`. = "x"`)
	// is a cast failure; compact cannot fail on an object.
	out, err := finish(ev)
	if err != nil {
		return reject(lake.KindCast, err.Error(), ev)
	}
	ev = out
	if _, ok := ev.Obj().Get("ts"); !ok {
		return reject(lake.KindCast, "ts is missing: the transform must leave .ts set to the event time (a timestamp)", ev)
	}
	return PreviewRecord{Table: table, Event: ev}, value.Null
}

// jsonOnly removes .message from a text record that also has .json. The
// decoder's text format keeps both; Matano gives a transform one or the
// other (a line that parses as a JSON object is .json, any other line is
// .message), and so does the event kind `matano validate` checks
// transforms against. Keeping both would also write the raw line into an
// ECS message column of every JSON log source that declares one.
func jsonOnly(v value.Value) {
	if o := v.Obj(); o != nil {
		if _, ok := o.Get("json"); ok {
			o.Delete("message")
		}
	}
}
