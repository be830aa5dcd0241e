package ingest

import (
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

func TestFinish(t *testing.T) {
	f, err := newFinisher()
	if err != nil {
		t.Fatal(err)
	}
	v := `"` + ECSVersion + `"`
	tests := []struct {
		name, in, want string
		shared         bool
	}{
		{name: "json removed, version stamped",
			in:   `{"json":{"a":1},"ts":"t","x":"y"}`,
			want: `{"ecs":{"version":` + v + `},"ts":"t","x":"y"}`},
		{name: "empties removed recursively",
			in:   `{"a":null,"b":"","c":[],"d":{},"e":{"f":{"g":null},"h":[null,""]},"i":[1,null,{}]}`,
			want: `{"ecs":{"version":` + v + `},"i":[1]}`},
		{name: "existing ecs object kept",
			in:   `{"ecs":{"other":"x","version":"1.0"}}`,
			want: `{"ecs":{"other":"x","version":` + v + `}}`},
		{name: "ecs that is not an object replaced",
			in:   `{"ecs":"8.0"}`,
			want: `{"ecs":{"version":` + v + `}}`},
		{name: "shared input left as it was",
			in:     `{"json":{"a":1},"ecs":{"x":1},"n":null}`,
			want:   `{"ecs":{"version":` + v + `,"x":1}}`,
			shared: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := value.FromJSON([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if tt.shared {
				value.MarkShared(in)
			}
			before := string(value.AppendJSON(nil, in))
			out, err := f.finish(in)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(value.AppendJSON(nil, out)); got != tt.want {
				t.Errorf("finish(%s) = %s, want %s", tt.in, got, tt.want)
			}
			if tt.shared {
				if after := string(value.AppendJSON(nil, in)); after != before {
					t.Errorf("shared input changed: %s, was %s", after, before)
				}
			}
		})
	}
	if _, err := f.finish(value.Bytes("x")); err == nil {
		t.Error("finish of a string: no error")
	}
}
