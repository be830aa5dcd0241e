package lambda

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/matano-go/matano/runtime/lake"
)

// MaintenanceInput is the EventBridge schedule's input.
type MaintenanceInput struct {
	// Op is "compact" (merge small data files) or "expire" (drop old
	// snapshots and the files only they referenced).
	Op string `json:"op"`
	// Table limits the run to one table; empty: every table.
	Table string `json:"table"`
	// OlderThanHours is the snapshot age "expire" keeps (default
	// DefaultExpireAge).
	OlderThanHours int `json:"older_than_hours,omitempty"`
}

// DefaultExpireAge keeps a week of snapshots: well above the ingest
// retry horizon (SQS keeps a message four days by default), since
// recovering an interrupted object reads snapshot summaries.
const DefaultExpireAge = 7 * 24 * time.Hour

// OrphanAge is how old a file under a table that no snapshot references
// must be before "expire" deletes it. The transformer stages data files
// before the committer commits them, and a commit message may wait four
// days in the commit queue and fourteen more in its dead-letter queue
// before someone redrives it: a staged file is an orphan only after both.
const OrphanAge = 21 * 24 * time.Hour

// MaintenanceResult reports a run, table by table.
type MaintenanceResult struct {
	Op     string                  `json:"op"`
	Tables map[string]TableOutcome `json:"tables"`
}

// TableOutcome is one table's maintenance outcome.
type TableOutcome struct {
	Snapshot    int64 `json:"snapshot,omitempty"`
	FilesBefore int   `json:"files_before,omitempty"`
	FilesAfter  int   `json:"files_after,omitempty"`
	// OrphansDeleted counts the unreferenced files "expire" deleted.
	OrphansDeleted int    `json:"orphans_deleted,omitempty"`
	Error          string `json:"error,omitempty"`
}

// Maintain compacts or expires every table (or the one named). A table
// that fails does not stop the others; the run then returns an error
// naming them, so the schedule's failure metrics see it.
func (h *Host) Maintain(ctx context.Context, in MaintenanceInput) (MaintenanceResult, error) {
	res := MaintenanceResult{Op: in.Op, Tables: map[string]TableOutcome{}}
	if in.Op != "compact" && in.Op != "expire" {
		return res, fmt.Errorf("maintenance: op %q: want compact or expire", in.Op)
	}
	tables := h.Project.tableNames()
	if in.Table != "" {
		if h.Project.Schemas[in.Table] == nil {
			return res, fmt.Errorf("maintenance: no table %q", in.Table)
		}
		tables = []string{in.Table}
	}
	slices.Sort(tables)
	l, err := h.Lake(ctx)
	if err != nil {
		return res, err
	}
	age := DefaultExpireAge
	if in.OlderThanHours > 0 {
		age = time.Duration(in.OlderThanHours) * time.Hour
	}
	var failed []error
	for _, t := range tables {
		out, err := h.maintainTable(ctx, l, in.Op, t, age)
		if err != nil {
			out.Error = err.Error()
			failed = append(failed, fmt.Errorf("%s: %w", t, err))
		}
		res.Tables[t] = out
	}
	return res, errors.Join(failed...)
}

func (h *Host) maintainTable(ctx context.Context, l *lake.Lake, op, table string, age time.Duration) (TableOutcome, error) {
	if err := h.ensure(ctx, l, table); err != nil {
		return TableOutcome{}, err
	}
	if op == "expire" {
		snap, err := l.ExpireSnapshots(ctx, table, age)
		if err != nil {
			return TableOutcome{}, err
		}
		orphanAge := OrphanAge
		if h.orphanAge != 0 {
			orphanAge = h.orphanAge
		}
		orphans, err := l.RemoveOrphans(ctx, table, orphanAge)
		return TableOutcome{Snapshot: snap, OrphansDeleted: len(orphans)}, err
	}
	r, err := l.Compact(ctx, table, 0)
	return TableOutcome{Snapshot: r.SnapshotID, FilesBefore: r.FilesBefore, FilesAfter: r.FilesNew}, err
}
