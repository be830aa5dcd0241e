package ingest

import (
	"context"
	"fmt"
	"sync"

	"github.com/matano-go/matano/runtime/decode"
	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/state"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// # Parallel records
//
// The per-record work before the lake (routing, the VRL transform, the
// normalisation, the JSON the sideline or the detections need) is most of
// an ingest's CPU (a profile of BenchmarkIngestCloudTrail: ~50% in VRL
// and compact, ~13% decoding, ~10% cast, ~15% Parquet), and it depends on
// nothing but the record. So one object is read as a pipeline:
//
//	decoder goroutine ──chunks──▶ Workers transform goroutines
//	        │                              │ (each chunk marks itself done)
//	        └──── the same chunks, in order ────▶ calling goroutine:
//	                                             lake.Batch Add/Reject,
//	                                             detections, progress
//
// The calling goroutine takes chunks in decode order and waits for each
// one to be transformed, so everything the lake and the ledger see
// happens exactly as in a sequential run: records are added in input
// order by the one goroutine that owns the Batch, the accounting
// (read = written + sidelined + aborted) is done in one place, and
// sideline lines keep their order and decode line numbers. What is held
// in memory is bounded: at most inflight chunks of chunkRecords records
// exist between the decoder and the batch.

// chunkRecords is how many records a chunk carries: large enough that the
// channel hand-offs are noise (a few µs per chunk against ~40 µs per
// record), small enough that inflight chunks stay a few MB.
const chunkRecords = 64

// chunk is a run of consecutive records of one object and their outcomes.
type chunk struct {
	recs []decode.Record
	outs []outcome
	done chan struct{}
}

// outcome is what transformRecord made of a record, with the JSON the
// calling goroutine would otherwise encode itself: the sideline record of
// a rejected record, or the normalised record when a Record hook or a
// detection wants it.
type outcome struct {
	r    PreviewRecord
	json []byte
}

var chunkPool = sync.Pool{New: func() any {
	return &chunk{recs: make([]decode.Record, 0, chunkRecords), outs: make([]outcome, chunkRecords)}
}}

// newChunk takes an empty chunk from the pool with a fresh done channel
// (made before the chunk is shared, so both readers see it).
func newChunk() *chunk {
	c := chunkPool.Get().(*chunk)
	c.done = make(chan struct{})
	return c
}

func (c *chunk) release() {
	clear(c.recs)
	c.recs = c.recs[:0]
	clear(c.outs)
	chunkPool.Put(c)
}

// workers is the number of transform goroutines for an object.
func (p *Pipeline) workers() int {
	return p.cfg.Workers
}

// outcomeOf runs the per-record work that needs nothing shared: it is
// what record does before touching the batch.
func (p *Pipeline) outcomeOf(objTable string, rec decode.Record) outcome {
	r, sideline := p.transformRecord(objTable, rec)
	var js []byte
	switch {
	case r.Kind != "" && rec.Err == nil:
		js = value.AppendJSON(nil, sideline)
	case r.Kind == "" && p.wantsJSON(r.Table):
		js = value.AppendJSON(nil, r.Event)
	}
	return outcome{r: r, json: js}
}

// wantsJSON reports whether a normalised record of table goes anywhere as
// JSON (the Record hook, a detection).
func (p *Pipeline) wantsJSON(table string) bool { return p.jsonTables[table] }

// tablesWantingJSON computes jsonTables once the detections are started,
// so that the workers never call into the detector.
func (p *Pipeline) tablesWantingJSON() map[string]bool {
	m := map[string]bool{}
	for t := range p.tables {
		if p.cfg.Record != nil || p.det != nil && p.det.d.Has(t) {
			m[t] = true
		}
	}
	return m
}

// add hands one outcome to the batch (and the detections), in order.
func (p *Pipeline) add(ctx context.Context, b *lake.Batch, obj state.Object, rec decode.Record, o outcome) error {
	r := o.r
	if r.Kind != "" {
		raw := o.json
		if rec.Err != nil {
			raw = rec.Err.Raw
		}
		return b.Reject(obj, r.Table, r.Kind, r.Message, raw)
	}
	if err := b.Add(ctx, obj, r.Table, r.Event); err != nil {
		return err
	}
	return p.detectJSON(ctx, r.Table, o.json)
}

// maxPending bounds the chunks the batch's goroutine holds while the
// object's identity is still being computed (readRecords): 256 chunks of
// 64 records, about 40 MB of CloudTrail events, more than the transform
// gets through while a 250 MB file is hashed.
const maxPending = 256

// readRecords reads every record of d into the batch: on the calling
// goroutine when there is one worker, through the pipeline above
// otherwise. It returns the first lake failure or ctx's error, having
// stopped every goroutine it started; res.Records counts the records
// handed to the batch.
//
// join, when not nil, makes the object join the batch (it fills in *obj);
// it is called before the first record is added, and blocks until the
// object's identity is known (ready is closed then). Meanwhile the
// decoder and the workers go ahead and this goroutine keeps their chunks,
// up to maxPending, so computing the identity overlaps with the work. A
// join error (lake.ErrAlreadyIngested among them) ends the read: nothing
// was added.
//
// resolve, when not nil, is for an object that joined before its
// identity was known (lake.Batch.BeginUnhashed): its records go to the
// batch at once, and resolve is called once ready is closed, at the
// latest after the last record.
func (p *Pipeline) readRecords(ctx context.Context, b *lake.Batch, obj *state.Object, join, resolve func() error, ready <-chan struct{}, objTable string, d *decode.Decoder, res *ObjectResult) error {
	text := d.Format() == decode.FormatText
	step := func(rec decode.Record, o outcome) error {
		res.Records++
		p.records++
		if err := p.add(ctx, b, *obj, rec, o); err != nil {
			return fmt.Errorf("ingest %s: %w", obj.Path, err)
		}
		if res.Records%4096 == 0 && ctx.Err() != nil {
			// Interrupted: the batch is aborted and its objects stay
			// started; the next run ingests them again.
			return ctx.Err()
		}
		if p.sinceProgress++; p.sinceProgress >= p.cfg.ProgressEvery {
			p.sinceProgress = 0
			p.progress()
		}
		return nil
	}
	// resolveIf calls resolve if the identity is ready (or wait is set).
	resolveIf := func(wait bool) error {
		if resolve == nil {
			return nil
		}
		if !wait {
			select {
			case <-ready:
			default:
				return nil
			}
		}
		r := resolve
		resolve = nil
		return r()
	}
	n := p.workers()
	if n <= 1 {
		if join != nil {
			if err := join(); err != nil {
				return err
			}
		}
		for d.Next() {
			rec := d.Record()
			if text && rec.Err == nil {
				jsonOnly(rec.Value)
			}
			if err := step(rec, p.outcomeOf(objTable, rec)); err != nil {
				return err
			}
			if res.Records%chunkRecords == 0 {
				if err := resolveIf(false); err != nil {
					return err
				}
			}
		}
		if err := resolveIf(true); err != nil {
			return err
		}
		return d.Err()
	}

	// order carries every chunk in decode order to this goroutine; jobs
	// the same chunks to the workers. Their capacity bounds the chunks in
	// flight.
	inflight := n + 1
	order := make(chan *chunk, inflight)
	jobs := make(chan *chunk, inflight)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var decodeErr error
	wg.Go(func() {
		defer close(order)
		defer close(jobs)
		send := func(c *chunk) bool {
			select {
			case order <- c:
			case <-stop:
				return false
			}
			select {
			case jobs <- c:
				return true
			case <-stop:
				return false
			}
		}
		c := newChunk()
		for d.Next() {
			rec := d.Record()
			if text && rec.Err == nil {
				jsonOnly(rec.Value)
			}
			c.recs = append(c.recs, rec)
			if len(c.recs) == chunkRecords {
				if !send(c) {
					return
				}
				c = newChunk()
			}
		}
		decodeErr = d.Err()
		if len(c.recs) > 0 {
			send(c)
		}
	})
	for range n {
		wg.Go(func() {
			for c := range jobs {
				for i := range c.recs {
					c.outs[i] = p.outcomeOf(objTable, c.recs[i])
				}
				close(c.done)
			}
		})
	}
	var pending []*chunk
	add := func(c *chunk) error {
		<-c.done
		for i := range c.recs {
			if err := step(c.recs[i], c.outs[i]); err != nil {
				return err
			}
		}
		c.release()
		return nil
	}
	// joinNow joins the batch and adds the chunks kept meanwhile (on an
	// error they are dropped; the workers finish them before wg.Wait).
	joinNow := func() error {
		if err := join(); err != nil {
			return err
		}
		join = nil
		for _, c := range pending {
			if err := add(c); err != nil {
				return err
			}
		}
		pending = nil
		return nil
	}
	err := func() error {
		for c := range order {
			if join != nil {
				select {
				case <-ready:
				default:
					if len(pending) < maxPending {
						pending = append(pending, c)
						continue
					}
				}
				if err := joinNow(); err != nil {
					return err
				}
			}
			if err := add(c); err != nil {
				return err
			}
			if err := resolveIf(false); err != nil {
				return err
			}
		}
		if join != nil {
			return joinNow() // the object ended before its identity was known
		}
		return resolveIf(true)
	}()
	close(stop)
	for range order {
		// Drain what the decoder queued before it saw stop.
	}
	wg.Wait()
	if err != nil {
		return err
	}
	// The decoder goroutine has returned: decodeErr is set.
	return decodeErr
}
