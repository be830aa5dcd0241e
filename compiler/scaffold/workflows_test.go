package scaffold

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
)

// writeWorkflows scaffolds a directory and returns its workflow files.
func writeWorkflows(t *testing.T) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	if _, err := Write(dir, Options{Name: "acme", Account: "123456789012", Region: "eu-west-1"}, false); err != nil {
		t.Fatal(err)
	}
	paths, err := filepath.Glob(filepath.Join(dir, ".github", "workflows", "*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = b
	}
	if len(out) != 2 {
		t.Fatalf("workflows = %v, want matano-validate.yml and matano-deploy.yml", paths)
	}
	return out
}

// TestWorkflowsLint runs actionlint (as a library: syntax, expressions,
// action inputs, permissions, job dependencies; shellcheck on run
// scripts when it is installed) over the workflows init writes.
func TestWorkflowsLint(t *testing.T) {
	opts := &actionlint.LinterOptions{}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc
	}
	var logs bytes.Buffer
	l, err := actionlint.NewLinter(&logs, opts)
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range writeWorkflows(t) {
		errs, err := l.Lint(".github/workflows/"+name, src, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range errs {
			t.Errorf("%s:%d:%d: %s [%s]", name, e.Line, e.Column, e.Message, e.Kind)
		}
	}
	if t.Failed() {
		t.Log(logs.String())
	}
}

// workflow is the part of a workflow file the tests check.
type workflow struct {
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]struct {
		Needs       any               `yaml:"needs"`
		If          string            `yaml:"if"`
		Permissions map[string]string `yaml:"permissions"`
		Steps       []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func parseWorkflow(t *testing.T, src []byte) workflow {
	t.Helper()
	var w workflow
	if err := yaml.Unmarshal(src, &w); err != nil {
		t.Fatal(err)
	}
	return w
}

// TestWorkflowsContent pins what each workflow does, beyond being valid.
func TestWorkflowsContent(t *testing.T) {
	files := writeWorkflows(t)

	pr := parseWorkflow(t, files["matano-validate.yml"])
	if _, ok := pr.On["pull_request"]; !ok || len(pr.On) != 1 {
		t.Errorf("validate workflow triggers = %v, want pull_request", pr.On)
	}
	runs := func(job string, w workflow) string {
		var b strings.Builder
		for _, s := range w.Jobs[job].Steps {
			b.WriteString(s.Run + "\n")
		}
		return b.String()
	}
	for _, want := range []string{"matano validate --format github", "matano test --format github", "matano build"} {
		if !strings.Contains(runs("validate", pr), want) {
			t.Errorf("validate job does not run %q", want)
		}
	}
	diff := pr.Jobs["diff"]
	if diff.Needs != "validate" || !strings.Contains(diff.If, "head.repo.full_name == github.repository") {
		t.Errorf("diff job: needs %v, if %q", diff.Needs, diff.If)
	}
	if diff.Permissions["id-token"] != "write" || diff.Permissions["pull-requests"] != "write" {
		t.Errorf("diff job permissions = %v", diff.Permissions)
	}
	if d := runs("diff", pr); !strings.Contains(d, "matano diff --format markdown") || !strings.Contains(d, "gh pr comment") {
		t.Errorf("diff job does not post the diff:\n%s", d)
	}

	dep := parseWorkflow(t, files["matano-deploy.yml"])
	push, _ := dep.On["push"].(map[string]any)
	if branches, _ := push["branches"].([]any); len(branches) != 1 || branches[0] != "main" || len(dep.On) != 1 {
		t.Errorf("deploy workflow triggers = %v, want push to main", dep.On)
	}
	if dep.Permissions["id-token"] != "write" {
		t.Errorf("deploy permissions = %v, want id-token: write", dep.Permissions)
	}
	var creds bool
	for _, s := range dep.Jobs["deploy"].Steps {
		if strings.HasPrefix(s.Uses, "aws-actions/configure-aws-credentials@") {
			creds = s.With["role-to-assume"] == "${{ secrets.MATANO_ROLE_ARN }}" && s.With["aws-region"] == "eu-west-1"
		}
	}
	if !creds {
		t.Error("deploy job does not assume the role from secrets.MATANO_ROLE_ARN in the project's region")
	}
	if d := runs("deploy", dep); !strings.Contains(d, "matano deploy") || strings.Index(d, "matano build") > strings.Index(d, "matano deploy") {
		t.Errorf("deploy job must build, then deploy:\n%s", d)
	}
}
