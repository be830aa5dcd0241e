package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// demoRules are the detections the demo's samples must each activate.
var demoRules = []string{"aws_root_credentials", "cloudtrail_access_denied_burst", "web_auth_brute_force"}

// TestDemo runs `matano demo` end to end: the directory validates with no
// warnings, every table has its sample rows, every detection activates an
// alert, and a second run ingests nothing.
func TestDemo(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is required to run the demo's detections")
	}
	dir := filepath.Join(t.TempDir(), "demo")
	code, out, errs := run(t, "demo", dir)
	if code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errs)
	}
	for _, want := range append([]string{
		"valid: no problems found",
		"written aws_cloudtrail: 30",
		"written web_auth: 12",
		"TABLE", "matano_alerts",
		"203.0.113.50",
		"Next steps:", "--dir " + dir,
	}, demoRules...) {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}

	code, out, errs = run(t, "validate", "--dir", dir)
	if code != 0 || strings.TrimSpace(out) != "valid: no problems found" {
		t.Errorf("validate: exit %d, want no problems at all\n%s%s", code, out, errs)
	}

	code, out, errs = run(t, "test", "--dir", dir)
	if code != 0 || !strings.Contains(out, "0 failed") {
		t.Errorf("test: exit %d\n%s%s", code, out, errs)
	}

	counts := func() string {
		t.Helper()
		code, out, errs := run(t, "query", "--dir", dir, "--format", "csv",
			`SELECT 'aws_cloudtrail' AS t, count(*) AS n FROM aws_cloudtrail
			 UNION ALL SELECT 'web_auth', count(*) FROM web_auth
			 UNION ALL SELECT 'matano_alerts', count(*) FROM matano_alerts ORDER BY t`)
		if code != 0 {
			t.Fatalf("count query: exit %d\n%s%s", code, out, errs)
		}
		return out
	}
	before := counts()
	if want := "t,n\naws_cloudtrail,30\nmatano_alerts,19\nweb_auth,12\n"; before != want {
		t.Errorf("row counts:\n%s\nwant:\n%s", before, want)
	}

	code, out, errs = run(t, "query", "--dir", dir, "--format", "csv",
		`SELECT matano.alert.rule.name AS rule, count(DISTINCT matano.alert.id) AS alerts
		 FROM matano_alerts WHERE matano.alert.activated GROUP BY ALL ORDER BY rule`)
	if want := "rule,alerts\naws_root_credentials,1\ncloudtrail_access_denied_burst,1\nweb_auth_brute_force,1\n"; code != 0 || out != want {
		t.Errorf("activated alerts: exit %d\n%s%s\nwant:\n%s", code, out, errs, want)
	}

	// Again: the directory is recognised as a demo and nothing is ingested.
	code, out, errs = run(t, "demo", dir)
	if code != 0 {
		t.Fatalf("second demo: exit %d\n%s%s", code, out, errs)
	}
	if strings.Contains(out, "written aws_cloudtrail") || strings.Contains(out, "written web_auth") ||
		strings.Count(out, "ingested 0 object(s)") != 2 || !strings.Contains(out, "Refreshed the demo directory") {
		t.Errorf("second demo ingested again:\n%s", out)
	}
	if after := counts(); after != before {
		t.Errorf("second demo changed the lake:\n%s\nwas:\n%s", after, before)
	}
}

// TestDemoRefusesForeignDir: a non-empty directory that is not a demo is
// left alone without --force, also as the default ./matano-demo.
func TestDemoRefusesForeignDir(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		dir  string
	}{
		{"named", []string{"demo", "DIR"}, "mine"},
		{"default", []string{"demo"}, demoDefaultDir},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wd := t.TempDir()
			t.Chdir(wd)
			keep := filepath.Join(wd, tc.dir, "notes.txt")
			if err := os.MkdirAll(filepath.Dir(keep), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(keep, []byte("mine\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			args := append([]string(nil), tc.args...)
			for i, a := range args {
				if a == "DIR" {
					args[i] = tc.dir
				}
			}
			code, out, errs := run(t, args...)
			if code != 2 || !strings.Contains(errs, "not a matano demo directory") {
				t.Errorf("exit %d\n%s%s", code, out, errs)
			}
			if entries, _ := os.ReadDir(filepath.Dir(keep)); len(entries) != 1 {
				t.Errorf("demo wrote into a foreign directory: %d entries", len(entries))
			}
		})
	}
}
