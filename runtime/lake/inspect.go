package lake

import (
	"context"
	"slices"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/iceberg-go/table"

	"github.com/matano-go/matano/runtime/state"
)

// TableInfo describes a table's current snapshot (what `matano tables`
// prints). All zero for a table with no data yet.
type TableInfo struct {
	Name       string
	SnapshotID int64
	Snapshots  int
	Rows       int64
	Files      int64
	Bytes      int64
	// Location is the table's root (data and metadata below it).
	Location string
}

// Info reads a table's info from the catalog (not from this process's
// handle, so it sees other writers' commits). The counts come from the
// snapshot summary totals Iceberg keeps on every snapshot.
func (l *Lake) Info(ctx context.Context, name string) (TableInfo, error) {
	tbl, err := l.cat.LoadTable(ctx, ident(name))
	if err != nil {
		return TableInfo{}, err
	}
	info := TableInfo{Name: name, Location: tbl.Location(), Snapshots: len(tbl.Metadata().Snapshots())}
	s := tbl.CurrentSnapshot()
	if s == nil {
		return info, nil
	}
	info.SnapshotID = s.SnapshotID
	if s.Summary != nil {
		p := s.Summary.Properties
		info.Rows, _ = strconv.ParseInt(p["total-records"], 10, 64)
		info.Files, _ = strconv.ParseInt(p["total-data-files"], 10, 64)
		info.Bytes, _ = strconv.ParseInt(p["total-files-size"], 10, 64)
	}
	return info, nil
}

// Tables lists the tables in the catalog's matano namespace, sorted
// (including tables this process has not ensured).
func (l *Lake) Tables(ctx context.Context) ([]string, error) {
	var out []string
	for id, err := range l.cat.ListTables(ctx, table.Identifier{Namespace}) {
		if err != nil {
			return nil, err
		}
		out = append(out, id[len(id)-1])
	}
	slices.Sort(out)
	return out, nil
}

// Scan reads a table's current snapshot into an Arrow table (tests and
// small tables; the caller releases it).
func (l *Lake) Scan(ctx context.Context, name string) (arrow.Table, error) {
	tbl, err := l.cat.LoadTable(ctx, ident(name))
	if err != nil {
		return nil, err
	}
	return tbl.Scan().ToArrowTable(ctx)
}

// ObjectStatus returns the ledger entry of a source object.
func (l *Lake) ObjectStatus(ctx context.Context, obj state.Object) (state.Entry, error) {
	return l.ledger.Get(ctx, obj)
}
