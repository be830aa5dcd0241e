package lake

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/iceberg-go/catalog/glue"
	icebergio "github.com/apache/iceberg-go/io"
	_ "github.com/apache/iceberg-go/io/gocloud/s3" // registers the s3:// file IO
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// WarehousePrefix is the folder of the lake bucket that holds the
// Iceberg warehouse: table <t> lives at s3://<lake bucket>/lake/matano.db/<t>.
const WarehousePrefix = "lake"

// AWS locates the lake of a deployment: what the Lambda functions read
// from their environment (LAKE_BUCKET, SIDELINE_BUCKET, GLUE_DATABASE,
// AWS_ENDPOINT_URL).
type AWS struct {
	// Config carries the region and credentials (config.LoadDefaultConfig).
	Config aws.Config
	// Endpoint overrides the endpoint of every AWS service, for tests
	// against a stand-in (moto); S3 then uses path-style addressing, which
	// such stand-ins need. Empty: Config.BaseEndpoint, which the SDK
	// fills from AWS_ENDPOINT_URL.
	Endpoint string
	// LakeBucket holds the warehouse (under WarehousePrefix) and
	// SidelineBucket the sidelined records.
	LakeBucket     string
	SidelineBucket string
	// Database is the Glue database; it must be Namespace (the storage
	// stack creates it under that name) and may be left empty.
	Database string
}

func (a AWS) endpoint() string {
	if a.Endpoint != "" {
		return a.Endpoint
	}
	return aws.ToString(a.Config.BaseEndpoint)
}

// awsConfig is a.Config with the endpoint override applied.
func (a AWS) awsConfig() aws.Config {
	cfg := a.Config.Copy()
	if e := a.endpoint(); e != "" {
		cfg.BaseEndpoint = aws.String(e)
	}
	return cfg
}

// S3Client returns an S3 client for a's account, with path-style
// addressing when an endpoint override is set.
func (a AWS) S3Client() *s3.Client {
	pathStyle := a.endpoint() != ""
	return s3.NewFromConfig(a.awsConfig(), func(o *s3.Options) {
		o.UsePathStyle = pathStyle
		// Stand-ins do not checksum responses; the SDK would warn on every GET.
		o.DisableLogOutputChecksumValidationSkipped = true
	})
}

// Warehouse is the warehouse location, s3://<lake bucket>/lake.
func (a AWS) Warehouse() string { return "s3://" + a.LakeBucket + "/" + WarehousePrefix }

// OpenGlueCatalog opens iceberg-go's Glue catalog on the deployment's
// database with the warehouse in the lake bucket, and makes sure the
// database exists (a deployed storage stack has created it; only its
// existence is checked then, so the Lambda roles need no
// glue:CreateDatabase). Tables read and write their files through
// iceberg-go's S3 file IO with the same credentials and endpoint.
func OpenGlueCatalog(ctx context.Context, a AWS) (*glue.Catalog, error) {
	if a.LakeBucket == "" {
		return nil, errors.New("lake: no lake bucket")
	}
	if a.Database != "" && a.Database != Namespace {
		return nil, fmt.Errorf("lake: Glue database %q: matano-go keeps its tables in the database %q", a.Database, Namespace)
	}
	cfg := a.awsConfig()
	props := glue.AwsProperties{"warehouse": a.Warehouse()}
	if cfg.Region != "" {
		props[icebergio.S3Region] = cfg.Region
	}
	if e := a.endpoint(); e != "" {
		// iceberg-go's S3 IO takes its endpoint (and so path-style
		// addressing) from this property, not from the AWS config.
		props[icebergio.S3EndpointURL] = e
	}
	cat, err := glue.NewCatalog(glue.WithAwsConfig(cfg), glue.WithAwsProperties(props))
	if err != nil {
		return nil, fmt.Errorf("lake: Glue catalog: %w", err)
	}
	if err := ensureNamespace(ctx, cat); err != nil {
		cat.Close()
		return nil, fmt.Errorf("lake: Glue database %s: %w", Namespace, err)
	}
	return cat, nil
}

// OpenAWS opens the lake of a deployment: the Glue catalog (warehouse in
// the lake bucket), the sideline bucket and the given ledger (the
// DynamoDB ledger; the caller keeps owning it). cfg's tuning fields
// apply; its Warehouse, Catalog, Ledger and Sideline are replaced.
func OpenAWS(ctx context.Context, a AWS, ledger Ledger, cfg Config) (*Lake, error) {
	if a.SidelineBucket == "" {
		return nil, errors.New("lake: no sideline bucket")
	}
	if ledger == nil {
		return nil, errors.New("lake: no ledger")
	}
	cat, err := OpenGlueCatalog(ctx, a)
	if err != nil {
		return nil, err
	}
	cfg.Warehouse = ""
	cfg.Catalog = cat
	cfg.Ledger = ledger
	cfg.Sideline = &S3Sideline{Client: a.S3Client(), Bucket: a.SidelineBucket}
	l, err := Open(ctx, cfg)
	if err != nil {
		cat.Close()
		return nil, err
	}
	l.closers = append(l.closers, cat.Close)
	return l, nil
}
