package main

import (
	"strings"
	"testing"
)

func TestSourcesList(t *testing.T) {
	code, out, errs := run(t, "sources", "list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"aws_cloudtrail", "default, digest, insights", "github_audit", "github", "zeek"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
}

func TestSourcesShow(t *testing.T) {
	code, out, errs := run(t, "sources", "show", "AWS_CLOUDTRAIL", "--files")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"name prefix: aws", "digest               → aws_cloudtrail_digest", "--- aws_cloudtrail/log_source.yml", "golden samples:"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	code, _, errs = run(t, "sources", "show", "aws_cloudtrial")
	if code != 2 || !strings.Contains(errs, `did you mean "aws_cloudtrail"?`) {
		t.Errorf("unknown type: exit %d, %s", code, errs)
	}
}

// The report counts every event of a sample folder: the VPC flow header
// line is dropped on purpose (aborted), the two records are written.
func TestSourcesReport(t *testing.T) {
	code, out, errs := run(t, "sources", "report", "--logs", "testdata/samplelogs")
	if code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "aws_vpcflow/vpcflow/sample.log") {
		t.Errorf("report lacks the file:\n%s", out)
	}
	var total string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "total") {
			total = strings.Join(strings.Fields(line), " ")
		}
	}
	if total != "total 1 3 2 0 1 0 0" {
		t.Errorf("total line = %q, want files 1, read 3, written 2, sidelined 0, aborted 1:\n%s", total, out)
	}
}
