package schema

import (
	"strings"
	"testing"
)

func TestDDL(t *testing.T) {
	s, _ := resolve(t, []string{"source.ip", "source.port", "event.category", "user.name"})
	var b strings.Builder
	if err := WriteDDL(&b, s, "matano", "s3://lake/t"); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"CREATE TABLE matano.t (\n  ts timestamp,\n",
		"  event struct<category:array<string>>,\n",
		"  source struct<ip:string,port:bigint>,\n",
		"  `user` struct<name:string>\n)",
		"labels map<string,string>",
		"PARTITIONED BY (hour(ts))",
		"LOCATION 's3://lake/t'",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("DDL lacks %q:\n%s", want, got)
		}
	}
}

func TestTree(t *testing.T) {
	s, _ := resolve(t, []string{"source.ip", "source.port", "dns.answers.name"})
	var b strings.Builder
	if err := WriteTree(&b, s); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"ts: timestamp [1]\n",
		"dns: struct [",
		"└── answers: list<struct> [",
		"    └── name: string [",
		"source: struct [",
		"├── ip: string [",
		"└── port: long [",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("tree lacks %q:\n%s", want, got)
		}
	}
	if s.LeafCount() < 6 {
		t.Errorf("leaf count %d", s.LeafCount())
	}
}
