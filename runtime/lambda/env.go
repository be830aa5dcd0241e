// Package lambda holds the Go Lambda functions of the AWS deployment:
// the transformer, the committer, the alert writer and the maintenance
// job. One bootstrap binary (cmd/matano-lambda) serves them all and picks
// the handler from MATANO_HANDLER.
//
// The handlers are thin: each one reuses the local pipeline and swaps its
// edges for AWS ones. The transformer runs runtime/ingest exactly as
// `matano ingest` does, with the lake opened on Glue and S3 (lake.OpenAWS)
// and the commit split off (ingest.Config.Stage): it writes Parquet files
// to the lake bucket and hands them, as lake.Staged messages, to the
// commit FIFO queue, whose message group is the table. The committer is
// then the one writer of each table (SQS delivers a group's messages one
// batch at a time) and commits a batch in one Iceberg commit per table
// (lake.CommitPaths, which reloads and retries on conflicts).
//
// # Exactly once
//
// The DynamoDB ledger (state.DynamoLedger) carries the lake's
// exactly-once bookkeeping across processes. The transformer begins each
// S3 object in it (a done object is skipped: a duplicate notification is
// a no-op) and stages one object per batch, so every commit message names
// exactly one source object. The committer skips a message whose object
// a snapshot of the table already names (a retried transformer staged it
// twice; the lake records every commit's objects in its snapshot
// summary) and records each commit in the ledger. An object is done when
// both halves are in: the transformer's list of the tables it sent
// messages for (Expect, written after every send succeeded) and a
// commit for each of them (TableCommitted), so an object whose rows went
// to two tables is never done, and skipped by a retry, while one of its
// messages is unsent. Every message is thus committed at most once and,
// since a failed one is reported back to SQS (ReportBatchItemFailures)
// and retried, at least once.
package lambda

import (
	"fmt"
	"os"
	"strings"
)

// Handler names (MATANO_HANDLER).
const (
	HandlerTransformer = "transformer"
	HandlerCommitter   = "committer"
	HandlerAlerts      = "alerts"
	HandlerMaintenance = "maintenance"
)

// DefaultConfigDir is where the bootstrap zip puts the bundled Matano
// directory.
const DefaultConfigDir = "/var/task/config"

// Env is the functions' configuration, set by the pipeline stack as
// environment variables (names in the field comments).
type Env struct {
	Handler   string // MATANO_HANDLER
	ConfigDir string // MATANO_CONFIG_DIR (default /var/task/config)

	LakeBucket      string // LAKE_BUCKET
	SidelineBucket  string // SIDELINE_BUCKET
	RealtimeBucket  string // REALTIME_BUCKET
	IngestionBucket string // INGESTION_BUCKET
	GlueDatabase    string // GLUE_DATABASE

	LedgerTable      string // LEDGER_TABLE
	AlertStateTable  string // ALERT_STATE_TABLE
	RemoteCacheTable string // REMOTECACHE_TABLE

	CommitQueueURL     string // COMMIT_QUEUE_URL
	DetectionsQueueURL string // DETECTIONS_QUEUE_URL
	AlertsQueueURL     string // ALERTS_QUEUE_URL
	AlertsTopicARN     string // ALERTS_TOPIC_ARN

	// DestinationSecrets is a JSON object of Slack destination to the ARN
	// of the secret holding its bot token (DESTINATION_SECRETS).
	DestinationSecrets string

	// Endpoint is AWS_ENDPOINT_URL, the SDK's own override of every
	// service endpoint; honoured so tests can point the functions at moto.
	Endpoint string
}

// EnvFromGetenv reads the environment through getenv (os.Getenv if nil).
func EnvFromGetenv(getenv func(string) string) Env {
	if getenv == nil {
		getenv = os.Getenv
	}
	e := Env{
		Handler:            getenv("MATANO_HANDLER"),
		ConfigDir:          getenv("MATANO_CONFIG_DIR"),
		LakeBucket:         getenv("LAKE_BUCKET"),
		SidelineBucket:     getenv("SIDELINE_BUCKET"),
		RealtimeBucket:     getenv("REALTIME_BUCKET"),
		IngestionBucket:    getenv("INGESTION_BUCKET"),
		GlueDatabase:       getenv("GLUE_DATABASE"),
		LedgerTable:        getenv("LEDGER_TABLE"),
		AlertStateTable:    getenv("ALERT_STATE_TABLE"),
		RemoteCacheTable:   getenv("REMOTECACHE_TABLE"),
		CommitQueueURL:     getenv("COMMIT_QUEUE_URL"),
		DetectionsQueueURL: getenv("DETECTIONS_QUEUE_URL"),
		AlertsQueueURL:     getenv("ALERTS_QUEUE_URL"),
		AlertsTopicARN:     getenv("ALERTS_TOPIC_ARN"),
		Endpoint:           getenv("AWS_ENDPOINT_URL"),

		DestinationSecrets: getenv("DESTINATION_SECRETS"),
	}
	if e.ConfigDir == "" {
		e.ConfigDir = DefaultConfigDir
	}
	return e
}

// require reports the variables a handler needs and the environment
// lacks, naming them all at once.
func (e Env) require(handler string) error {
	need := map[string]string{
		"LAKE_BUCKET": e.LakeBucket, "SIDELINE_BUCKET": e.SidelineBucket, "LEDGER_TABLE": e.LedgerTable,
	}
	switch handler {
	case HandlerTransformer:
		need["COMMIT_QUEUE_URL"] = e.CommitQueueURL
	case HandlerCommitter, HandlerMaintenance:
	case HandlerAlerts:
		need["COMMIT_QUEUE_URL"] = e.CommitQueueURL
		need["ALERT_STATE_TABLE"] = e.AlertStateTable
	default:
		return fmt.Errorf("MATANO_HANDLER %q: want one of %s, %s, %s, %s", handler,
			HandlerTransformer, HandlerCommitter, HandlerAlerts, HandlerMaintenance)
	}
	var missing []string
	for _, k := range []string{"LAKE_BUCKET", "SIDELINE_BUCKET", "LEDGER_TABLE", "COMMIT_QUEUE_URL", "ALERT_STATE_TABLE"} {
		if v, ok := need[k]; ok && v == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s: environment variables not set: %s", handler, strings.Join(missing, ", "))
	}
	return nil
}
