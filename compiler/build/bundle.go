package build

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/runtime/python"
)

// DetectionsIndex is config/matano_detections.json in the detections
// bundle: which detections the Lambda loads and which tables each sees.
// The Python handler reads it at cold start instead of parsing YAML.
type DetectionsIndex struct {
	FormatVersion int                 `json:"format_version"`
	Detections    []DetectionEntry    `json:"detections"`
	Tables        map[string][]string `json:"tables"` // table → detection names, sorted
}

// DetectionEntry is one bundled (enabled) detection.
type DetectionEntry struct {
	Name   string      `json:"name"`
	Dir    string      `json:"dir"` // inside the bundle: detections/<name>
	Tables []string    `json:"tables"`
	Alert  AlertConfig `json:"alert"`
}

// AlertConfig is a detection's alert settings after Matano's defaults.
type AlertConfig struct {
	Severity                   string   `json:"severity"`
	Threshold                  int      `json:"threshold"`
	DeduplicationWindowMinutes int      `json:"deduplication_window_minutes"`
	Destinations               []string `json:"destinations"`
}

// skipJunk leaves out what never belongs in a bundle: hidden files and
// directories, Python caches and editor leftovers.
func skipJunk(p string, d fs.DirEntry) bool {
	name := d.Name()
	return strings.HasPrefix(name, ".") || name == "__pycache__" || strings.HasSuffix(name, ".pyc") || strings.HasSuffix(name, "~")
}

// configEntries is the bootstrap's config/ tree: the project files the Go
// handlers load with compiler/load (MATANO_CONFIG_DIR). Detections
// contribute only their detection.yml, which the alert writer needs for
// severities, thresholds and destinations; their Python ships in the
// detections bundle.
func configEntries(fsys fs.FS, p *load.Project) (entries, error) {
	var es entries
	data, err := fs.ReadFile(fsys, load.ConfigFile)
	if err != nil {
		return nil, err
	}
	es.add("config/"+load.ConfigFile, data, false)
	for _, dir := range []string{load.LogSourcesDir, load.EnrichmentDir, load.DestinationsDir} {
		if _, err := fs.Stat(fsys, dir); err != nil {
			continue
		}
		if err := es.addFS(fsys, dir, "config/"+dir+"/", skipJunk); err != nil {
			return nil, err
		}
	}
	for _, d := range uniqueDetections(p) {
		name := path.Join(load.DetectionsDir, d.Dir, load.DetectionFile)
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		es.add("config/"+name, data, false)
	}
	return es, nil
}

// bootstrapEntries is bootstrap.zip: the binary at the root, where
// provided.al2023 looks for it, and config/.
func bootstrapEntries(binary []byte, binarySum string, config entries) entries {
	return append(entries{{Name: "bootstrap", Data: binary, Executable: true, sum: binarySum}}, config...)
}

// detectionsEntries is detections.zip: the embedded `detection` package
// (with lambda_handler.py, the function's entry point), each enabled
// detection's files under detections/<name>/, and config/ with
// matano.config.yml, the detections' detection.yml files and the
// generated index. Disabled detections are left out entirely.
func detectionsEntries(fsys fs.FS, p *load.Project) (entries, error) {
	var es entries
	if err := es.addFS(python.FS(), "detection", "detection/", skipJunk); err != nil {
		return nil, fmt.Errorf("reading the embedded detection package: %w", err)
	}
	data, err := fs.ReadFile(fsys, load.ConfigFile)
	if err != nil {
		return nil, err
	}
	es.add("config/"+load.ConfigFile, data, false)
	index := DetectionsIndex{FormatVersion: 1, Detections: []DetectionEntry{}, Tables: map[string][]string{}}
	for _, d := range uniqueDetections(p) {
		if !d.Enabled {
			continue
		}
		src := path.Join(load.DetectionsDir, d.Dir)
		dst := path.Join(load.DetectionsDir, d.Name)
		ymlName := path.Join(src, load.DetectionFile)
		yml, err := fs.ReadFile(fsys, ymlName)
		if err != nil {
			return nil, err
		}
		es.add("config/"+path.Join(dst, load.DetectionFile), yml, false)
		skip := func(p string, e fs.DirEntry) bool {
			return skipJunk(p, e) || p == ymlName
		}
		if err := es.addFS(fsys, src, dst+"/", skip); err != nil {
			return nil, err
		}
		tables := append([]string{}, d.Tables...)
		sort.Strings(tables)
		dests := append([]string{}, d.Alert.Destinations...)
		index.Detections = append(index.Detections, DetectionEntry{
			Name: d.Name, Dir: dst, Tables: tables,
			Alert: AlertConfig{
				Severity: d.Alert.Severity, Threshold: d.Alert.Threshold,
				DeduplicationWindowMinutes: d.Alert.DeduplicationWindowMinutes, Destinations: dests,
			},
		})
		for _, t := range tables {
			index.Tables[t] = append(index.Tables[t], d.Name)
		}
	}
	sort.Slice(index.Detections, func(i, j int) bool { return index.Detections[i].Name < index.Detections[j].Name })
	for _, names := range index.Tables {
		sort.Strings(names)
	}
	js, err := json.MarshalIndent(index, "", "  ")
	if err != nil {
		return nil, err
	}
	es.add("config/matano_detections.json", append(js, '\n'), false)
	return es, nil
}

// uniqueDetections returns the project's detections once per folder, in
// folder order.
func uniqueDetections(p *load.Project) []*load.Detection {
	seen := map[string]bool{}
	var out []*load.Detection
	for _, d := range p.Detections {
		if seen[d.Dir] {
			continue
		}
		seen[d.Dir] = true
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Dir < out[j].Dir })
	return out
}

// requirementsWarnings names detections whose requirements.txt lists
// packages: an offline build cannot install them into the bundle.
func requirementsWarnings(p *load.Project) []string {
	var out []string
	for _, d := range uniqueDetections(p) {
		if !d.Enabled || d.Requirements == nil {
			continue
		}
		for _, line := range strings.Split(string(d.Requirements.Src), "\n") {
			line = strings.TrimSpace(line)
			if line != "" && !strings.HasPrefix(line, "#") {
				out = append(out, fmt.Sprintf("detection %s: requirements.txt is not installed into the detections bundle (the build is offline); vendor the packages next to detect.py", d.Name))
				break
			}
		}
	}
	return out
}
