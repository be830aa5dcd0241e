package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/matano-go/matano/compiler/build"
	"github.com/matano-go/matano/runtime/mototest"
)

// deployFakeCompiler stands in for go build: the moto deployment only
// needs a bootstrap file to zip, never to run.
type deployFakeCompiler struct{}

func (deployFakeCompiler) Version(context.Context) (string, error) { return "fake", nil }
func (deployFakeCompiler) Compile(_ context.Context, req build.BootstrapRequest) error {
	return os.WriteFile(req.Output, []byte("#!/bin/sh\n"), 0o755)
}

// logMotoUnsupported logs the resource types of the built templates that
// moto's CloudFormation skips (it reports them created but makes
// nothing), by asking moto's own resource model map.
func logMotoUnsupported(t *testing.T, out string) {
	t.Helper()
	types := map[string]bool{}
	for _, f := range []string{"matano-storage.json", "matano-pipeline.json"} {
		raw, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		var tpl struct {
			Resources map[string]struct{ Type string }
		}
		if err := json.Unmarshal(raw, &tpl); err != nil {
			t.Fatal(err)
		}
		for _, r := range tpl.Resources {
			types[r.Type] = true
		}
	}
	var list []string
	for typ := range types {
		list = append(list, typ)
	}
	sort.Strings(list)
	script := "import sys\nfrom moto.cloudformation.parsing import get_model_map\nm = get_model_map()\n" +
		"print('\\n'.join(t for t in sys.argv[1:] if t not in m))"
	res, err := exec.Command("python3", append([]string{"-c", script}, list...)...).CombinedOutput()
	if err != nil {
		t.Logf("could not ask moto which types it supports: %v: %s", err, res)
		return
	}
	t.Logf("template resource types: %s", strings.Join(list, ", "))
	t.Logf("types moto's CloudFormation only pretends to create: %s", strings.Join(strings.Fields(string(res)), ", "))
}

// TestDeployCommandsMoto builds a new directory (the real templates) and
// runs diff → deploy → deploy (no-op) → info → destroy against moto.
func TestDeployCommandsMoto(t *testing.T) {
	endpoint := mototest.Server(t)
	dir := initDir(t)
	old := buildCompiler
	buildCompiler = deployFakeCompiler{}
	t.Cleanup(func() { buildCompiler = old })
	if code, out, errs := run(t, "build", "--dir", dir); code != 0 {
		t.Fatalf("build: exit %d\n%s%s", code, out, errs)
	}
	logMotoUnsupported(t, filepath.Join(dir, ".matano", "build"))
	aws := []string{"--dir", dir, "--endpoint-url", endpoint, "--direct-apply", "--poll-interval", "20ms"}
	code, out, errs := run(t, append([]string{"diff"}, aws...)...)
	if code != 0 || !strings.Contains(out, "acme-lake-storage (new stack)") {
		t.Fatalf("diff: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = run(t, append([]string{"deploy"}, aws...)...)
	if code != 0 {
		t.Fatalf("deploy: exit %d\n%s%s", code, out, errs)
	}
	t.Logf("first deploy:\n%s", out)
	code, out, errs = run(t, append([]string{"deploy"}, aws...)...)
	if code != 0 || !strings.Contains(out, "nothing to deploy") {
		t.Fatalf("redeploy: exit %d\n%s%s", code, out, errs)
	}

	// A change: a new log source (a new table, new Lambda config).
	src := filepath.Join(dir, "log_sources", "app_audit")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "log_source.yml"), []byte(`name: app_audit
schema:
  ecs_field_names: [event.action, user.name]
transform: |
  .ts = now()
  .event.action = string(.json.action) ?? null
  .user.name = string(.json.user) ?? null
`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := run(t, "build", "--dir", dir); code != 0 {
		t.Fatalf("rebuild: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = run(t, append([]string{"diff"}, aws...)...)
	if code != 0 || strings.Contains(out, "(new stack)") || !strings.Contains(out, "+ app_audit (new table)") {
		t.Fatalf("diff after the change: exit %d\n%s%s", code, out, errs)
	}
	t.Logf("diff after adding a log source:\n%s", out)
	code, out, errs = run(t, append([]string{"deploy"}, aws...)...)
	if code != 0 || !strings.Contains(out, "tables: 1 created, 0 evolved, 2 unchanged (app_audit)") {
		t.Fatalf("deploy after the change: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = run(t, append([]string{"deploy"}, aws...)...)
	if code != 0 || !strings.Contains(out, "nothing to deploy") {
		t.Fatalf("redeploy after the change: exit %d\n%s%s", code, out, errs)
	}

	code, out, errs = run(t, append([]string{"info"}, aws...)...)
	if code != 0 || !strings.Contains(out, "acme-lake-storage: CREATE_COMPLETE") || !strings.Contains(out, "LakeBucket") {
		t.Fatalf("info: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = run(t, append([]string{"destroy"}, aws...)...)
	if code != 1 || !strings.Contains(errs, "destroy cancelled") {
		t.Fatalf("destroy without confirmation: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = run(t, append([]string{"destroy", "--yes"}, aws...)...)
	if code != 0 || !strings.Contains(out, "destroyed") {
		t.Fatalf("destroy: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = run(t, append([]string{"info"}, aws...)...)
	if code != 0 || !strings.Contains(out, "acme-lake-storage: not deployed") || !strings.Contains(out, "acme-lake-pipeline: not deployed") {
		t.Fatalf("info after destroy: exit %d\n%s", code, out)
	}
}
