package state

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// DynamoDBAPI is the part of the DynamoDB client the ledger uses;
// *dynamodb.Client satisfies it.
type DynamoDBAPI interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
}

// Item attributes of the ledger table. Its key schema is pk (S, partition
// key only) = Object.Key(). Snapshots is a map attribute (table → N) so
// that the committer of each table can add its snapshot with a
// document-path SET, without reading the item first.
const (
	ddbKey       = "pk"
	ddbPath      = "path"
	ddbSize      = "size"
	ddbSHA256    = "sha256"
	ddbStatus    = "status"
	ddbAttempts  = "attempts"
	ddbStarted   = "started_at"
	ddbDone      = "done_at"
	ddbSnapshots = "snapshots"
)

// DynamoLedger is the ledger of the AWS deployment: one DynamoDB item per
// source object. It keeps the SQLite ledger's semantics with single
// conditional writes instead of transactions: Begin is one UpdateItem
// conditioned on the item not being done (a duplicate notification
// handled by two Lambdas at once still sees exactly one New), and Done
// is an UpdateItem per object conditioned on the item existing (marking
// an object done that was never begun is an error, as in SQLite).
// Objects of one Done call are marked one by one; a failure part-way
// leaves the rest started, which recovery handles like a killed run.
type DynamoLedger struct {
	client DynamoDBAPI
	table  string
	now    func() time.Time
}

// OpenDynamoLedger returns the ledger on an existing table. It does no
// I/O: a missing table or permission surfaces on first use.
func OpenDynamoLedger(client DynamoDBAPI, table string) (*DynamoLedger, error) {
	if client == nil || table == "" {
		return nil, errors.New("ledger: DynamoDB ledger needs a client and a table name")
	}
	return &DynamoLedger{client: client, table: table, now: time.Now}, nil
}

func keyAttr(k string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{ddbKey: &types.AttributeValueMemberS{Value: k}}
}

func isConditionFailed(err error) bool {
	var cf *types.ConditionalCheckFailedException
	return errors.As(err, &cf)
}

// Begin records o as started and returns the status it had before (see
// Ledger.Begin).
func (l *DynamoLedger) Begin(ctx context.Context, o Object) (Status, error) {
	now := l.now().UTC().Format(time.RFC3339Nano)
	out, err := l.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:           aws.String(l.table),
		Key:                 keyAttr(o.Key()),
		ConditionExpression: aws.String("attribute_not_exists(#pk) OR #st <> :done"),
		UpdateExpression: aws.String("SET #path = :path, #size = :size, #sha = :sha, #st = :started, #started = :now, " +
			"#snaps = if_not_exists(#snaps, :empty) ADD #att :one"),
		ExpressionAttributeNames: map[string]string{
			"#pk": ddbKey, "#path": ddbPath, "#size": ddbSize, "#sha": ddbSHA256, "#st": ddbStatus,
			"#started": ddbStarted, "#snaps": ddbSnapshots, "#att": ddbAttempts,
		},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":path":    &types.AttributeValueMemberS{Value: o.Path},
			":size":    &types.AttributeValueMemberN{Value: strconv.FormatInt(o.Size, 10)},
			":sha":     &types.AttributeValueMemberS{Value: o.SHA256},
			":started": &types.AttributeValueMemberN{Value: strconv.Itoa(int(Started))},
			":done":    &types.AttributeValueMemberN{Value: strconv.Itoa(int(Done))},
			":now":     &types.AttributeValueMemberS{Value: now},
			":empty":   &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{}},
			":one":     &types.AttributeValueMemberN{Value: "1"},
		},
		ReturnValues: types.ReturnValueAllOld,
	})
	if isConditionFailed(err) {
		return Done, nil
	}
	if err != nil {
		return New, fmt.Errorf("ledger %s: %w", l.table, err)
	}
	if len(out.Attributes) == 0 {
		return New, nil
	}
	return Started, nil
}

// Done marks objects done (see Ledger.Done).
func (l *DynamoLedger) Done(ctx context.Context, objs []Object, snapshots map[string]map[string]int64) error {
	for _, o := range objs {
		if err := l.done(ctx, o.Key(), snapshots[o.Key()]); err != nil {
			if isConditionFailed(err) {
				return fmt.Errorf("ledger: %s (%s) was never begun", o.Path, o.Key())
			}
			return fmt.Errorf("ledger %s: %w", l.table, err)
		}
	}
	return nil
}

// markDone marks the object with ledger key done, keeping the
// snapshots recorded.
func (l *DynamoLedger) markDone(ctx context.Context, key string) error {
	if err := l.done(ctx, key, nil); err != nil {
		if isConditionFailed(err) {
			return fmt.Errorf("ledger: %s was never begun", key)
		}
		return fmt.Errorf("ledger %s: %w", l.table, err)
	}
	return nil
}

// done sets the status and adds each table's snapshot under the
// snapshots map (created by Begin), keeping those recorded before.
func (l *DynamoLedger) done(ctx context.Context, key string, snaps map[string]int64) error {
	expr := "SET #st = :done, #doneat = :now"
	names := map[string]string{"#pk": ddbKey, "#st": ddbStatus, "#doneat": ddbDone}
	values := map[string]types.AttributeValue{
		":done": &types.AttributeValueMemberN{Value: strconv.Itoa(int(Done))},
		":now":  &types.AttributeValueMemberS{Value: l.now().UTC().Format(time.RFC3339Nano)},
	}
	if len(snaps) > 0 {
		names["#snaps"] = ddbSnapshots
	}
	i := 0
	for t, s := range snaps {
		n, v := "#t"+strconv.Itoa(i), ":s"+strconv.Itoa(i)
		expr += ", #snaps." + n + " = " + v
		names[n] = t
		values[v] = &types.AttributeValueMemberN{Value: strconv.FormatInt(s, 10)}
		i++
	}
	_, err := l.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(l.table),
		Key:                       keyAttr(key),
		ConditionExpression:       aws.String("attribute_exists(#pk)"),
		UpdateExpression:          aws.String(expr),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
	})
	return err
}

// Get returns the entry for o (Status New if absent), read strongly
// consistent.
func (l *DynamoLedger) Get(ctx context.Context, o Object) (Entry, error) {
	e := Entry{Object: o}
	out, err := l.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(l.table), Key: keyAttr(o.Key()), ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return e, fmt.Errorf("ledger %s: %w", l.table, err)
	}
	if len(out.Item) == 0 {
		return e, nil
	}
	num := func(name string) int64 {
		if v, ok := out.Item[name].(*types.AttributeValueMemberN); ok {
			n, _ := strconv.ParseInt(v.Value, 10, 64)
			return n
		}
		return 0
	}
	str := func(name string) string {
		if v, ok := out.Item[name].(*types.AttributeValueMemberS); ok {
			return v.Value
		}
		return ""
	}
	e.Status = Status(num(ddbStatus))
	e.Attempts = int(num(ddbAttempts))
	e.StartedAt, _ = time.Parse(time.RFC3339Nano, str(ddbStarted))
	if d := str(ddbDone); d != "" {
		e.DoneAt, _ = time.Parse(time.RFC3339Nano, d)
	}
	if m, ok := out.Item[ddbSnapshots].(*types.AttributeValueMemberM); ok && len(m.Value) > 0 {
		e.Snapshots = map[string]int64{}
		for t, v := range m.Value {
			if n, ok := v.(*types.AttributeValueMemberN); ok {
				e.Snapshots[t], _ = strconv.ParseInt(n.Value, 10, 64)
			}
		}
	}
	return e, nil
}

// Close does nothing (the client has no connection to close); it lets
// the DynamoDB ledger stand where a closable ledger is expected.
func (l *DynamoLedger) Close() error { return nil }

// ddbExpected is the string set of tables an object's commit messages
// went to (Expect).
const ddbExpected = "expected_tables"

// Expect records that the transformer has sent commit messages for the
// object with ledger key to each of tables. It is one half of the AWS
// completion protocol: the object becomes done once every expected
// table has a snapshot (TableCommitted), and whichever of the two writes
// comes last sees the item complete and marks it. Marking done only then
// matters because a done object is skipped by a retried transformer: an
// object split over several tables must not be done after its first
// table's commit when the message for another table was never sent. It
// reports whether the object is done. With no tables it marks the object
// done at once (nothing to commit).
func (l *DynamoLedger) Expect(ctx context.Context, key string, tables []string) (bool, error) {
	if len(tables) == 0 {
		return true, l.markDone(ctx, key)
	}
	return l.updateBegun(ctx, key, "ADD #exp :tables", map[string]string{"#exp": ddbExpected},
		map[string]types.AttributeValue{":tables": &types.AttributeValueMemberSS{Value: tables}})
}

// TableCommitted records the snapshot that committed the object's rows
// of table, the committer's half of the completion protocol (see
// Expect). It reports whether the object is done.
func (l *DynamoLedger) TableCommitted(ctx context.Context, key, table string, snapshot int64) (bool, error) {
	return l.updateBegun(ctx, key, "SET #snaps.#t = :s", map[string]string{"#snaps": ddbSnapshots, "#t": table},
		map[string]types.AttributeValue{":s": &types.AttributeValueMemberN{Value: strconv.FormatInt(snapshot, 10)}})
}

// updateBegun applies one half of the completion protocol to a begun
// object's item (update with its attribute names and values) and
// completes the object if that made it done.
func (l *DynamoLedger) updateBegun(ctx context.Context, key, update string, names map[string]string, values map[string]types.AttributeValue) (bool, error) {
	names["#pk"] = ddbKey
	out, err := l.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(l.table),
		Key:                       keyAttr(key),
		ConditionExpression:       aws.String("attribute_exists(#pk)"),
		UpdateExpression:          aws.String(update),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
		ReturnValues:              types.ReturnValueAllNew,
	})
	if isConditionFailed(err) {
		return false, fmt.Errorf("ledger: %s was never begun", key)
	}
	if err != nil {
		return false, fmt.Errorf("ledger %s: %w", l.table, err)
	}
	return l.completeIfDone(ctx, key, out.Attributes)
}

// completeIfDone marks the object done when item (as just written) has
// a snapshot for every expected table. Both halves of the protocol are
// single-item writes returning the item after the write, so the later of
// them always sees the other's part.
func (l *DynamoLedger) completeIfDone(ctx context.Context, key string, item map[string]types.AttributeValue) (bool, error) {
	if st, ok := item[ddbStatus].(*types.AttributeValueMemberN); ok && st.Value == strconv.Itoa(int(Done)) {
		return true, nil
	}
	exp, ok := item[ddbExpected].(*types.AttributeValueMemberSS)
	if !ok || len(exp.Value) == 0 {
		return false, nil
	}
	snaps, _ := item[ddbSnapshots].(*types.AttributeValueMemberM)
	for _, t := range exp.Value {
		if snaps == nil || snaps.Value[t] == nil {
			return false, nil
		}
	}
	return true, l.markDone(ctx, key)
}
