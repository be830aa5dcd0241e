package managed_test

import (
	"context"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/managed"
	"github.com/matano-go/matano/managed/verify"
	"github.com/matano-go/matano/runtime/testrun"
)

var update = flag.Bool("update", false, "rewrite the golden expected files of the managed definitions")

// wantTypes are Matano's managed log source types with their tables (nil
// for a single-table type), as issue #8 lists them.
var wantTypes = map[string][]string{
	"aws_cloudtrail":            {"default", "digest", "insights"},
	"aws_config_history":        nil,
	"aws_elb":                   nil,
	"aws_inspector":             nil,
	"aws_route53_resolver_logs": nil,
	"aws_s3access":              nil,
	"aws_s3inventory":           nil,
	"aws_vpcflow":               nil,
	"aws_waf":                   nil,
	"cloudflare":                {"audit", "dns", "firewall_event", "http_request", "nel_report", "network_analytics", "spectrum_event"},
	"crowdstrike":               {"fdr"},
	"crowdstrike_falcon":        nil,
	"duo":                       {"admin", "auth", "offline_enrollment", "summary", "telephony"},
	"github_audit":              nil,
	"google_workspace":          {"admin", "alert", "login"},
	"o365":                      {"audit"},
	"okta":                      {"system"},
	"snyk":                      {"audit", "vulnerabilities"},
	"suricata":                  {"eve"},
	"zeek": {"capture_loss", "connection", "dce_rpc", "dhcp", "dnp3", "dns", "dpd", "files", "ftp", "http",
		"intel", "irc", "kerberos", "known_certs", "known_hosts", "known_services", "modbus", "mysql", "notice",
		"ntlm", "ntp", "ocsp", "pe", "radius", "rdp", "rfb", "signature", "sip", "smb_cmd", "smb_files",
		"smb_mapping", "smtp", "snmp", "socks", "software", "ssh", "ssl", "stats", "syslog", "traceroute",
		"tunnel", "weird", "x509"},
}

func TestTypes(t *testing.T) {
	got := map[string][]string{}
	for _, mt := range managed.Types() {
		got[mt.Name] = mt.Tables
	}
	for name, tables := range wantTypes {
		have, ok := got[name]
		if !ok {
			t.Errorf("managed type %s is missing", name)
			continue
		}
		if !slices.Equal(have, tables) {
			t.Errorf("%s tables = %v, want %v", name, have, tables)
		}
	}
	for name := range got {
		if _, ok := wantTypes[name]; !ok {
			t.Errorf("managed type %s is not one of Matano's", name)
		}
	}
}

// TestDefinitionFiles checks what the loader assumes of a definition: no
// name in log_source.yml, each table file named like its table, only
// known files, and a golden sample for every table.
func TestDefinitionFiles(t *testing.T) {
	for _, mt := range managed.Types() {
		t.Run(mt.Name, func(t *testing.T) {
			base := path.Join(managed.Dir, mt.Name)
			var top map[string]any
			readYAML(t, path.Join(base, "log_source.yml"), &top)
			if _, ok := top["name"]; ok {
				t.Errorf("log_source.yml has a name: the user's log source names a managed one")
			}
			for _, tbl := range mt.Tables {
				var tf map[string]any
				readYAML(t, path.Join(base, "tables", tbl+".yml"), &tf)
				if tf["name"] != tbl {
					t.Errorf("tables/%s.yml has name %v, want %s", tbl, tf["name"], tbl)
				}
			}
			covered := map[string]int{}
			entries, _ := fs.ReadDir(managed.FS(), path.Join(base, "test"))
			for _, e := range entries {
				if !strings.HasSuffix(e.Name(), testrun.ExpectedSuffix) {
					continue
				}
				b, err := fs.ReadFile(managed.FS(), path.Join(base, "test", e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				var recs []map[string]any
				if err := json.Unmarshal(b, &recs); err != nil {
					t.Fatalf("%s: %v", e.Name(), err)
				}
				for _, r := range recs {
					if _, side := r[testrun.SidelinedKey]; side {
						t.Errorf("%s holds a sidelined record: %v", e.Name(), r[testrun.SidelinedKey])
						continue
					}
					if _, aborted := r[testrun.AbortedKey]; aborted {
						continue
					}
					tbl, _ := r[testrun.TableKey].(string)
					covered[tbl]++
				}
			}
			if len(mt.Tables) <= 1 {
				if total(covered) == 0 {
					t.Errorf("no golden sample records")
				}
				return
			}
			for _, tbl := range mt.Tables {
				full := mt.Name + "_" + tbl
				if tbl == "default" {
					full = mt.Name
				}
				if covered[full] == 0 {
					t.Errorf("table %s has no golden sample record", full)
				}
			}
		})
	}
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func readYAML(t *testing.T, name string, v any) {
	t.Helper()
	b, err := fs.ReadFile(managed.FS(), name)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// TestValidate: every definition, used with all its tables, validates
// with no diagnostic at all (errors or warnings).
func TestValidate(t *testing.T) {
	for _, mt := range managed.Types() {
		t.Run(mt.Name, func(t *testing.T) {
			diags, err := verify.Validate(context.Background(), t.TempDir(), mt)
			if err != nil {
				t.Fatal(err)
			}
			if len(diags) > 0 {
				t.Errorf("diagnostics:\n%s", diag.FormatText(diags))
			}
		})
	}
}

// TestGolden runs every definition's golden samples; -update rewrites
// the expected files in this source tree (read them before committing).
func TestGolden(t *testing.T) {
	for _, mt := range managed.Types() {
		t.Run(mt.Name, func(t *testing.T) {
			saveTo := ""
			if *update {
				saveTo = filepath.Join(managed.Dir, mt.Name, "test")
			}
			rep, err := verify.Golden(context.Background(), t.TempDir(), mt, *update, saveTo)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Results) == 0 {
				t.Fatalf("no golden samples under %s/%s/test", managed.Dir, mt.Name)
			}
			for _, r := range rep.Results {
				if r.Status == testrun.Fail {
					t.Errorf("%s: %s\n%s", r.Name, r.Message, r.Diff)
				}
			}
		})
	}
}

// sharedLogs is the reference sample logs folder next to the project;
// absent on users' machines.
const sharedLogs = "../../shared/logs"

// TestShared runs the shared sample logs through their managed types:
// nothing may be sidelined, and our output must agree with Elastic's
// expected documents on every ECS field both produce.
func TestShared(t *testing.T) {
	if _, err := os.Stat(sharedLogs); err != nil {
		t.Skip("no ../shared/logs here (only present in the project's own environments)")
	}
	for _, mt := range managed.Types() {
		t.Run(mt.Name, func(t *testing.T) {
			res, err := verify.Shared(context.Background(), t.TempDir(), sharedLogs, mt.Name)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range res {
				t.Logf("%s → %s %s: read %d, written %d, sidelined %d, aborted %d", r.File, r.Type, r.Table, r.Read, r.Written, r.Sidelined, r.Aborted)
				for _, s := range r.Sidelines {
					t.Errorf("%s: sidelined %s", r.File, s)
				}
				if r.Written == 0 && r.Aborted == 0 && r.Read > 0 {
					t.Errorf("%s: nothing written from %d events", r.File, r.Read)
				}
				if c := r.Elastic; c != nil {
					t.Logf("  elastic: %d docs, %d fields compared, %d differ, %d excepted, %d fields only elastic has", c.Docs, c.Compared, len(c.Diffs), len(c.Excepted), len(c.OnlyElastic))
					for _, d := range c.Diffs {
						t.Errorf("%s: %s", r.File, d)
					}
				}
			}
		})
	}
}
