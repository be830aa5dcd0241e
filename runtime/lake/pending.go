package lake

import (
	"context"
	"errors"
	"fmt"

	"github.com/matano-go/matano/runtime/state"
)

// # Objects joined before their digest
//
// A local file's ledger identity includes the SHA-256 of its content,
// and hashing a 1 GB file takes a second of a core. Until Begin has
// answered, no record of the object may reach the batch, so the records
// decoded meanwhile wait in memory up to a bound, and then the whole
// pipeline waits: in a 1 GB ingest one of the two cores sat idle for
// about 0.6 s. BeginUnhashed removes the wait for the usual case, a file
// the ledger has never seen: if no entry has the file's path and size,
// no entry can have its key (path, size and digest), so Begin would say
// New whatever the digest turns out to be. The object joins at once
// under its partial identity (digest empty), its records are added as
// they come, and Resolve makes the real Begin once the digest is known,
// before anything is committed.
//
// The ledger answered "never seen" at one moment; another process may
// begin the same object before Resolve. Resolve then fails and the
// batch must be aborted (nothing of it is committed, its objects stay
// started, and the next run ingests them once). A file whose path and
// size the ledger knows takes the ordinary path: Begin after the digest.

// pathSizeLedger is a ledger that can tell whether it knows any object
// with a path and size (state.Ledger; the DynamoDB ledger is keyed by the
// full identity only, and AWS objects arrive with it anyway).
type pathSizeLedger interface {
	Seen(ctx context.Context, path string, size int64) (bool, error)
}

// ErrRaced is Resolve's failure when the ledger no longer says New for
// the object's full identity: another ingest began or finished it while
// it was being read. The batch must be aborted.
var ErrRaced = errors.New("another ingest began the same object while it was read; nothing of this batch was committed, run the ingest again")

// BeginUnhashed joins partial (Path and Size set, SHA256 empty) to the
// batch if the ledger has never seen an object with that path and size.
// It returns false, having done nothing, when it cannot tell (the ledger
// does not support the question) or the ledger knows the path and size:
// the caller then waits for the digest and calls Begin. After true,
// records are added under partial until Resolve; Commit refuses the batch
// while an object is unresolved.
func (b *Batch) BeginUnhashed(ctx context.Context, partial state.Object) (bool, error) {
	if partial.SHA256 != "" {
		return false, fmt.Errorf("lake: BeginUnhashed: object %s already has its digest", partial.Path)
	}
	pl, ok := b.l.ledger.(pathSizeLedger)
	if !ok {
		return false, nil
	}
	seen, err := pl.Seen(ctx, partial.Path, partial.Size)
	if err != nil || seen {
		return false, err
	}
	key := partial.Key()
	b.l.mu.Lock()
	defer b.l.mu.Unlock()
	if b.l.inflight[key] {
		// The same path and size being read by another batch of this
		// process: let the ordinary path sort it out.
		return false, nil
	}
	b.l.inflight[key] = true
	b.objects = append(b.objects, partial)
	b.unhashed++
	return true, nil
}

// Resolve gives partial, joined by BeginUnhashed, its full identity obj
// (same path): it begins obj in the ledger, which must say New, and moves
// the rows and sidelined records added under partial to obj. Use obj for
// the object's later records. On ErrRaced or any other error the batch
// must be aborted.
func (b *Batch) Resolve(ctx context.Context, partial, obj state.Object) error {
	i := -1
	for j, o := range b.objects {
		if o == partial {
			i = j
			break
		}
	}
	if i < 0 || partial.SHA256 != "" {
		return fmt.Errorf("lake: object %s was not joined by BeginUnhashed in this batch", partial.Path)
	}
	if obj.Path != partial.Path || obj.SHA256 == "" {
		return fmt.Errorf("lake: object %s resolved to a different identity (%s)", partial.Path, obj.Path)
	}
	pkey, key := partial.Key(), obj.Key()
	b.l.mu.Lock()
	busy := b.l.inflight[key]
	if !busy {
		b.l.inflight[key] = true
	}
	b.l.mu.Unlock()
	if busy {
		return ErrRaced
	}
	st, err := b.l.ledger.Begin(ctx, obj)
	if err == nil && st != state.New {
		err = fmt.Errorf("ledger status %s: %w", st, ErrRaced)
	}
	b.l.mu.Lock()
	if err != nil {
		delete(b.l.inflight, key)
	} else {
		delete(b.l.inflight, pkey)
	}
	b.l.mu.Unlock()
	if err != nil {
		return err
	}
	b.objects[i] = obj
	b.unhashed--
	if b.lastObj == partial {
		b.lastObj, b.lastKey = state.Object{}, ""
	}
	for _, w := range b.writers {
		if w.objects[pkey] {
			delete(w.objects, pkey)
			w.objects[key] = true
		}
	}
	return nil
}
