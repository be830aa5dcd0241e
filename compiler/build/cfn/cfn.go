// Package cfn generates the two CloudFormation templates of a Matano
// deployment from a loaded project: the storage stack (buckets, the ingest
// queue, DynamoDB tables, the Glue database, the Athena workgroup and the
// alerts topic) and the pipeline stack (the Lambda functions, their
// queues, roles, event source mappings, schedules and log groups).
//
// Generate is a pure function: no I/O, no clock, no randomness. The same
// Input always gives byte-identical templates, so a rebuild of an
// unchanged directory produces no CloudFormation change set. Templates are
// plain Go maps written by encoding/json (keys sorted); logical ids are
// fixed or derived from project names.
//
// Stateful resources live in the storage stack so that the pipeline stack
// can be replaced freely; the pipeline imports the storage outputs by
// their export names ("<label>:<OutputName>"), which also keeps the
// storage stack from being deleted while a pipeline still uses it.
//
// Bring-your-own buckets (a log source's ingest.s3_source) are not managed
// here: CloudFormation can only configure notifications on buckets it
// creates. The storage stack lets those buckets send to the ingest queue
// (a queue policy statement per bucket), the transformer's role may read
// the configured key_prefix (or assume the source's access_role_arn), and
// the bucket owner adds an s3:ObjectCreated:* notification to the
// IngestQueueArn output themselves (S3 only notifies queues in the
// bucket's own region, so such a bucket must be in the deployment's).
//
// Iceberg tables are not in the templates: `matano deploy` creates and
// evolves them in the Glue database after the storage stack is up.
//
// The IAM roles have no names (CloudFormation generates them), so
// deploying needs CAPABILITY_IAM but not CAPABILITY_NAMED_IAM.
package cfn

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/schema"
)

// Asset is one uploaded Lambda code archive.
type Asset struct {
	// Key is the object key in the asset bucket (assets/<sha256>.zip).
	Key    string
	SHA256 string
	Size   int64
}

// Asset names Input.Assets must hold.
const (
	AssetBootstrap  = "bootstrap"  // the Go bootstrap zip
	AssetDetections = "detections" // the Python detections zip
)

// Input is what the templates are generated from.
type Input struct {
	// Project is the loaded directory; its Config must be present.
	Project *load.Project
	// Schemas are the resolved tables (schema.Project), keyed by table
	// name; every table of the project must have one.
	Schemas map[string]*schema.Schema
	// Assets are the uploaded code archives, by AssetBootstrap and
	// AssetDetections.
	Assets map[string]Asset
	// Arch is "arm64" (the default when empty) or "amd64".
	Arch string
}

// Output holds the templates by file name (StorageTemplate,
// PipelineTemplate).
type Output struct {
	Templates map[string][]byte
}

// Template file names in Output.Templates.
const (
	StorageTemplate  = "matano-storage.json"
	PipelineTemplate = "matano-pipeline.json"
)

// Limits CloudFormation enforces on a template uploaded to S3.
const (
	MaxTemplateBytes = 1 << 20
	MaxResources     = 500
)

// DefaultProjectLabel is the naming prefix when project_label is unset.
const DefaultProjectLabel = "matano"

// AlertsTable is the Iceberg table the alert writer appends to.
const AlertsTable = "matano_alerts"

// Generate builds both templates. It fails on an input it cannot turn
// into a deployable template (no configuration, a missing asset, an
// unknown architecture, a label that makes invalid resource names);
// those are checked before anything is generated.
func Generate(in Input) (out Output, err error) {
	p, err := newPlan(in)
	if err != nil {
		return Output{}, err
	}
	defer func() {
		if r := recover(); r != nil {
			bug, ok := r.(generatorBug)
			if !ok {
				panic(r)
			}
			out, err = Output{}, fmt.Errorf("cfn: internal error: %s", string(bug))
		}
	}()
	out.Templates = map[string][]byte{}
	for name, t := range map[string]*template{StorageTemplate: p.storage(), PipelineTemplate: p.pipeline()} {
		if len(t.Resources) > MaxResources {
			return Output{}, fmt.Errorf("cfn: %s has %d resources; CloudFormation allows %d", name, len(t.Resources), MaxResources)
		}
		b, err := t.encode()
		if err != nil {
			return Output{}, fmt.Errorf("cfn: encoding %s: %w", name, err)
		}
		if len(b) > MaxTemplateBytes {
			return Output{}, fmt.Errorf("cfn: %s is %d bytes; CloudFormation accepts templates up to %d bytes", name, len(b), MaxTemplateBytes)
		}
		out.Templates[name] = b
	}
	return out, nil
}

// plan is the Input reduced to the decisions the templates are made of.
type plan struct {
	label      string
	production bool
	// blockPublicAccess is false only when aws.set_block_public_access
	// is explicitly false.
	blockPublicAccess bool
	tags              map[string]string
	// lambdaArch is Lambda's spelling: arm64 or x86_64.
	lambdaArch string
	functions  []function
	// tables are the Iceberg tables the functions touch, sorted.
	tables  []string
	sources []s3Source
	assets  map[string]Asset
	// slacks are the Slack destinations and urlSecrets the webhooks'
	// url_secret references (see secrets.go).
	slacks, urlSecrets []string
}

var labelRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// maxLabel keeps every generated name within AWS limits: the longest
// bucket name is "<label>-athena-results-<12 digit account>-<region>"
// (region up to 14 characters), which must stay within 63.
const maxLabel = 15

func newPlan(in Input) (*plan, error) {
	if in.Project == nil || in.Project.Config == nil {
		return nil, fmt.Errorf("cfn: the project has no matano.config.yml")
	}
	c := in.Project.Config
	p := &plan{
		label:             c.ProjectLabel,
		production:        c.IsProduction,
		blockPublicAccess: c.AWS.SetBlockPublicAccess == nil || *c.AWS.SetBlockPublicAccess,
		tags:              map[string]string{},
		assets:            in.Assets,
	}
	if p.label == "" {
		p.label = DefaultProjectLabel
	}
	if len(p.label) > maxLabel || !labelRe.MatchString(p.label) {
		return nil, fmt.Errorf("cfn: project_label %q must be 1 to %d lower-case letters, digits and single hyphens: it prefixes bucket names", p.label, maxLabel)
	}
	for k, v := range c.AWS.Tags {
		if strings.HasPrefix(strings.ToLower(k), "aws:") {
			return nil, fmt.Errorf("cfn: aws.tags: tag key %q uses the reserved aws: prefix", k)
		}
		p.tags[k] = v
	}
	p.tags["matano:managed"] = "true"

	switch in.Arch {
	case "", "arm64":
		p.lambdaArch = "arm64"
	case "amd64":
		p.lambdaArch = "x86_64"
	default:
		return nil, fmt.Errorf("cfn: architecture %q: want arm64 or amd64", in.Arch)
	}
	for _, name := range []string{AssetBootstrap, AssetDetections} {
		a, ok := in.Assets[name]
		if !ok || a.Key == "" {
			return nil, fmt.Errorf("cfn: no %q asset: build the Lambda artifacts before the templates", name)
		}
	}

	for _, f := range functionCatalogue {
		s := c.Lambda[f.key]
		if s.MemoryMB != 0 {
			f.memoryMB = s.MemoryMB
		}
		if s.TimeoutSeconds != 0 {
			f.timeout = s.TimeoutSeconds
		}
		if f.memoryMB < 128 || f.memoryMB > 10240 || f.timeout < 1 || f.timeout > 900 {
			return nil, fmt.Errorf("cfn: lambda.%s: %d MB / %d s is outside Lambda's limits (128-10240 MB, 1-900 s)", f.key, f.memoryMB, f.timeout)
		}
		p.functions = append(p.functions, f)
	}

	seen := map[string]bool{AlertsTable: true}
	p.tables = []string{AlertsTable}
	for _, t := range in.Project.Tables() {
		if in.Schemas[t.Name] == nil {
			return nil, fmt.Errorf("cfn: table %s has no resolved schema", t.Name)
		}
		if !seen[t.Name] {
			seen[t.Name] = true
			p.tables = append(p.tables, t.Name)
		}
	}
	sort.Strings(p.tables)

	var err error
	if p.slacks, err = slackDestinations(in.Project); err != nil {
		return nil, err
	}
	p.urlSecrets = urlSecrets(in.Project)
	if p.sources, err = s3Sources(in.Project); err != nil {
		return nil, err
	}
	return p, nil
}

// name is a physical resource name: the label, a hyphen and the suffix.
func (p *plan) name(suffix string) string { return p.label + "-" + suffix }

// export is the export name of a storage output.
func (p *plan) export(output string) string { return p.label + ":" + output }

// glueDatabase is the Glue database name: "matano", as in Matano (its
// Athena queries say matano.<table>), and the Iceberg namespace the lake
// code writes (runtime/lake.Namespace). Two deployments with different
// project labels in one account and region therefore share it, as they
// did in Matano.
func (p *plan) glueDatabase() string { return "matano" }

// retain sets the deletion policies of a stateful resource: kept when
// the project is in production, deleted with the stack otherwise.
func (p *plan) retain(r *resource) {
	if p.production {
		r.DeletionPolicy, r.UpdateReplacePolicy = "Retain", "Retain"
	} else {
		r.DeletionPolicy, r.UpdateReplacePolicy = "Delete", "Delete"
	}
}

func (p *plan) tagList() []any { return tagList(p.tags) }
