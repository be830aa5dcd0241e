package lake

import (
	"context"

	"github.com/matano-go/matano/runtime/state"
)

// Ledger is the ingestion ledger as the lake uses it (see "Exactly-once
// ingestion" in the package doc). The SQLite ledger (state.Ledger, one
// machine) and the DynamoDB ledger (state.DynamoLedger, the AWS
// deployment) implement it with the same semantics, so Batch never knows
// which one it talks to.
type Ledger interface {
	// Begin records o as started and returns the status it had before:
	// New, Started (an earlier attempt never finished) or Done (left
	// untouched).
	Begin(ctx context.Context, o state.Object) (state.Status, error)
	// Done marks objects done with the snapshot each table's commit made
	// (object key → table → snapshot id).
	Done(ctx context.Context, objs []state.Object, snapshots map[string]map[string]int64) error
	// Get returns the entry for o (Status New if absent).
	Get(ctx context.Context, o state.Object) (state.Entry, error)
}

var (
	_ Ledger = (*state.Ledger)(nil)
	_ Ledger = (*state.DynamoLedger)(nil)
)
