package schema

import (
	"strings"
	"testing"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/schemas/ecs"
)

func resolve(t *testing.T, names []string, fields ...load.Field) (*Schema, []Problem) {
	t.Helper()
	return Resolve(Input{Table: "t", ECSFieldNames: names, Fields: fields}, ecs.Default())
}

func TestResolveTypes(t *testing.T) {
	s, probs := resolve(t, []string{"source.ip", "source.port", "event.category", "dns.answers", "source.geo.location", "event.duration", "host.cpu.usage", "user"},
		load.Field{Name: "aws", Type: load.Type{Name: "struct", Fields: []load.Field{{Name: "region", Type: load.Type{Name: "string"}}}}})
	if len(probs) != 0 {
		t.Fatalf("problems: %+v", probs)
	}
	if s.Columns[0].Name != "ts" || s.Columns[0].Type.Kind != "timestamp" {
		t.Errorf("first column: %+v", s.Columns[0])
	}
	for _, tc := range []struct{ path, typ string }{
		{"source.ip", "string"},
		{"source.port", "long"},
		{"event.category", "list<string>"},
		{"event.duration", "long"},
		{"host.cpu.usage", "double"},
		{"source.geo.location", "struct<lat:double,lon:double>"},
		{"labels", "map<string,string>"},
		{"tags", "list<string>"},
		{"ecs.version", "string"},
		{"aws", "struct<region:string>"},
		{"user.name", "string"},
		{"user.roles", "list<string>"},
		{"source.user", ""}, // not selected: "user" is a top-level set only
	} {
		f := s.Lookup(tc.path)
		if tc.typ == "" {
			if f != nil {
				t.Errorf("%s: unexpectedly present", tc.path)
			}
			continue
		}
		if f == nil {
			t.Errorf("%s: missing", tc.path)
			continue
		}
		if got := f.Type.String(); got != tc.typ {
			t.Errorf("%s: got %s, want %s", tc.path, got, tc.typ)
		}
	}
	ans := s.Lookup("dns.answers")
	if ans == nil || ans.Type.Kind != "list" || ans.Type.Element.Type.Kind != "struct" ||
		!strings.Contains(ans.Type.String(), "name:string") {
		t.Errorf("dns.answers: %v", ans.Type)
	}
}

func TestResolveProblems(t *testing.T) {
	_, probs := resolve(t, []string{"source.ip", "sorce.port", "event.nonsense"},
		load.Field{Name: "source", Type: load.Type{Name: "string"}},
		load.Field{Name: "ts", Type: load.Type{Name: "string"}},
		load.Field{Name: "vendor", Type: load.Type{Name: "string"}})
	if len(probs) != 4 {
		t.Fatalf("want 4 problems, got %+v", probs)
	}
	if probs[0].Kind != UnknownECS || probs[0].Index != 1 || len(probs[0].Suggestions) == 0 || probs[0].Suggestions[0] != "source.port" {
		t.Errorf("unknown ECS: %+v", probs[0])
	}
	if probs[1].Kind != UnknownECS || probs[1].Index != 2 {
		t.Errorf("unknown ECS: %+v", probs[1])
	}
	if probs[2].Kind != Collision || probs[2].Index != 0 || probs[3].Kind != Collision || probs[3].Index != 1 {
		t.Errorf("collisions: %+v", probs[2:])
	}
}

func TestFieldIDsStable(t *testing.T) {
	a, _ := resolve(t, []string{"source", "event", "user"})
	b, _ := resolve(t, []string{"user", "event", "source"})
	seen := map[int]string{}
	var pathsA []string
	a.Walk(func(p string, f *Field) {
		if f.ID <= 0 {
			t.Errorf("%s has no id", p)
		}
		if q, dup := seen[f.ID]; dup {
			t.Errorf("id %d used by %s and %s", f.ID, q, p)
		}
		seen[f.ID] = p
		pathsA = append(pathsA, p)
	})
	i := 0
	b.Walk(func(p string, f *Field) {
		if pathsA[i] != p || seen[f.ID] != p {
			t.Fatalf("field %s id %d differs between runs", p, f.ID)
		}
		i++
	})
	if a.LastID != len(seen) {
		t.Errorf("LastID %d, %d fields", a.LastID, len(seen))
	}
	if a.Columns[0].ID != 1 {
		t.Errorf("ts id %d", a.Columns[0].ID)
	}
}
