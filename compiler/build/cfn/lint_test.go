package cfn

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// lintIgnores are cfn-lint rules the test tolerates, each with the reason.
// Errors are never ignored without an entry here; warnings and
// informational findings are listed in the test log.
var lintIgnores = map[string]string{
	// None: every template is clean with informational checks enabled.
}

// cfnLint returns the command that runs cfn-lint: the cfn-lint program,
// or python3 -m cfnlint when only the module is installed.
func cfnLint(t *testing.T) []string {
	t.Helper()
	if p, err := exec.LookPath("cfn-lint"); err == nil {
		if exec.Command(p, "--version").Run() == nil {
			return []string{p}
		}
	}
	if py, err := exec.LookPath("python3"); err == nil {
		if exec.Command(py, "-c", "import cfnlint").Run() == nil {
			return []string{py, "-m", "cfnlint"}
		}
	}
	t.Skip("cfn-lint is not installed (pip install cfn-lint): the templates are not linted")
	return nil
}

// TestCfnLint lints every generated template (golden directories and the
// variants) in the regions the projects name, with informational checks
// on, and requires zero errors.
func TestCfnLint(t *testing.T) {
	if testing.Short() {
		t.Skip("cfn-lint takes tens of seconds; skipped with -short")
	}
	cmd := cfnLint(t)
	version, _ := exec.Command(cmd[0], append(cmd[1:], "--version")...).CombinedOutput()
	t.Logf("linting with %s", strings.TrimSpace(string(version)))

	dir := t.TempDir()
	regions := map[string]bool{"us-east-1": true}
	var files []string
	for _, ni := range allInputs(t) {
		if r := ni.in.Project.Config.AWS.Region; r != "" {
			regions[r] = true
		}
		out, err := Generate(ni.in)
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range out.Templates {
			path := filepath.Join(dir, ni.name, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, path)
		}
	}
	// A canary template with a known error proves that findings are
	// parsed and counted: if it comes back clean, the check is broken.
	canary := filepath.Join(dir, "canary", "broken.json")
	if err := os.MkdirAll(filepath.Dir(canary), 0o755); err != nil {
		t.Fatal(err)
	}
	const broken = `{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"NoSuchProperty": 1}}}}`
	if err := os.WriteFile(canary, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	files = append(files, canary)
	sort.Strings(files)
	args := append(cmd[1:], "--format", "parseable", "--include-checks", "I", "--regions")
	for r := range regions {
		args = append(args, r)
	}
	sort.Strings(args[len(args)-len(regions):])
	if len(lintIgnores) > 0 {
		args = append(args, "--ignore-checks")
		for rule := range lintIgnores {
			args = append(args, rule)
		}
	}
	args = append(args, "--")
	args = append(args, files...)
	var stdout, stderr bytes.Buffer
	c := exec.Command(cmd[0], args...)
	c.Stdout, c.Stderr = &stdout, &stderr
	err := c.Run()
	// cfn-lint's exit code is a bit mask of the severities it found
	// (2 errors, 4 warnings, 8 informational); the findings themselves
	// are judged below, so only a failure to run at all is fatal here.
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("running cfn-lint: %v", err)
	}
	if stderr.Len() > 0 {
		t.Logf("cfn-lint stderr:\n%s", stderr.String())
	}
	var errs, others, canaryErrs int
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		if line == "" {
			continue
		}
		// file:line:col:endline:endcol:RULE:message
		parts := strings.SplitN(line, ":", 7)
		rule := ""
		if len(parts) == 7 {
			rule = parts[5]
		}
		rel := strings.TrimPrefix(line, dir+string(filepath.Separator))
		switch {
		case strings.HasPrefix(line, canary):
			canaryErrs++
		case strings.HasPrefix(rule, "E"):
			errs++
			t.Errorf("cfn-lint error: %s", rel)
		case rule == "":
			errs++
			t.Errorf("cfn-lint output not understood: %s", rel)
		default:
			others++
			t.Logf("cfn-lint %s: %s", rule, rel)
		}
	}
	if canaryErrs == 0 {
		t.Errorf("cfn-lint found nothing wrong with the broken canary template; is the output format understood?\n%s", stdout.String())
	}
	t.Logf("cfn-lint: %d templates, %d errors, %d warnings/informational (and %d findings in the canary, as intended)",
		len(files)-1, errs, others, canaryErrs)
}

// TestTaggableResourcesAreTagged asks cfn-lint's bundled resource
// schemas which of the emitted types are taggable, so the tag check in
// TestPolicies cannot miss a type the generator starts to use.
func TestTaggableResourcesAreTagged(t *testing.T) {
	if testing.Short() {
		t.Skip("loading cfn-lint's schemas takes seconds; skipped with -short")
	}
	py, err := exec.LookPath("python3")
	if err != nil || exec.Command(py, "-c", "import cfnlint.schema.manager").Run() != nil {
		t.Skip("python3 with cfn-lint is not installed: taggability is only checked against the built-in list")
	}
	types := map[string]bool{}
	for _, ni := range allInputs(t) {
		_, decoded := generate(t, ni.in)
		for _, tmpl := range decoded {
			for _, r := range tmpl["Resources"].(map[string]any) {
				types[r.(map[string]any)["Type"].(string)] = true
			}
		}
	}
	var list []string
	for ty := range types {
		list = append(list, ty)
	}
	sort.Strings(list)
	script := `
import sys
from cfnlint.schema.manager import PROVIDER_SCHEMA_MANAGER as m
for t in sys.argv[1:]:
    s = m.get_resource_schema("us-east-1", t).schema
    print(t, bool(s.get("tagging", {}).get("taggable")) and "Tags" in s["properties"])
`
	out, err := exec.Command(py, append([]string{"-c", script}, list...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("reading cfn-lint schemas: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			t.Fatalf("unexpected line %q", line)
		}
		if want := f[1] == "True"; taggable[f[0]] != want {
			t.Errorf("%s: cfn-lint's schema says taggable=%v, the tag check says %v", f[0], want, taggable[f[0]])
		}
	}
}
