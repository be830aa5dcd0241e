// Package deploy puts a built Matano directory on AWS: it uploads the
// build's assets and templates to the asset bucket, previews the change
// to each stack with a CloudFormation change set (`matano diff`), applies
// them while streaming stack events (`matano deploy`), creates and
// evolves the Iceberg tables in Glue, prints the stacks' outputs
// (`matano info`) and tears the deployment down (`matano destroy`).
//
// Everything goes through aws-sdk-go-v2 with an optional base endpoint,
// so the same code runs against AWS and against moto's server in tests.
// The package never builds anything: it reads the directory `matano
// build` wrote (see ReadBuild).
package deploy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/schema"
)

// DefaultLabel names the stacks of a project without project_label.
const DefaultLabel = "matano"

// Options say how to reach AWS.
type Options struct {
	// Profile is a shared-config profile; empty uses the SDK's default
	// chain (environment, profile, SSO, web identity in CI, instance role).
	Profile string
	// Region overrides the project's aws.region.
	Region string
	// Endpoint, when set, sends every request (CloudFormation, S3, STS,
	// Glue) to this base URL, e.g. moto's server on 127.0.0.1. S3 then
	// uses path-style addressing, as local emulators have no per-bucket
	// host names.
	Endpoint string
	// Out receives progress and results; nil discards them.
	Out io.Writer
	// Color highlights stateful replacements and failures (terminals).
	Color bool
	// PollInterval is how often change sets and stack events are
	// polled; zero means 2 s. Tests against moto use a few milliseconds.
	PollInterval time.Duration
	// DirectApply applies a stack whose change set is not empty with
	// CreateStack/UpdateStack instead of executing the change set. The
	// change set still decides whether there is anything to do. It exists
	// for moto: its ExecuteChangeSet (moto 5.x) creates the resources but
	// neither publishes the stack's outputs nor registers its exports, so
	// the pipeline stack could not import the storage stack's.
	DirectApply bool
	// Timeout bounds the wait for one stack operation; zero means 1 h.
	Timeout time.Duration
}

// Project is what deploy needs to know about the Matano directory.
type Project struct {
	// Label is project_label, or DefaultLabel; it prefixes every stack
	// and the asset bucket.
	Label string
	// Account and Region are from matano.config.yml; Account is checked
	// against the credentials before anything is changed.
	Account, Region string
	// IsProduction means the stateful resources carry DeletionPolicy
	// Retain: destroy keeps them and never empties a bucket.
	IsProduction bool
	// Tags go on the stacks (CloudFormation copies stack tags onto the
	// resources that take tags) and on the asset bucket.
	Tags map[string]string
	// Tables are the resolved schemas of every table, the Iceberg tables
	// deploy ensures in Glue after the storage stack.
	Tables []*schema.Schema
}

// ProjectFrom takes the deploy settings out of a loaded, valid project.
// extra are tables the project does not declare but the deployment
// writes (matano_alerts).
func ProjectFrom(p *load.Project, schemas map[string]*schema.Schema, extra ...*schema.Schema) (Project, error) {
	if p.Config == nil {
		return Project{}, errors.New("matano.config.yml is missing")
	}
	c := p.Config
	out := Project{
		Label:        c.ProjectLabel,
		Account:      c.AWS.Account,
		Region:       c.AWS.Region,
		IsProduction: c.IsProduction,
		Tags:         map[string]string{},
	}
	if out.Label == "" {
		out.Label = DefaultLabel
	}
	for k, v := range c.AWS.Tags {
		out.Tags[k] = v
	}
	out.Tags["matano:managed"] = "true"
	names := make([]string, 0, len(schemas))
	for n := range schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if schemas[n] != nil {
			out.Tables = append(out.Tables, schemas[n])
		}
	}
	for _, s := range extra {
		if s != nil && schemas[s.Table] == nil {
			out.Tables = append(out.Tables, s)
		}
	}
	return out, nil
}

// StorageStack and PipelineStack name the project's two stacks.
func (p Project) StorageStack() string  { return p.Label + "-storage" }
func (p Project) PipelineStack() string { return p.Label + "-pipeline" }

// AssetBucket is the bucket the Lambda code and the templates live in.
// It is outside the stacks (the pipeline stack needs the code before it
// can be created) and unique per account and region as S3 requires.
func (p Project) AssetBucket() string {
	return fmt.Sprintf("%s-assets-%s-%s", p.Label, p.Account, p.Region)
}

// Client talks to one account and region.
type Client struct {
	opts    Options
	project Project
	cfg     aws.Config
	cfn     *cloudformation.Client
	s3      *s3.Client
	out     io.Writer
}

// New loads AWS credentials and checks that they belong to the
// project's account: deploying a directory into the wrong account is the
// mistake this guards against.
func New(ctx context.Context, p Project, o Options) (*Client, error) {
	if o.Region != "" {
		p.Region = o.Region
	}
	if p.Region == "" {
		return nil, errors.New("no region: set aws.region in matano.config.yml or pass --region")
	}
	if p.Label == "" {
		p.Label = DefaultLabel
	}
	var lo []func(*config.LoadOptions) error
	lo = append(lo, config.WithRegion(p.Region))
	if o.Profile != "" {
		lo = append(lo, config.WithSharedConfigProfile(o.Profile))
	}
	if o.Endpoint != "" {
		if _, err := url.ParseRequestURI(o.Endpoint); err != nil {
			return nil, fmt.Errorf("endpoint %q: %w", o.Endpoint, err)
		}
		lo = append(lo, config.WithBaseEndpoint(o.Endpoint))
	}
	cfg, err := config.LoadDefaultConfig(ctx, lo...)
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration: %w", err)
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 2 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = time.Hour
	}
	c := &Client{opts: o, project: p, cfg: cfg, out: o.Out}
	if c.out == nil {
		c.out = io.Discard
	}
	c.cfn = cloudformation.NewFromConfig(cfg)
	c.s3 = s3.NewFromConfig(cfg, func(so *s3.Options) { so.UsePathStyle = o.Endpoint != "" })
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, fmt.Errorf("check AWS credentials: %w", err)
	}
	acct := aws.ToString(id.Account)
	switch {
	case p.Account == "":
		c.project.Account = acct
	case p.Account != acct:
		return nil, fmt.Errorf("the credentials are for account %s but matano.config.yml deploys to %s", acct, p.Account)
	default:
		c.project.Account = acct
	}
	return c, nil
}

// Project returns the project as the client resolved it (region from
// the flag, account from the credentials).
func (c *Client) Project() Project { return c.project }

func (c *Client) printf(format string, args ...any) { fmt.Fprintf(c.out, format, args...) }

// paint wraps s in an ANSI colour when colour is on.
func (c *Client) paint(code, s string) string {
	if !c.opts.Color {
		return s
	}
	return "\033[" + code + "m" + s + "\033[0m"
}

// sleep waits one poll interval or until ctx ends.
func (c *Client) sleep(ctx context.Context) error {
	t := time.NewTimer(c.opts.PollInterval)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
