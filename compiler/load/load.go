package load

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/matano-go/matano/compiler/diag"
	"go.yaml.in/yaml/v4"
)

// File names Matano looks for.
const (
	ConfigFile       = "matano.config.yml"
	LogSourceFile    = "log_source.yml"
	DetectionFile    = "detection.yml"
	DetectionPython  = "detect.py"
	RequirementsFile = "requirements.txt"
	EnrichmentFile   = "enrichment.yml"
	LogSourcesDir    = "log_sources"
	DetectionsDir    = "detections"
	EnrichmentDir    = "enrichment"
	DestinationsDir  = "integrations/destinations"
	TablesDir        = "tables"
)

// Load reads the Matano directory held in fsys (its root is the
// directory itself; root is only recorded). File names in diagnostics
// and Documents are slash paths relative to the directory.
//
// The returned Project is never nil. See the package comment for what a
// partial Project is good for.
func Load(fsys fs.FS, root string) (*Project, diag.List) {
	l := &loader{fsys: fsys, p: &Project{Root: root}}
	l.config()
	l.logSources()
	l.detections()
	l.enrichments()
	l.destinations()
	sort.Slice(l.p.Documents, func(i, j int) bool { return l.p.Documents[i].File.Name < l.p.Documents[j].File.Name })
	return l.p, l.diags
}

type loader struct {
	fsys  fs.FS
	p     *Project
	diags diag.List
}

// read returns a file's content, or nil after reporting why it could not
// be read. A missing file is reported only when required is set.
func (l *loader) read(name string, required bool, what string) []byte {
	src, err := fs.ReadFile(l.fsys, name)
	if err == nil {
		return src
	}
	if errors.Is(err, fs.ErrNotExist) {
		if required {
			l.missing(name, what)
		}
		return nil
	}
	l.diags.Append(diag.Diagnostic{Severity: diag.Error, Code: diag.CodeReadFailed, Summary: "cannot read " + name + ": " + unwrapPathError(err)})
	return nil
}

func (l *loader) missing(name, what string) {
	code, summary := diag.CodeMissingFile, path.Dir(name)+" has no "+path.Base(name)
	if name == ConfigFile {
		code, summary = diag.CodeMissingConfig, "no "+ConfigFile+" in the Matano directory"
	}
	l.diags.Append(diag.Diagnostic{Severity: diag.Error, Code: code, Summary: summary, Detail: what})
}

func unwrapPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// parse reads and parses one YAML file; doc.Root is nil when it is
// unusable.
func (l *loader) parse(kind Kind, name string, src []byte) *Document {
	doc, diags := parseDocument(kind, name, src)
	l.diags.Append(diags)
	l.p.Documents = append(l.p.Documents, doc)
	return doc
}

// decode fills v from the document, skipping values whose type does not
// fit: the CUE schema reports those with their positions.
func decode(doc *Document, v any) {
	if doc.Root != nil {
		_ = doc.Root.Decode(v)
	}
}

// subdirs lists the directories directly under dir, sorted, skipping
// hidden ones. A missing dir has none.
func (l *loader) subdirs(dir string) []string {
	entries, err := fs.ReadDir(l.fsys, dir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			l.diags.Append(diag.Diagnostic{Severity: diag.Error, Code: diag.CodeReadFailed, Summary: "cannot read " + dir + ": " + unwrapPathError(err)})
		}
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	return out
}

// yamlFiles lists *.yml and *.yaml files directly under dir, sorted.
func (l *loader) yamlFiles(dir string) []string {
	entries, err := fs.ReadDir(l.fsys, dir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			l.diags.Append(diag.Diagnostic{Severity: diag.Error, Code: diag.CodeReadFailed, Summary: "cannot read " + dir + ": " + unwrapPathError(err)})
		}
		return nil
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && !strings.HasPrefix(n, ".") && (strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml")) {
			out = append(out, path.Join(dir, n))
		}
	}
	return out
}

type rawConfig struct {
	AWS struct {
		Account              yaml.Node         `yaml:"account"`
		Region               string            `yaml:"region"`
		Tags                 map[string]string `yaml:"tags"`
		SetBlockPublicAccess *bool             `yaml:"set_block_public_access"`
	} `yaml:"aws"`
	AWSAccount   yaml.Node                 `yaml:"aws_account"`
	AWSRegion    string                    `yaml:"aws_region"`
	AWSTags      map[string]string         `yaml:"aws_tags"`
	ProjectLabel string                    `yaml:"project_label"`
	IsProduction bool                      `yaml:"is_production"`
	Lambda       map[string]LambdaSettings `yaml:"lambda"`
}

func (l *loader) config() {
	src := l.read(ConfigFile, true, "matano.config.yml holds the AWS account, region and project settings; `matano init` creates one")
	if src == nil {
		return
	}
	doc := l.parse(KindConfig, ConfigFile, src)
	if doc.Root == nil {
		return
	}
	var raw rawConfig
	decode(doc, &raw)
	c := &Config{Doc: doc, ProjectLabel: raw.ProjectLabel, IsProduction: raw.IsProduction, Lambda: raw.Lambda}
	c.AWS.Account = firstNonEmpty(scalarText(&raw.AWS.Account), scalarText(&raw.AWSAccount))
	c.AWS.Region = firstNonEmpty(raw.AWS.Region, raw.AWSRegion)
	c.AWS.Tags = raw.AWS.Tags
	if c.AWS.Tags == nil {
		c.AWS.Tags = raw.AWSTags
	}
	c.AWS.SetBlockPublicAccess = raw.AWS.SetBlockPublicAccess
	l.p.Config = c
}

func scalarText(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return n.Value
	}
	return ""
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

type rawLogSource struct {
	Name      string         `yaml:"name"`
	Managed   *Managed       `yaml:"managed"`
	Ingest    Ingest         `yaml:"ingest"`
	Transform string         `yaml:"transform"`
	Meta      map[string]any `yaml:"meta"`
}

// readDoc reads and parses the required main file of a folder (a log
// source, detection or enrichment table); nil when the file is missing
// (a diagnostic with hint says so).
func (l *loader) readDoc(kind Kind, name, hint string) *Document {
	src := l.read(name, true, hint)
	if src == nil {
		return nil
	}
	return l.parse(kind, name, src)
}

func (l *loader) logSources() {
	for _, dir := range l.subdirs(LogSourcesDir) {
		base := path.Join(LogSourcesDir, dir)
		doc := l.readDoc(KindLogSource, path.Join(base, LogSourceFile), "every folder under log_sources/ is a log source and needs a log_source.yml")
		if doc == nil {
			continue
		}
		if doc.Root == nil {
			continue
		}
		var raw rawLogSource
		decode(doc, &raw)
		ls := &LogSource{
			Doc: doc, Dir: dir, Name: raw.Name, Managed: raw.Managed, Ingest: raw.Ingest,
			Transform: raw.Transform, Meta: raw.Meta,
		}
		if raw.Transform != "" {
			ls.TransformDocs = []*Document{doc}
		}
		ls.Schema = schemaDecoder{doc, &l.diags}.schema(mapValue(doc.Root, "schema"), Path{"schema"})
		var tables []tableFile
		for _, name := range l.yamlFiles(path.Join(base, TablesDir)) {
			src := l.read(name, true, "")
			if src == nil {
				continue
			}
			if tf, ok := l.tableFile(l.parse(KindTable, name, src)); ok {
				tables = append(tables, tf)
			}
		}
		if ls.Managed != nil {
			tables = l.mergeManaged(ls, tables)
		}
		ls.Tables = resolveTables(ls, tables, &l.diags)
		l.p.LogSources = append(l.p.LogSources, ls)
	}
}

// tableFile decodes a parsed tables/<x>.yml; false when it did not
// parse.
func (l *loader) tableFile(tdoc *Document) (tableFile, bool) {
	if tdoc.Root == nil {
		return tableFile{}, false
	}
	var rt struct {
		Name      string `yaml:"name"`
		Transform string `yaml:"transform"`
	}
	decode(tdoc, &rt)
	tf := tableFile{
		doc: tdoc, name: rt.Name, transform: rt.Transform,
		schema: schemaDecoder{tdoc, &l.diags}.schema(mapValue(tdoc.Root, "schema"), Path{"schema"}),
	}
	if rt.Transform != "" {
		tf.transformDocs = []*Document{tdoc}
	}
	return tf, true
}

type rawDetection struct {
	Name           string   `yaml:"name"`
	Tables         []string `yaml:"tables"`
	DisplayName    string   `yaml:"display_name"`
	Description    string   `yaml:"description"`
	Runbook        string   `yaml:"runbook"`
	Reference      string   `yaml:"reference"`
	References     []string `yaml:"references"`
	FalsePositives []string `yaml:"false_positives"`
	Tags           []string `yaml:"tags"`
	Enabled        *bool    `yaml:"enabled"`
	Alert          struct {
		Severity     string   `yaml:"severity"`
		Threshold    *int     `yaml:"threshold"`
		Window       *int     `yaml:"deduplication_window_minutes"`
		Destinations []string `yaml:"destinations"`
	} `yaml:"alert"`
}

// Matano's alert defaults.
const (
	DefaultSeverity    = "info"
	DefaultThreshold   = 1
	DefaultDedupWindow = 60
)

func (l *loader) detections() {
	for _, dir := range l.subdirs(DetectionsDir) {
		base := path.Join(DetectionsDir, dir)
		doc := l.readDoc(KindDetection, path.Join(base, DetectionFile), "every folder under detections/ is a detection and needs a detection.yml next to its detect.py")
		if doc == nil {
			continue
		}
		det := &Detection{Doc: doc, Dir: dir, Enabled: true}
		if doc.Root != nil {
			var raw rawDetection
			decode(doc, &raw)
			det.Name, det.Tables, det.DisplayName, det.Description = raw.Name, raw.Tables, raw.DisplayName, raw.Description
			det.Runbook, det.Reference, det.References = raw.Runbook, raw.Reference, raw.References
			det.FalsePositives, det.Tags = raw.FalsePositives, raw.Tags
			if raw.Enabled != nil {
				det.Enabled = *raw.Enabled
			}
			det.Alert = Alert{Severity: raw.Alert.Severity, Threshold: DefaultThreshold, DeduplicationWindowMinutes: DefaultDedupWindow, Destinations: raw.Alert.Destinations}
			if raw.Alert.Threshold != nil {
				det.Alert.Threshold = *raw.Alert.Threshold
			}
			if raw.Alert.Window != nil {
				det.Alert.DeduplicationWindowMinutes = *raw.Alert.Window
			}
		}
		if det.Alert.Severity == "" {
			det.Alert.Severity = DefaultSeverity
		}
		pyName := path.Join(base, DetectionPython)
		if py := l.read(pyName, true, "a detection's logic is the detect(record) function in detect.py"); py != nil {
			det.Python = diag.NewFile(pyName, py)
		}
		reqName := path.Join(base, RequirementsFile)
		if req := l.read(reqName, false, ""); req != nil {
			det.Requirements = diag.NewFile(reqName, req)
		}
		// Kept even when detection.yml is broken, so detect.py is still
		// checked and all problems show up in one run.
		l.p.Detections = append(l.p.Detections, det)
	}
}

type rawEnrichment struct {
	Name           string   `yaml:"name"`
	Description    string   `yaml:"description"`
	EnrichmentType string   `yaml:"enrichment_type"`
	WriteMode      string   `yaml:"write_mode"`
	LookupKeys     []string `yaml:"lookup_keys"`
	Schema         struct {
		PrimaryKey string `yaml:"primary_key"`
	} `yaml:"schema"`
	Transform string   `yaml:"transform"`
	Managed   *Managed `yaml:"managed"`
}

func (l *loader) enrichments() {
	for _, dir := range l.subdirs(EnrichmentDir) {
		base := path.Join(EnrichmentDir, dir)
		doc := l.readDoc(KindEnrichment, path.Join(base, EnrichmentFile), "every folder under enrichment/ is an enrichment table and needs an enrichment.yml")
		if doc == nil {
			continue
		}
		if doc.Root == nil {
			continue
		}
		var raw rawEnrichment
		decode(doc, &raw)
		e := &Enrichment{
			Doc: doc, Dir: dir, Name: raw.Name, Description: raw.Description,
			EnrichmentType: raw.EnrichmentType, WriteMode: raw.WriteMode, LookupKeys: raw.LookupKeys,
			PrimaryKey: raw.Schema.PrimaryKey, Transform: raw.Transform, Managed: raw.Managed,
			Schema: schemaDecoder{doc, &l.diags}.schema(mapValue(doc.Root, "schema"), Path{"schema"}),
		}
		for _, data := range []string{"data.json", "data.csv"} {
			if st, err := fs.Stat(l.fsys, path.Join(base, data)); err == nil && !st.IsDir() {
				e.DataFile = data
				break
			}
		}
		l.p.Enrichments = append(l.p.Enrichments, e)
	}
}

func (l *loader) destinations() {
	for _, name := range l.yamlFiles(DestinationsDir) {
		src := l.read(name, true, "")
		if src == nil {
			continue
		}
		doc := l.parse(KindDestination, name, src)
		if doc.Root == nil {
			continue
		}
		var raw struct {
			Name       string         `yaml:"name"`
			Type       string         `yaml:"type"`
			Properties map[string]any `yaml:"properties"`
		}
		decode(doc, &raw)
		l.p.Destinations = append(l.p.Destinations, &Destination{Doc: doc, Name: raw.Name, Type: raw.Type, Properties: raw.Properties})
	}
}
