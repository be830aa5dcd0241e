package ecs

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	c := Default()
	if len(c.Fields) < 2000 {
		t.Fatalf("catalogue has only %d fields", len(c.Fields))
	}
	for _, tc := range []struct {
		path, typ string
		array     bool
	}{
		{"@timestamp", "date", false},
		{"source.ip", "ip", false},
		{"source.port", "long", false},
		{"event.category", "keyword", true},
		{"related.ip", "ip", true},
		{"source.user.name", "keyword", false},
		{"dns.answers", "object", true},
	} {
		f, ok := c.Lookup(tc.path)
		if !ok || f.Type != tc.typ || f.Array != tc.array {
			t.Errorf("%s: got %+v %v, want type %s array %v", tc.path, f, ok, tc.typ, tc.array)
		}
	}
	if f, _ := c.Lookup("event.outcome"); len(f.Allowed) != 3 {
		t.Errorf("event.outcome allowed values: %v", f.Allowed)
	}
	if f, _ := c.Lookup("host.cpu.usage"); f.Scale != 1000 {
		t.Errorf("host.cpu.usage scale: %d", f.Scale)
	}
	if _, ok := c.Lookup("source.nope"); ok {
		t.Error("source.nope found")
	}
}

func TestUnder(t *testing.T) {
	c := Default()
	user := c.Under("source.user")
	if len(user) < 5 {
		t.Fatalf("source.user has %d fields", len(user))
	}
	for _, f := range user {
		if f.Path[:len("source.user.")] != "source.user." {
			t.Errorf("%s is not under source.user", f.Path)
		}
	}
	if n := len(c.Under("sourc")); n != 0 {
		t.Errorf("prefix must end at a dot; got %d fields", n)
	}
}

func TestNearest(t *testing.T) {
	got := Default().Nearest("sorce.ip", 3)
	if len(got) == 0 || got[0] != "source.ip" {
		t.Errorf("nearest to sorce.ip: %v", got)
	}
	got = Default().Nearest("usr", 3)
	if len(got) == 0 || got[0] != "user" {
		t.Errorf("nearest to usr: %v", got)
	}
}

// TestCatalogueUpToDate regenerates the catalogue from ../shared and
// compares it with the committed one. It skips when ../shared is absent.
func TestCatalogueUpToDate(t *testing.T) {
	src := filepath.Join("..", "..", "..", "shared", "ecs", "ecs_flat.yml")
	if _, err := os.Stat(src); err != nil {
		t.Skip("../shared/ecs not present")
	}
	out := filepath.Join(t.TempDir(), "catalogue.txt")
	cmd := exec.Command("go", "run", "./gen", "-in", src, "-out", out, "-version", "9.5.0-dev")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen: %v\n%s", err, b)
	}
	got, _ := os.ReadFile(out)
	want, _ := os.ReadFile("catalogue.txt")
	if string(got) != string(want) {
		t.Error("catalogue.txt is stale: run go generate ./schemas/ecs")
	}
}

func TestVersionMatchesCatalogue(t *testing.T) {
	if !strings.Contains(strings.SplitN(catalogue, "\n", 2)[0], "(ECS "+Version+")") {
		t.Errorf("catalogue header does not name ECS %s: %q", Version, strings.SplitN(catalogue, "\n", 2)[0])
	}
}
