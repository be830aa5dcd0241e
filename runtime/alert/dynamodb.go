package alert

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// DynamoDBAPI is the part of the DynamoDB client the window store uses.
// *dynamodb.Client satisfies it; tests may pass anything else that does.
type DynamoDBAPI interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
}

// DynamoDBOptions tunes a DynamoDBStore. The zero value is usable.
type DynamoDBOptions struct {
	// TTLMargin is how long after a window's end its item becomes
	// eligible for DynamoDB's TTL deletion; DefaultTTLMargin when zero.
	// The margin absorbs clock skew between workers and DynamoDB: an
	// item deleted before every worker considers its window over would
	// let a late worker open a second alert for the same window.
	TTLMargin time.Duration
}

// DefaultTTLMargin is the TTLMargin used when none is given.
const DefaultTTLMargin = time.Hour

// Item attribute names of the window table. The table's key schema is
// pk (S, partition key) = rule name and sk (S, sort key) = "d#" + dedupe
// string; the prefix keeps the sort key non-empty, which DynamoDB
// requires, when a dedupe string is empty. Enable TTL on attrTTL.
const (
	attrPK        = "pk"
	attrSK        = "sk"
	attrAlertID   = "alert_id"
	attrFirst     = "first_matched_at" // N, Unix microseconds
	attrExpires   = "expires_at"       // N, Unix microseconds
	attrMatches   = "matches"          // N
	attrActivated = "activated_at"     // N, Unix microseconds; absent while not activated
	attrVersion   = "version"          // N, bumped by every write
	attrTTL       = "ttl"              // N, Unix seconds: window end + TTLMargin
	attrWrite     = "write_token"      // S, random per write attempt; see Count
)

// DynamoDBStore keeps alert windows in a DynamoDB table, one item per
// Key, for the AWS deployment where many Lambda workers share windows.
//
// It follows the SQLite store move for move: an item is read with a
// strongly consistent GetItem, and every write is conditional — a
// PutItem with attribute_not_exists(pk) for a key's first window, and
// writes conditioned on the version read for everything else. A worker
// whose condition fails lost a race to another worker; it re-reads and
// tries again, so every match is counted once and exactly one worker
// opens (or activates) a given window.
//
// The table needs the key schema described at attrPK and TTL enabled on
// the "ttl" attribute, so that windows long over are deleted by DynamoDB
// rather than kept forever. TTL deletion is lazy (often days late); the
// store never relies on it, since it treats a window past its end as
// absent whether or not the item is still there.
type DynamoDBStore struct {
	client DynamoDBAPI
	table  string
	margin time.Duration
}

// OpenDynamoDBStore returns a window store on an existing table. It does
// no I/O: a missing table or missing permissions surface on first Count.
func OpenDynamoDBStore(client DynamoDBAPI, table string, opts DynamoDBOptions) (*DynamoDBStore, error) {
	if client == nil {
		return nil, errors.New("alert store: no DynamoDB client")
	}
	if table == "" {
		return nil, errors.New("alert store: no DynamoDB table name")
	}
	if opts.TTLMargin < 0 {
		return nil, fmt.Errorf("alert store: negative TTL margin %v", opts.TTLMargin)
	}
	if opts.TTLMargin == 0 {
		opts.TTLMargin = DefaultTTLMargin
	}
	return &DynamoDBStore{client: client, table: table, margin: opts.TTLMargin}, nil
}

// Close is a no-op: the client belongs to the caller.
func (s *DynamoDBStore) Close() error { return nil }

// dynamoItem is one window item as read from the table.
type dynamoItem struct {
	id, token           string
	first, exp, n, vers int64
	act                 int64 // 0: not activated
}

func (s *DynamoDBStore) key(k Key) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		attrPK: &types.AttributeValueMemberS{Value: k.Rule},
		attrSK: &types.AttributeValueMemberS{Value: "d#" + k.Dedupe},
	}
}

func num(n int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}
}

// Count adds o's matches to the open window of o.Key, opening a new one
// (with o.NewID) when there is none or the last one expired.
func (s *DynamoDBStore) Count(ctx context.Context, o Observation) (Window, error) {
	if o.Matches < 1 {
		return Window{}, errors.New("alert store: observation without matches")
	}
	if o.Rule == "" {
		return Window{}, errors.New("alert store: observation without a rule name")
	}
	at := o.At.UTC()
	// The SDK retries a request whose response was lost; if the first
	// attempt of a conditional write landed, the retry fails its
	// condition and looks like a lost race. Every write therefore
	// carries a fresh token: finding our last token on the re-read means
	// the write did land, and counting again would count twice.
	var (
		lastToken string
		lastWin   Window
	)
	for range casRetries {
		it, found, err := s.get(ctx, o.Key)
		if err != nil {
			return Window{}, err
		}
		if found && lastToken != "" && it.token == lastToken {
			return lastWin, nil
		}
		lastToken = newWriteToken()
		if !found || micros(at) >= it.exp {
			w := openWindow(o, at)
			cond := "attribute_not_exists(" + attrPK + ")"
			var vals map[string]types.AttributeValue
			vers := int64(1)
			if found {
				// Replace the expired window, but only the one we read.
				cond = "#ver = :v"
				vals = map[string]types.AttributeValue{":v": num(it.vers)}
				vers = it.vers + 1
			}
			ok, err := s.put(ctx, o.Key, w, vers, lastToken, cond, vals)
			if err != nil {
				return Window{}, err
			}
			if ok {
				return w, nil
			}
			lastWin = w
			continue
		}
		w := Window{AlertID: it.id, FirstMatchedAt: fromMicros(it.first), ExpiresAt: fromMicros(it.exp),
			Before: int(it.n), After: int(it.n) + o.Matches}
		update := "SET #m = :n, #ver = :nv, #tok = :tok"
		names := map[string]string{"#m": attrMatches, "#ver": attrVersion, "#tok": attrWrite}
		vals := map[string]types.AttributeValue{":n": num(int64(w.After)), ":v": num(it.vers), ":nv": num(it.vers + 1),
			":tok": &types.AttributeValueMemberS{Value: lastToken}}
		if it.act != 0 {
			w.ActivatedAt = fromMicros(it.act)
		} else if w.After >= o.Threshold {
			w.ActivatedAt = at
			update += ", #a = :a"
			names["#a"] = attrActivated
			vals[":a"] = num(micros(at))
		}
		_, err = s.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName:                 aws.String(s.table),
			Key:                       s.key(o.Key),
			UpdateExpression:          aws.String(update),
			ConditionExpression:       aws.String("#ver = :v"),
			ExpressionAttributeNames:  names,
			ExpressionAttributeValues: vals,
		})
		if err == nil {
			return w, nil
		}
		if !conditionFailed(err) {
			return Window{}, fmt.Errorf("alert store %s: update %s/%q: %w", s.table, o.Rule, o.Dedupe, err)
		}
		lastWin = w
	}
	return Window{}, fmt.Errorf("alert store: too much contention on %s/%q", o.Rule, o.Dedupe)
}

// get reads k's item with a strongly consistent read, so a worker sees
// every write that won before it.
func (s *DynamoDBStore) get(ctx context.Context, k Key) (dynamoItem, bool, error) {
	out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.table),
		Key:            s.key(k),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return dynamoItem{}, false, fmt.Errorf("alert store %s: read %s/%q: %w", s.table, k.Rule, k.Dedupe, err)
	}
	if len(out.Item) == 0 {
		return dynamoItem{}, false, nil
	}
	var it dynamoItem
	bad := func(attr string) (dynamoItem, bool, error) {
		return dynamoItem{}, false, fmt.Errorf("alert store %s: item %s/%q: missing or malformed %s", s.table, k.Rule, k.Dedupe, attr)
	}
	id, ok := out.Item[attrAlertID].(*types.AttributeValueMemberS)
	if !ok {
		return bad(attrAlertID)
	}
	it.id = id.Value
	if tok, ok := out.Item[attrWrite].(*types.AttributeValueMemberS); ok {
		it.token = tok.Value
	}
	for _, f := range []struct {
		attr string
		dst  *int64
	}{{attrFirst, &it.first}, {attrExpires, &it.exp}, {attrMatches, &it.n}, {attrVersion, &it.vers}} {
		if !readNum(out.Item, f.attr, f.dst) {
			return bad(f.attr)
		}
	}
	if _, present := out.Item[attrActivated]; present && !readNum(out.Item, attrActivated, &it.act) {
		return bad(attrActivated)
	}
	return it, true, nil
}

func readNum(item map[string]types.AttributeValue, attr string, dst *int64) bool {
	v, ok := item[attr].(*types.AttributeValueMemberN)
	if !ok {
		return false
	}
	n, err := strconv.ParseInt(v.Value, 10, 64)
	*dst = n
	return err == nil
}

// put writes w as k's whole item if cond holds; false means it did not
// (another worker wrote first).
func (s *DynamoDBStore) put(ctx context.Context, k Key, w Window, vers int64, token, cond string, vals map[string]types.AttributeValue) (bool, error) {
	item := s.key(k)
	item[attrAlertID] = &types.AttributeValueMemberS{Value: w.AlertID}
	item[attrFirst] = num(micros(w.FirstMatchedAt))
	item[attrExpires] = num(micros(w.ExpiresAt))
	item[attrMatches] = num(int64(w.After))
	item[attrVersion] = num(vers)
	item[attrWrite] = &types.AttributeValueMemberS{Value: token}
	item[attrTTL] = num(w.ExpiresAt.Add(s.margin).Unix())
	if !w.ActivatedAt.IsZero() {
		item[attrActivated] = num(micros(w.ActivatedAt))
	}
	in := &dynamodb.PutItemInput{
		TableName:                 aws.String(s.table),
		Item:                      item,
		ConditionExpression:       aws.String(cond),
		ExpressionAttributeValues: vals,
	}
	if len(vals) > 0 {
		// Attribute names go through placeholders: some (ttl) are
		// DynamoDB reserved words.
		in.ExpressionAttributeNames = map[string]string{"#ver": attrVersion}
	}
	_, err := s.client.PutItem(ctx, in)
	if err == nil {
		return true, nil
	}
	if conditionFailed(err) {
		return false, nil
	}
	return false, fmt.Errorf("alert store %s: write %s/%q: %w", s.table, k.Rule, k.Dedupe, err)
}

func conditionFailed(err error) bool {
	var ccf *types.ConditionalCheckFailedException
	return errors.As(err, &ccf)
}

// newWriteToken returns a token no other write attempt will carry.
func newWriteToken() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}
