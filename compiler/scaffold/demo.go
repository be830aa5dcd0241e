package scaffold

import (
	"bytes"
	"embed"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
)

// The demo directory (`matano demo`): the init template's web_auth source
// and detection, a managed CloudTrail log source, two CloudTrail detections, and
// sample logs under samples/<log source>/ that make every detection fire.
// It is fixed text, not a template: the demo has no options.
//
//go:embed demo
var demoFiles embed.FS

// DemoSamplesDir is the demo directory's folder of sample logs, one
// subfolder per log source, named like the source.
const DemoSamplesDir = "samples"

// demoConfig is the demo's matano.config.yml; a directory whose
// configuration is byte-identical is taken to be an earlier demo.
const demoConfig = "matano.config.yml"

// IsDemo reports whether dir holds a directory written by WriteDemo (its
// matano.config.yml is the demo's), so `matano demo` may write into it
// again without --force.
func IsDemo(dir string) bool {
	have, err := os.ReadFile(filepath.Join(dir, demoConfig))
	if err != nil {
		return false
	}
	want, err := demoFiles.ReadFile(path.Join("demo", demoConfig))
	return err == nil && bytes.Equal(have, want)
}

// DemoSources returns the log sources the demo has samples for, sorted;
// their samples are in <dir>/samples/<source>/.
func DemoSources() []string {
	entries, err := demoFiles.ReadDir(path.Join("demo", DemoSamplesDir))
	if err != nil {
		// The folder is embedded at build time; it can't be missing.
		panic("scaffold: demo samples: " + err.Error())
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// WriteDemo writes the demo directory into dir and returns the paths it
// wrote, relative to dir. dir must not exist, be empty or be an earlier
// demo (IsDemo) unless force is set. Rewriting an earlier demo writes the
// same bytes, so its samples stay "already ingested" for the local lake.
func WriteDemo(dir string, force bool) ([]string, error) {
	if !force && !IsDemo(dir) {
		entries, err := os.ReadDir(dir)
		if err == nil && len(entries) > 0 {
			return nil, fmt.Errorf("%s is not empty and not a matano demo directory (use --force to write into it)", dir)
		}
	}
	return writeTree(demoFiles, "demo", dir, nil)
}
