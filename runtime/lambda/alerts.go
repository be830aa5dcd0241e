package lambda

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/runtime/alert"
	"github.com/matano-go/matano/runtime/detect"
	"github.com/matano-go/matano/runtime/ingest"
	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/notify"
	"github.com/matano-go/matano/runtime/state"
)

// AlertsMessage is the alerts queue message the detections Lambda sends:
// the matches of one run on one table (detect.Match encoded by Go's
// encoding/json, field names as in the struct).
type AlertsMessage struct {
	Table   string         `json:"table"`
	Matches []detect.Match `json:"matches"`
}

// topicDestination is the name under which the deployment's alerts SNS
// topic (ALERTS_TOPIC_ARN) joins the project's destinations: every
// delivered alert is also published there.
const topicDestination = "matano_alerts_topic"

// alertWriter is the alert writer's per-container state.
type alertWriter struct {
	once   sync.Once
	err    error
	engine *alert.Engine
	fwd    *ingest.Forwarder
}

func (h *Host) alertSetup() (*alertWriter, error) {
	a := &h.alerts
	a.once.Do(func() {
		store, err := alert.OpenDynamoDBStore(h.Dynamo, h.Env.AlertStateTable, alert.DynamoDBOptions{})
		if err != nil {
			a.err = err
			return
		}
		a.engine = alert.NewEngine(alert.EngineConfig{Store: store, Rules: h.Project.rules(), Now: h.now})
		p := *h.Project.Project
		if h.Env.AlertsTopicARN != "" {
			p.Destinations = append(slices.Clone(p.Destinations), &load.Destination{Name: topicDestination, Type: "sns",
				Properties: map[string]any{"topic_arn": h.Env.AlertsTopicARN}})
		}
		cfg := h.AWS.Copy()
		// Failed deliveries are logged under /tmp, the only writable
		// folder of a Lambda (and CloudWatch gets the notifier's log).
		secrets := notify.SecretsManagerSecrets{Client: secretsmanager.NewFromConfig(cfg, func(o *secretsmanager.Options) {
			if h.Env.Endpoint != "" {
				o.BaseEndpoint = aws.String(h.Env.Endpoint)
			}
		})}
		if h.Env.DestinationSecrets != "" {
			if err := json.Unmarshal([]byte(h.Env.DestinationSecrets), &secrets.Slack); err != nil {
				a.err = fmt.Errorf("DESTINATION_SECRETS: %w", err)
				return
			}
		}
		a.fwd, a.err = ingest.NewForwarder(&p, notify.Options{
			Warehouse: filepath.Join(os.TempDir(), "matano"), Region: cfg.Region, AWS: &cfg,
			AWSEndpoint: h.Env.Endpoint, Logger: slog.Default(), Secrets: secrets,
		})
	})
	return a, a.err
}

// WriteAlerts handles a batch of alerts queue messages: the matches are
// counted into their alert windows (alert.Engine on the DynamoDB window
// store), the resulting matano_alerts rows are staged and sent to the
// commit queue like any table's, and the alerts they activate are
// delivered to their destinations and the alerts topic. Each message is
// one ledger object (named by a digest of its body), begun before its
// matches are counted, so a redelivered message neither counts twice nor
// notifies twice.
func (h *Host) WriteAlerts(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	a, err := h.alertSetup()
	if err != nil {
		return resp, err
	}
	l, err := h.Lake(ctx)
	if err != nil {
		return resp, err
	}
	if err := h.ensure(ctx, l, alert.TableName); err != nil {
		return resp, err
	}
	for _, m := range ev.Records {
		if err := h.writeAlerts(ctx, l, a, m.Body); err != nil {
			slog.ErrorContext(ctx, "alerts failed", "message_id", m.MessageId, "error", err)
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
		}
	}
	return resp, nil
}

func (h *Host) writeAlerts(ctx context.Context, l *lake.Lake, a *alertWriter, body string) error {
	var msg AlertsMessage
	if err := json.Unmarshal([]byte(body), &msg); err != nil {
		return fmt.Errorf("alerts message: %w", err)
	}
	if len(msg.Matches) == 0 {
		return nil
	}
	sum := sha256.Sum256([]byte(body))
	obj := state.Object{Path: "sqs://alerts/" + msg.Table, Size: int64(len(body)), SHA256: hex.EncodeToString(sum[:])}
	b := l.NewBatch()
	switch err := b.Begin(ctx, obj); {
	case errors.Is(err, lake.ErrAlreadyIngested):
		return nil
	case err != nil:
		return err
	}
	rows, err := a.engine.Process(ctx, msg.Table, msg.Matches)
	if err != nil {
		b.Abort()
		return err
	}
	s := h.Project.Schemas[alert.TableName]
	for i := range rows {
		if err := b.Add(ctx, obj, alert.TableName, rows[i].Value(s)); err != nil {
			b.Abort()
			return err
		}
	}
	staged, err := b.Stage(ctx)
	if err != nil {
		return err
	}
	if err := h.sendStaged(ctx, staged); err != nil {
		return err
	}
	var tables []string
	for _, st := range staged {
		tables = append(tables, st.Table)
	}
	if _, err := h.Ledger.Expect(ctx, obj.Key(), tables); err != nil {
		return err
	}
	if h.Env.AlertsTopicARN != "" {
		for i := range rows {
			if rows[i].Activation {
				rows[i].Destinations = append(slices.Clone(rows[i].Destinations), topicDestination)
			}
		}
	}
	a.fwd.Forward(ctx, rows)
	return nil
}
