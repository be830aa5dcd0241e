package lambda

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/state"
)

// Host is what every handler shares within one container: the
// configuration, the bundled project, the AWS clients and the lake. It
// lives from the first invocation (init) to the container's end; the
// handlers are its methods. Lambda runs one invocation at a time per
// container; the handlers are safe for concurrent use anyway (the
// transformer, whose ingest pipelines are single-goroutine, serialises
// its invocations).
type Host struct {
	Env     Env
	Project *Project
	AWS     aws.Config
	// Now is the clock (realtime object dates, alert windows); time.Now
	// if nil.
	Now func() time.Time

	S3     *s3.Client
	SQS    *sqs.Client
	Dynamo *dynamodb.Client
	Ledger *state.DynamoLedger

	mu   sync.Mutex
	lake *lake.Lake

	tf     transformer
	alerts alertWriter
	// orphanAge replaces OrphanAge when set (tests: files written a
	// moment ago are orphans).
	orphanAge time.Duration
}

// NewHost loads the AWS configuration (region, credentials and
// AWS_ENDPOINT_URL from the environment, as the SDK always does) and
// builds the clients. It does no I/O besides reading the configuration.
func NewHost(ctx context.Context, env Env, p *Project) (*Host, error) {
	if err := env.require(env.Handler); err != nil {
		return nil, err
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	if env.Endpoint != "" {
		cfg.BaseEndpoint = aws.String(env.Endpoint)
	}
	h := &Host{Env: env, Project: p, AWS: cfg, Now: time.Now}
	h.S3 = h.lakeAWS().S3Client()
	h.SQS = sqs.NewFromConfig(cfg)
	h.Dynamo = dynamodb.NewFromConfig(cfg)
	h.Ledger, err = state.OpenDynamoLedger(h.Dynamo, env.LedgerTable)
	if err != nil {
		return nil, err
	}
	return h, nil
}

func (h *Host) lakeAWS() lake.AWS {
	return lake.AWS{Config: h.AWS, Endpoint: h.Env.Endpoint, LakeBucket: h.Env.LakeBucket,
		SidelineBucket: h.Env.SidelineBucket, Database: h.Env.GlueDatabase}
}

// Lake opens the lake on first use and keeps it for later invocations
// of a warm container. The committers of lake.Lake run in the
// container; tables are ensured by each handler (EnsureTable reloads the
// table from Glue, so a warm container sees other writers' commits).
func (h *Host) Lake(ctx context.Context) (*lake.Lake, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.lake != nil {
		return h.lake, nil
	}
	l, err := lake.OpenAWS(ctx, h.lakeAWS(), h.Ledger, lake.Config{Now: h.now})
	if err != nil {
		return nil, err
	}
	h.lake = l
	return l, nil
}

func (h *Host) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// ensure makes sure the named tables exist in Glue with the project's
// schemas and loads their current state.
func (h *Host) ensure(ctx context.Context, l *lake.Lake, tables ...string) error {
	for _, t := range tables {
		s := h.Project.Schemas[t]
		if s == nil {
			return fmt.Errorf("table %s is not in the deployed project", t)
		}
		if err := l.EnsureTable(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// Close closes the lake (tests; a Lambda container is just frozen).
func (h *Host) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.lake == nil {
		return nil
	}
	err := h.lake.Close()
	h.lake = nil
	return err
}
