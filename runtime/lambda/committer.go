package lambda

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/aws/aws-lambda-go/events"

	"github.com/matano-go/matano/runtime/lake"
)

// Commit handles a batch of commit queue messages (lake.Staged bodies).
// Messages are grouped by table and each table gets one Iceberg commit
// (lake.CommitPaths reloads and retries on a conflict), after which the
// commit is recorded in the ledger for the messages' source objects
// (state.DynamoLedger.TableCommitted: an object is done once every table
// its transformer sent a message for is committed). A message whose
// object the table already holds, because a retried transformer staged
// it again, is acknowledged without committing (see the package doc).
// When a table's commit fails, all its messages are reported as failed:
// in a FIFO queue the messages after a failed one in its group must be
// retried too, and they all rode on the same commit.
func (h *Host) Commit(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	fail := func(ids ...string) {
		for _, id := range ids {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: id})
		}
	}
	type msg struct {
		id     string
		staged lake.Staged
	}
	var order []string
	byTable := map[string][]msg{}
	for _, m := range ev.Records {
		var s lake.Staged
		if err := json.Unmarshal([]byte(m.Body), &s); err != nil || s.Table == "" {
			slog.ErrorContext(ctx, "commit message is not a staged batch", "message_id", m.MessageId, "error", err)
			fail(m.MessageId)
			continue
		}
		if _, ok := byTable[s.Table]; !ok {
			order = append(order, s.Table)
		}
		byTable[s.Table] = append(byTable[s.Table], msg{m.MessageId, s})
	}
	l, err := h.Lake(ctx)
	if err != nil {
		return resp, err // nothing can be committed: let the whole batch retry
	}
	for _, table := range order {
		msgs := byTable[table]
		ids := make([]string, len(msgs))
		staged := make([]lake.Staged, len(msgs))
		for i, m := range msgs {
			ids[i], staged[i] = m.id, m.staged
		}
		if err := h.commitTable(ctx, l, table, staged); err != nil {
			slog.ErrorContext(ctx, "commit failed", "table", table, "messages", len(ids), "error", err)
			fail(ids...)
		}
	}
	return resp, nil
}

// commitTable commits one table's staged messages in one commit and
// marks their objects done.
func (h *Host) commitTable(ctx context.Context, l *lake.Lake, table string, staged []lake.Staged) error {
	if err := h.ensure(ctx, l, table); err != nil {
		return err
	}
	snaps := map[string]map[string]int64{} // object key → table → snapshot
	var paths, objects []string
	seen := map[string]bool{}
	for _, s := range staged {
		dup, err := h.alreadyCommitted(ctx, l, table, s, seen, snaps)
		if err != nil {
			return err
		}
		if dup {
			continue
		}
		paths = append(paths, s.Paths...)
		objects = append(objects, s.Objects...)
	}
	if len(paths) > 0 {
		snap, err := l.CommitPaths(ctx, table, paths, objects)
		if err != nil {
			return fmt.Errorf("table %s: %w", table, err)
		}
		for _, k := range objects {
			snaps[k] = map[string]int64{table: snap}
		}
	}
	for k, m := range snaps {
		if _, err := h.Ledger.TableCommitted(ctx, k, table, m[table]); err != nil {
			// The commit landed: a retry finds the objects in the table's
			// snapshots, skips the commit and completes the ledger.
			return fmt.Errorf("table %s: %w", table, err)
		}
	}
	return nil
}

// alreadyCommitted reports whether a message's objects are all in the
// table already, or were named by an earlier message of this batch (the
// same object staged twice and both stagings queued together). Found
// snapshots are recorded in snaps for the ledger.
func (h *Host) alreadyCommitted(ctx context.Context, l *lake.Lake, table string, s lake.Staged, seen map[string]bool, snaps map[string]map[string]int64) (bool, error) {
	if len(s.Objects) == 0 {
		return false, nil
	}
	all := true
	for _, k := range s.Objects {
		if seen[k] {
			continue
		}
		snap, err := l.CommittedSnapshot(ctx, table, k)
		if err != nil {
			return false, err
		}
		if snap == 0 {
			all = false
			continue
		}
		snaps[k] = map[string]int64{table: snap}
	}
	for _, k := range s.Objects {
		seen[k] = true
	}
	return all, nil
}
