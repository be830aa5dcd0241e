package typecheck

import (
	"testing"

	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/vrl/value"
)

func prim(kind string) *schema.Type { return &schema.Type{Kind: kind} }

func listOf(t *schema.Type) *schema.Type {
	return &schema.Type{Kind: "list", Element: &schema.Field{Name: "element", Type: t}}
}

func mapOf(t *schema.Type) *schema.Type {
	return &schema.Type{Kind: "map", Key: &schema.Field{Name: "key", Type: prim("string")}, Value: &schema.Field{Name: "value", Type: t}}
}

func structOf(fields ...*schema.Field) *schema.Type {
	return &schema.Type{Kind: "struct", Fields: fields}
}

func field(name string, t *schema.Type) *schema.Field { return &schema.Field{Name: name, Type: t} }

func arrayOf(k value.Kind) value.Kind { return value.KindArrayOf(nil, k.Ptr()) }

func objectOf(known map[string]value.Kind) value.Kind { return value.KindObjectOf(known, nil) }

func bits(b value.KindBits) value.Kind { return value.Kind{Bits: b} }

// TestWritable pins the rule table to the lake writer's cast rules
// (runtime/lake/cast): each row is one rule or one exclusion.
func TestWritable(t *testing.T) {
	src := structOf(field("ip", prim("string")), field("port", prim("long")))
	tests := []struct {
		name string
		k    value.Kind
		t    *schema.Type
		want Verdict
		path string
	}{
		{"bytes→string", value.KindBytes, prim("string"), Fits, ""},
		{"bytes→binary", value.KindBytes, prim("binary"), Fits, ""},
		{"bytes→uuid", value.KindBytes, prim("uuid"), Fits, ""},
		{"integer→long", value.KindInteger, prim("long"), Fits, ""},
		{"integer→int", value.KindInteger, prim("int"), Fits, ""},
		{"float→double", value.KindFloat, prim("double"), Fits, ""},
		{"float→float", value.KindFloat, prim("float"), Fits, ""},
		{"integer→double", value.KindInteger, prim("double"), Fits, ""},
		{"integer→float", value.KindInteger, prim("float"), Fits, ""},
		{"integer→decimal", value.KindInteger, &schema.Type{Kind: "decimal", Precision: 10, Scale: 2}, Fits, ""},
		{"boolean→boolean", value.KindBoolean, prim("boolean"), Fits, ""},
		{"timestamp→timestamp", value.KindTimestamp, prim("timestamp"), Fits, ""},
		{"timestamp→date", value.KindTimestamp, prim("date"), Fits, ""},
		{"null→long", value.KindNull, prim("long"), Fits, ""},
		{"null→struct", value.KindNull, src, Fits, ""},
		{"integer or null→long", bits(value.BitInteger | value.BitNull), prim("long"), Fits, ""},

		{"float→long", value.KindFloat, prim("long"), Mismatch, ""},
		{"float→int", value.KindFloat, prim("int"), Mismatch, ""},
		{"bytes→timestamp", value.KindBytes, prim("timestamp"), Mismatch, ""},
		{"bytes→long", value.KindBytes, prim("long"), Mismatch, ""},
		{"bytes→double", value.KindBytes, prim("double"), Mismatch, ""},
		{"integer→string", value.KindInteger, prim("string"), Mismatch, ""},
		{"timestamp→string", value.KindTimestamp, prim("string"), Mismatch, ""},
		{"integer→timestamp", value.KindInteger, prim("timestamp"), Mismatch, ""},
		{"object→string", value.KindObjectAny(), prim("string"), Mismatch, ""},
		{"regex→string", value.KindRegex, prim("string"), Mismatch, ""},
		{"array→struct", value.KindArrayAny(), src, Mismatch, ""},
		{"bytes→list", value.KindBytes, listOf(prim("string")), Mismatch, ""},
		{"timestamp→time", value.KindTimestamp, prim("time"), Mismatch, ""},
		{"string or integer→long", bits(value.BitBytes | value.BitInteger), prim("long"), Mismatch, ""},

		{"any→long", value.KindAny(), prim("long"), Maybe, ""},
		{"json→string", value.KindJSON(), prim("string"), Maybe, ""},
		{"any→timestamp", value.KindAny(), prim("timestamp"), Maybe, ""},

		{"array of bytes→list<string>", arrayOf(value.KindBytes), listOf(prim("string")), Fits, ""},
		{"array of integer→list<string>", arrayOf(value.KindInteger), listOf(prim("string")), Mismatch, "[]"},
		{"[1]→list<string>", value.KindArrayOf(map[string]value.Kind{"0": value.KindInteger}, nil), listOf(prim("string")), Mismatch, "[0]"},
		{"empty array→list<string>", value.KindArrayOf(map[string]value.Kind{}, nil), listOf(prim("string")), Fits, ""},
		{"array of any→list<long>", value.KindArrayAny(), listOf(prim("long")), Maybe, "[]"},

		{"object→struct", objectOf(map[string]value.Kind{"ip": value.KindBytes, "port": value.KindInteger}), src, Fits, ""},
		{"object with extra field→struct", objectOf(map[string]value.Kind{"ip": value.KindBytes, "zone": value.KindInteger}), src, Fits, ""},
		{"object wrong field→struct", objectOf(map[string]value.Kind{"port": value.KindBytes}), src, Mismatch, "port"},
		{"object of any→struct", value.KindObjectAny(), src, Maybe, "ip"},
		{"object of integers→struct", value.KindObjectOf(nil, value.KindInteger.Ptr()), src, Maybe, "ip"},

		{"object of bytes→map<string,string>", value.KindObjectOf(nil, value.KindBytes.Ptr()), mapOf(prim("string")), Fits, ""},
		{"object with integer→map<string,string>", objectOf(map[string]value.Kind{"a": value.KindInteger}), mapOf(prim("string")), Mismatch, "a"},
		{"object of integers→map<string,string>", value.KindObjectOf(nil, value.KindInteger.Ptr()), mapOf(prim("string")), Mismatch, "*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Fit(tt.k, tt.t)
			if m.Verdict != tt.want || m.Path != tt.path {
				t.Errorf("Fit(%s, %s) = %s at %q (%s), want %s at %q", tt.k, tt.t, m.Verdict, m.Path, m.Reason(), tt.want, tt.path)
			}
			ok, maybe, reason := Writable(tt.k, tt.t)
			if ok != (tt.want == Fits) || maybe != (tt.want == Maybe) || (reason == "") != (tt.want == Fits) {
				t.Errorf("Writable = %v, %v, %q; want verdict %s", ok, maybe, reason, tt.want)
			}
		})
	}
}

func TestSuggestFix(t *testing.T) {
	tests := []struct {
		bad  value.Kind
		want *schema.Type
		fix  string
	}{
		{value.KindBytes, prim("long"), "to_int!(E)"},
		{value.KindFloat, prim("long"), "to_int(E)"},
		{value.KindTimestamp, prim("long"), "to_unix_timestamp(E)"},
		{value.KindBytes, prim("double"), "to_float!(E)"},
		{value.KindInteger, prim("string"), "to_string(E)"},
		{value.KindObjectAny(), prim("string"), "encode_json(E)"},
		{value.KindTimestamp, prim("string"), `format_timestamp!(E, "%+")`},
		{value.KindBytes, prim("boolean"), "to_bool!(E)"},
		{value.KindBytes, prim("timestamp"), `parse_timestamp!(E, "%+")`},
		{value.KindInteger, prim("timestamp"), "from_unix_timestamp!(E)"},
		{value.KindBytes, listOf(prim("string")), "[E]"},
		{value.KindBytes, structOf(), "object!(parse_json!(E))"},
	}
	for _, tt := range tests {
		if got := suggestFix(tt.bad, tt.want, "E"); got != tt.fix {
			t.Errorf("suggestFix(%s, %s) = %q, want %q", tt.bad, tt.want, got, tt.fix)
		}
	}
}
