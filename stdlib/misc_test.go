package stdlib

import (
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

func TestMiscFunctions(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "format_int", args: []any{42, 16}, want: `"2a"`},
		{fn: "format_int", args: []any{-42, 16}, want: `"-2a"`},
		{fn: "format_int", args: []any{42}, want: `"42"`},
		{fn: "format_int", args: []any{math.MinInt64, 2}, want: `"-1000000000000000000000000000000000000000000000000000000000000000"`},
		{fn: "format_int", args: []any{1, 37}, err: "invalid base 37: must be be between 2 and 36 (inclusive)"},
		{fn: "format_number", args: []any{1234567.89, 3, kwArg{"decimal_separator", "."}, kwArg{"grouping_separator", ","}}, want: `"1,234,567.890"`},
		{fn: "format_number", args: []any{4672.4, kwArg{"decimal_separator", ","}, kwArg{"grouping_separator", "_"}}, want: `"4_672,4"`},
		{fn: "format_number", args: []any{4321.09, 3, kwArg{"decimal_separator", "·"}}, want: `"4321·090"`},
		{fn: "format_number", args: []any{1234.567, 2}, want: `"1234.56"`},
		{fn: "format_number", args: []any{11_222_333_444.567_89, 3, kwArg{"decimal_separator", ","}, kwArg{"grouping_separator", "."}}, want: `"11.222.333.444,567"`},
		{fn: "format_number", args: []any{100.0}, want: `"100"`},
		{fn: "format_number", args: []any{100.0, 2}, want: `"100.00"`},
		{fn: "format_number", args: []any{123.45, 0}, want: `"123"`},
		{fn: "format_number", args: []any{12345, 2}, want: `"12345.00"`},
		{fn: "format_number", args: []any{0.1 + 0.2}, want: `"0.3"`},
		{fn: "format_number", args: []any{0.001}, want: `"0.001"`},
		{fn: "format_number", args: []any{1e20}, want: `"100000000000000000000"`},
		{fn: "format_number", args: []any{-1234.5, kwArg{"grouping_separator", ","}}, want: `"-1,234.5"`},
		{fn: "format_number", args: []any{-123456, kwArg{"grouping_separator", ","}}, want: `"-,123,456"`},
		{fn: "format_number", args: []any{123456.0, kwArg{"grouping_separator", ","}}, want: `",123,456"`},
		{fn: "haversine", args: []any{0.0, 0.0, 10.0, 10.0}, want: `{"distance": 1568.5227233, "bearing": 44.561}`},
		{fn: "haversine", args: []any{0.0, 0.0, 10.0, 10.0, kwArg{"measurement_unit", "miles"}}, want: `{"distance": 974.6348468, "bearing": 44.561}`},
		{fn: "haversine", args: []any{0.0, 0.0, 10.0, 10.0, kwArg{"measurement_unit", "parsecs"}}, compileErr: "E401"},
		{fn: "is_json", args: []any{"{}"}, want: `true`},
		{fn: "is_json", args: []any{"{"}, want: `false`},
		{fn: "is_json", args: []any{"{}", kwArg{"variant", "object"}}, want: `true`},
		{fn: "is_json", args: []any{"{}", kwArg{"variant", "array"}}, want: `false`},
		{fn: "is_json", args: []any{`"test"`}, want: `true`},
		{fn: "is_json", args: []any{" -1.5e3 ", kwArg{"variant", "number"}}, want: `true`},
		{fn: "is_json", args: []any{"{} x"}, want: `false`},
		{fn: "is_json", args: []any{strings.Repeat("[", 200) + strings.Repeat("]", 200)}, want: `true`},
		{fn: "is_json", args: []any{"{}", kwArg{"variant", "map"}}, compileErr: `invalid enum variant for argument "variant"`},
		{fn: "uuid_from_friendly_id", args: []any{"3s87yEvnmkiPBMHsj8bwwc"}, want: `"7f41deed-d5e2-8b5e-7a13-ab4ff93cfad2"`},
		{fn: "uuid_from_friendly_id", args: []any{""}, err: "failed to decode friendly id: Encoded input is an empty string"},
		{fn: "uuid_from_friendly_id", args: []any{"ab-c"}, err: "failed to decode friendly id: Encoded input contains the invalid byte b'-' at index 2"},
		{fn: "uuid_from_friendly_id", args: []any{"zzzzzzzzzzzzzzzzzzzzzz"}, err: "failed to decode friendly id: Decoded number cannot fit into a `u128`"},
		{fn: "random_bytes", args: []any{-1}, compileErr: `invalid argument "length" | error: Length cannot be negative | received: -1`},
		{fn: "random_bytes", args: []any{dynArg{value.Integer(70000)}}, err: "Length is too large. Maximum is 64k", fallible: boolPtr(true)},
		{fn: "random_int", args: []any{5, 5}, compileErr: "max must be greater than min"},
		{fn: "random_int", args: []any{dynArg{value.Integer(5)}, 5}, err: "max must be greater than min", fallible: boolPtr(true)},
		{fn: "random_float", args: []any{1.0, 0.5}, compileErr: "max must be greater than min"},
		{fn: "get_env_var", args: []any{"MATANO_SURELY_UNSET_VARIABLE"}, err: "environment variable not found"},
		{fn: "dns_lookup", args: []any{"dns.google"}, err: `function "dns_lookup" is disabled: matano transforms do not make network calls`, fallible: boolPtr(true)},
		{fn: "reverse_dns", args: []any{"127.0.0.1"}, err: `function "reverse_dns" is disabled: matano transforms do not make network calls`},
		{fn: "http_request", args: []any{"https://httpbin.org/get", kwArg{"method", "put"}}, err: `function "http_request" is disabled: matano transforms do not make network calls`},
	})

	if got := evalCall(t, "random_bytes", 16); len(got.Str()) != 16 {
		t.Errorf("random_bytes(16) has %d bytes", len(got.Str()))
	}
	for i := 0; i < 200; i++ {
		if n := evalCall(t, "random_int", 0, 10).Int(); n < 0 || n >= 10 {
			t.Fatalf("random_int out of range: %d", n)
		}
		if f := evalCall(t, "random_float", 0.0, 10.0).Flt(); f < 0 || f >= 10 {
			t.Fatalf("random_float out of range: %v", f)
		}
		if n := evalCall(t, "random_int", math.MinInt64, math.MaxInt64).Int(); n == math.MaxInt64 {
			t.Fatalf("random_int returned its exclusive max")
		}
	}
	if b := evalCall(t, "random_bool"); b.Type() != value.TypeBoolean {
		t.Errorf("random_bool returned %s", b.Type())
	}
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	if u := evalCall(t, "uuid_v4").Str(); !v4.MatchString(u) {
		t.Errorf("uuid_v4 = %s", u)
	}
	v7 := regexp.MustCompile(`^0176b5bd-5d19-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	if u := evalCall(t, "uuid_v7", tTS("2020-12-30T22:20:53.824727Z")).Str(); !v7.MatchString(u) {
		t.Errorf("uuid_v7(t) = %s", u)
	}
	// Without a timestamp uuid_v7 uses the context's clock.
	if u := evalCall(t, "uuid_v7").Str(); !strings.HasPrefix(u, "01776610-b7e7-7") {
		t.Errorf("uuid_v7() = %s", u)
	}
	if h := evalCall(t, "get_hostname"); h.Type() != value.TypeBytes || h.Str() == "" {
		t.Errorf("get_hostname = %v", h)
	}
}

func TestShannonEntropy(t *testing.T) {
	// Upstream's conformance checks: the three segmentations differ on
	// multi-byte text.
	emoji := "🙋🏿🇯🇵"
	b, c, g := shannonEntropy(emoji, "byte"), shannonEntropy(emoji, "codepoint"), shannonEntropy(emoji, "grapheme")
	if b == c || b == g || c == g {
		t.Errorf("segmentations agree on %q: %v %v %v", emoji, b, c, g)
	}
	if shannonEntropy("ƒoo", "codepoint") == shannonEntropy("ƒoo", "byte") {
		t.Errorf("codepoint and byte entropy of ƒoo agree")
	}
	floor4 := func(f float64) float64 { return math.Floor(f*1e4) / 1e4 }
	for _, c := range []struct {
		s, seg string
		want   float64
	}{
		{"vector.dev", "", 2.9219},
		{"test123%456.فوائد.net.", "", 4.0784},
		{"test123%456.فوائد.net.", "grapheme", 3.9362},
		{"test123%456.فوائد.net.", "codepoint", 3.9362},
		{"👨‍👩‍👧‍👦", "grapheme", 0},
		{"", "", 0},
		{"Supercalifragilisticexpialidocious", "", 3.7369},
	} {
		args := []any{c.s}
		if c.seg != "" {
			args = append(args, kwArg{"segmentation", c.seg})
		}
		if got := floor4(evalCall(t, "shannon_entropy", args...).Flt()); got != c.want {
			t.Errorf("shannon_entropy(%q, %s) = %v, want %v", c.s, c.seg, got, c.want)
		}
	}
}
