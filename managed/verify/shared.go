package verify

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/managed"
	"github.com/matano-go/matano/runtime/ingest"
	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/testrun"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// Sample logs are laid out as <source>/<folder>/<file>: Elastic pipeline
// fixtures (<table>/test-*.log with -expected.json), Panther test events
// (panther/<LogType>.jsonl) and Panther scenarios. Every line (or
// `events[].message` of an Elastic .json fixture) is one object run
// through the managed type the route names.

// route sends sample files to a managed type and table. match is a
// prefix of the file's slash path under the logs folder; the first route
// that matches wins, and folders no route names go by the generic rule
// in routeOf. table "" lets the type's own routing decide.
type route struct{ match, typ, table string }

var routes = []route{
	{"crowdstrike/panther/Crowdstrike.EventStreams", "crowdstrike_falcon", ""},
	{"crowdstrike/panther/Crowdstrike.DetectionSummary", "crowdstrike_falcon", ""},
	{"crowdstrike/", "crowdstrike", "fdr"},
	{"duo/panther/Duo.Administrator", "duo", "admin"},
	{"duo/panther/Duo.Authentication", "duo", "auth"},
	{"cloudflare/panther/Cloudflare.Firewall", "cloudflare", "firewall_event"},
	{"cloudflare/panther/Cloudflare.HttpRequest", "cloudflare", "http_request"},
	{"okta/", "okta", "system"},
	{"snyk/", "snyk", "audit"},
	{"o365/", "o365", "audit"},
	{"google_workspace/login/", "google_workspace", "login"},
}

// routeOf returns the type and table for a sample file (slash path under
// the logs folder); ok is false for sources no managed type covers.
func routeOf(rel string) (typ, table string, ok bool) {
	for _, r := range routes {
		if strings.HasPrefix(rel, r.match) {
			return r.typ, r.table, true
		}
	}
	parts := strings.Split(rel, "/")
	if len(parts) < 3 {
		return "", "", false
	}
	mt, found := managed.Lookup(parts[0])
	if !found {
		return "", "", false
	}
	if slices.Contains(mt.Tables, parts[1]) {
		return mt.Name, parts[1], true
	}
	return mt.Name, "", true
}

// FileResult is one sample file run through its managed type.
type FileResult struct {
	Type, Table string
	// File is the slash path under the logs folder.
	File string
	// Read counts input events (lines); Written the records that would
	// be written, Sidelined those that would be sidelined (with their
	// reasons in Sidelines), Aborted those the transform dropped on
	// purpose (abort: header lines and the like).
	Read, Written, Sidelined, Aborted int
	Sidelines                         []string
	// Elastic holds the comparison with the fixture's expected output,
	// nil when the file has none.
	Elastic *Comparison
}

// Shared runs every sample file under logsDir through its managed type.
// Types not shipped yet are reported as an error result, not skipped.
func Shared(ctx context.Context, tmp, logsDir string, only string) ([]FileResult, error) {
	var files []string
	err := filepath.WalkDir(logsDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(logsDir, p)
		rel = filepath.ToSlash(rel)
		n := d.Name()
		switch {
		case strings.HasSuffix(n, testrun.ExpectedSuffix), strings.HasSuffix(n, ".labels.jsonl"),
			strings.HasSuffix(n, ".yml"), strings.HasSuffix(n, ".md"):
			return nil
		}
		files = append(files, rel)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	projects := map[string]*load.Project{}
	var out []FileResult
	for _, rel := range files {
		typ, table, ok := routeOf(rel)
		if !ok || (only != "" && typ != only) {
			continue
		}
		p := projects[typ]
		if p == nil {
			mt, found := managed.Lookup(typ)
			if !found {
				return nil, fmt.Errorf("%s: managed type %s does not exist", rel, typ)
			}
			_, lp, diags, err := Load(tmp, mt, false)
			if err != nil {
				return nil, err
			}
			if diags.HasErrors() {
				return nil, fmt.Errorf("managed %s does not validate:\n%s", typ, diag.FormatText(diags))
			}
			p, projects[typ] = lp, lp
		}
		res, err := runFile(ctx, p, logsDir, rel, typ, table)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rel, err)
		}
		out = append(out, res)
	}
	return out, nil
}

// sampleClock is the ingest time of sample runs (VRL's now(), the
// default ts), fixed so that results are reproducible.
var sampleClock = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

func runFile(ctx context.Context, p *load.Project, logsDir, rel, typ, table string) (FileResult, error) {
	res := FileResult{Type: typ, Table: table, File: rel}
	lines, err := sampleEvents(filepath.Join(logsDir, filepath.FromSlash(rel)))
	if err != nil {
		return res, err
	}
	pv, err := ingest.NewPreviewer(ingest.PreviewConfig{Project: p, Source: typ, Table: table, Now: func() time.Time { return sampleClock }})
	if err != nil {
		return res, err
	}
	var outputs []map[string]any // first record of each line, for the comparison
	for _, line := range lines {
		res.Read++
		recs, err := pv.Preview(ctx, path.Base(rel), strings.NewReader(line+"\n"))
		if err != nil {
			return res, err
		}
		var first map[string]any
		for _, r := range recs {
			switch r.Kind {
			case "":
				res.Written++
				if first == nil {
					var m map[string]any
					if err := json.Unmarshal(value.AppendJSON(nil, r.Event), &m); err != nil {
						return res, err
					}
					first = m
				}
			case lake.KindVRLAbort:
				res.Aborted++
			default:
				res.Sidelined++
				res.Sidelines = append(res.Sidelines, fmt.Sprintf("event %d: %s: %s", res.Read, r.Kind, r.Message))
			}
		}
		outputs = append(outputs, first)
	}
	expected := filepath.Join(logsDir, filepath.FromSlash(rel)) + testrun.ExpectedSuffix
	if _, err := os.Stat(expected); err == nil {
		cmp, err := compareElastic(expected, outputs)
		if err != nil {
			return res, err
		}
		res.Elastic = cmp
	}
	return res, nil
}

// sampleEvents returns a sample file's events as raw lines: the file's
// non-empty lines, or for an Elastic `.json` fixture its
// events[].message strings.
func sampleEvents(file string) ([]string, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(file, ".json") {
		var doc struct {
			Events []struct {
				Message string `json:"message"`
			} `json:"events"`
		}
		if err := json.Unmarshal(b, &doc); err == nil && len(doc.Events) > 0 {
			out := make([]string, 0, len(doc.Events))
			for _, e := range doc.Events {
				out = append(out, e.Message)
			}
			return out, nil
		}
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		if line := strings.TrimRight(sc.Text(), "\r"); strings.TrimSpace(line) != "" {
			out = append(out, line)
		}
	}
	return out, sc.Err()
}

// elasticConfig is the part of an Elastic pipeline-test config that says
// which expected fields the harness set or let vary.
type elasticConfig struct {
	Fields        map[string]any    `yaml:"fields"`
	DynamicFields map[string]string `yaml:"dynamic_fields"`
}

// readElasticConfig reads <fixture>-config.yml, else the folder's
// test-common-config.yml.
func readElasticConfig(fixture string) elasticConfig {
	var cfg elasticConfig
	for _, name := range []string{strings.TrimSuffix(fixture, testrun.ExpectedSuffix) + "-config.yml", filepath.Join(filepath.Dir(fixture), "test-common-config.yml")} {
		if b, err := os.ReadFile(name); err == nil {
			_ = yaml.Unmarshal(b, &cfg)
			return cfg
		}
	}
	return cfg
}
