// Package load reads a Matano directory into one merged model, the
// Project, that validation, schema resolution, ingest and build work on.
//
// Loading is lenient by design: every file that parses contributes what it
// can to the model, and problems the loader itself sees (unreadable files,
// broken YAML, duplicate keys, missing companion files, invalid field
// types) come back as diagnostics next to a partial Project. Checking a
// file's keys and values against its schema is compiler/validate's job;
// the loader only decodes the values whose types fit and ignores the rest,
// so a partial Project is good for cross-file checks and editor features,
// but should not be built or deployed while diagnostics contain errors.
package load

import "github.com/matano-go/matano/compiler/diag"

// Project is a loaded Matano directory.
type Project struct {
	// Root is the directory as the caller named it; file names in
	// diagnostics are relative to it.
	Root string
	// Documents holds every YAML file read, in path order, including
	// those that did not parse.
	Documents []*Document
	// Config is matano.config.yml; nil when it is missing or broken.
	Config       *Config
	LogSources   []*LogSource
	Detections   []*Detection
	Enrichments  []*Enrichment
	Destinations []*Destination
}

// Tables returns every table of every log source, in log source order.
func (p *Project) Tables() []*Table {
	var out []*Table
	for _, ls := range p.LogSources {
		out = append(out, ls.Tables...)
	}
	return out
}

// Table finds a table by its full name ("aws_cloudtrail", "zeek_dns").
func (p *Project) Table(name string) *Table {
	for _, ls := range p.LogSources {
		for _, t := range ls.Tables {
			if t.Name == name {
				return t
			}
		}
	}
	return nil
}

// Destination finds a destination by name.
func (p *Project) Destination(name string) *Destination {
	for _, d := range p.Destinations {
		if d.Name == name {
			return d
		}
	}
	return nil
}

// Config is matano.config.yml after legacy keys are folded into their
// new places (aws_account → AWS.Account and so on).
type Config struct {
	Doc          *Document
	AWS          AWS
	ProjectLabel string
	IsProduction bool
	// Lambda sizes Matano's functions, keyed by transformer, committer,
	// detections, alert_writer and maintenance.
	Lambda map[string]LambdaSettings
}

// AWS is the account the directory deploys to.
type AWS struct {
	// Account is the account id as written (a YAML number keeps its
	// source text, so leading zeros survive).
	Account              string
	Region               string
	Tags                 map[string]string
	SetBlockPublicAccess *bool
}

// LambdaSettings sizes one function; zero means Matano's default.
type LambdaSettings struct {
	MemoryMB       int `yaml:"memory_mb"`
	TimeoutSeconds int `yaml:"timeout_seconds"`
}

// LogSource is log_sources/<dir>/log_source.yml with its tables.
type LogSource struct {
	Doc *Document
	// Dir is the folder name under log_sources/.
	Dir       string
	Name      string
	Managed   *Managed
	Ingest    Ingest
	Schema    Schema
	Transform string
	// TransformDocs are the files whose `transform` key make up
	// Transform, in the order they run (for a managed log source: the
	// managed definition's, then the user's).
	TransformDocs []*Document
	// ManagedDoc is the embedded log_source.yml of a managed log
	// source's type (package managed); nil otherwise.
	ManagedDoc *Document
	Meta       map[string]any
	// Tables are the resolved tables: one per tables/*.yml file with the
	// log source merged under it, or the single default table named like
	// the log source when there are no table files.
	Tables []*Table
}

// Managed marks a log source or enrichment table Matano provides.
type Managed struct {
	Type       string         `yaml:"type"`
	Properties map[string]any `yaml:"properties"`
}

// Ingest says where a log source's data comes from.
type Ingest struct {
	S3Source                       *S3Source  `yaml:"s3_source"`
	SQSSource                      *SQSSource `yaml:"sqs_source"`
	Compression                    string     `yaml:"compression"`
	CSVHeaders                     []string   `yaml:"csv_headers"`
	ExpandRecordsFromPayload       string     `yaml:"expand_records_from_payload"`
	SelectTableFromPayload         string     `yaml:"select_table_from_payload"`
	SelectTableFromPayloadMetadata string     `yaml:"select_table_from_payload_metadata"`
}

// S3Source is an existing bucket Matano reads from.
type S3Source struct {
	BucketName                      string `yaml:"bucket_name"`
	KeyPrefix                       string `yaml:"key_prefix"`
	KeyPattern                      string `yaml:"key_pattern"`
	AccessRoleARN                   string `yaml:"access_role_arn"`
	IsFromCloudwatchLogSubscription bool   `yaml:"is_from_cloudwatch_log_subscription"`
}

// SQSSource lets producers push records to a queue Matano creates.
type SQSSource struct {
	Enabled                         bool `yaml:"enabled"`
	IsFromCloudwatchLogSubscription bool `yaml:"is_from_cloudwatch_log_subscription"`
}

// Schema is the declared columns of a table.
type Schema struct {
	ECSFieldNames []string
	Fields        []Field
}

// Table is one Iceberg table of a log source, after merging.
type Table struct {
	// Name is the full table name: the log source name for the default
	// table, "<source>_<table>" otherwise.
	Name string
	// Local is the name in the table file ("default" for the implicit one).
	Local  string
	Source *LogSource
	// Doc is the table file, or the log source file for the implicit
	// default table.
	Doc *Document
	// ManagedDoc is the embedded table file of a managed table; nil
	// otherwise.
	ManagedDoc *Document
	Schema     Schema
	// Transform is the log source's transform followed by the table
	// file's; TransformDocs are the files holding the table-level part.
	Transform     string
	TransformDocs []*Document
}

// IngestDoc returns the file that sets ingest.<key> for the log source:
// its own log_source.yml, or the managed definition it inherits the key
// from. Nil when neither sets it.
func (ls *LogSource) IngestDoc(key string) *Document {
	for _, d := range []*Document{ls.Doc, ls.ManagedDoc} {
		if d == nil {
			continue
		}
		if n, _, ok := d.Lookup(Path{"ingest", key}); ok && n != nil {
			return d
		}
	}
	return nil
}

// Detection is detections/<dir>/detection.yml with its Python files.
type Detection struct {
	Doc            *Document
	Dir            string
	Name           string
	Tables         []string
	DisplayName    string
	Description    string
	Runbook        string
	Reference      string
	References     []string
	FalsePositives []string
	Tags           []string
	// Enabled defaults to true.
	Enabled bool
	Alert   Alert
	// Python is detect.py; nil when it is missing.
	Python *diag.File
	// Requirements is requirements.txt; nil when absent.
	Requirements *diag.File
}

// Alert says how a detection's matches become alerts. Load fills in
// Matano's defaults: severity info, threshold 1, a 60 minute window.
type Alert struct {
	Severity                   string
	Threshold                  int
	DeduplicationWindowMinutes int
	Destinations               []string
}

// Enrichment is enrichment/<dir>/enrichment.yml.
type Enrichment struct {
	Doc            *Document
	Dir            string
	Name           string
	Description    string
	EnrichmentType string
	WriteMode      string
	LookupKeys     []string
	PrimaryKey     string
	Schema         Schema
	Transform      string
	Managed        *Managed
	// DataFile is "data.json" or "data.csv" when the folder has one.
	DataFile string
}

// Destination is integrations/destinations/<file>.yml.
type Destination struct {
	Doc        *Document
	Name       string
	Type       string
	Properties map[string]any
}
