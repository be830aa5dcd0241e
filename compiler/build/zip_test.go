package build

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

func TestZipDeterministic(t *testing.T) {
	mk := func(order ...string) entries {
		var es entries
		for _, n := range order {
			es.add(n, []byte("content of "+n), n == "bootstrap")
		}
		if err := es.sort(); err != nil {
			t.Fatal(err)
		}
		return es
	}
	a, err := zipBytes(mk("b/x", "bootstrap", "a"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := zipBytes(mk("a", "b/x", "bootstrap"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("same files in another order gave different zips")
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		if string(data) != "content of "+f.Name {
			t.Errorf("%s: content %q", f.Name, data)
		}
	}
	if strings.Join(names, " ") != "a b/x bootstrap" {
		t.Errorf("names %v", names)
	}
}

func TestInputKey(t *testing.T) {
	base := entries{{Name: "a", Data: []byte("1")}, {Name: "b", Data: []byte("2")}}
	key := base.inputKey()
	variants := map[string]entries{
		"content":    {{Name: "a", Data: []byte("1")}, {Name: "b", Data: []byte("3")}},
		"name":       {{Name: "a", Data: []byte("1")}, {Name: "c", Data: []byte("2")}},
		"mode":       {{Name: "a", Data: []byte("1")}, {Name: "b", Data: []byte("2"), Executable: true}},
		"extra file": {{Name: "a", Data: []byte("1")}, {Name: "b", Data: []byte("2")}, {Name: "c"}},
	}
	for name, es := range variants {
		if es.inputKey() == key {
			t.Errorf("%s change kept the input key", name)
		}
	}
	// A precomputed sum stands for the data's hash.
	withSum := entries{{Name: "a", Data: []byte("1")}, {Name: "b", Data: []byte("2"), sum: sha256Hex([]byte("2"))}}
	if withSum.inputKey() != key {
		t.Error("a precomputed sum changed the key")
	}
	dup := entries{{Name: "a"}, {Name: "a"}}
	if err := dup.sort(); err == nil || !strings.Contains(err.Error(), "two files would be stored as a") {
		t.Errorf("duplicate names: %v", err)
	}
}
