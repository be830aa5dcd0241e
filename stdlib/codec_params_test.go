package stdlib

import (
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// codecUpstreamParams are the parameters upstream declares for this
// group's functions (keyword, accepted kinds, required), transcribed from
// each function's parameters(); the type checker relies on them.
var codecUpstreamParams = map[string][]Param{
	"crc":                   {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "algorithm", Kind: value.BitBytes, Required: false}},
	"decode_base16":         {{Keyword: "value", Kind: value.BitBytes, Required: true}},
	"decode_base64":         {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "charset", Kind: value.BitBytes, Required: false}},
	"decode_charset":        {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "from_charset", Kind: value.BitBytes, Required: true}},
	"decode_gzip":           {{Keyword: "value", Kind: value.BitBytes, Required: true}},
	"decode_lz4":            {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "buf_size", Kind: value.BitInteger, Required: false}, {Keyword: "prepended_size", Kind: value.BitBoolean, Required: false}},
	"decode_mime_q":         {{Keyword: "value", Kind: value.BitBytes, Required: true}},
	"decode_percent":        {{Keyword: "value", Kind: value.BitBytes, Required: true}},
	"decode_punycode":       {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "validate", Kind: value.BitBoolean, Required: false}},
	"decode_snappy":         {{Keyword: "value", Kind: value.BitBytes, Required: true}},
	"decode_zlib":           {{Keyword: "value", Kind: value.BitBytes, Required: true}},
	"decode_zstd":           {{Keyword: "value", Kind: value.BitBytes, Required: true}},
	"encode_base16":         {{Keyword: "value", Kind: value.BitBytes, Required: true}},
	"encode_base64":         {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "padding", Kind: value.BitBoolean, Required: false}, {Keyword: "charset", Kind: value.BitBytes, Required: false}},
	"encode_charset":        {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "to_charset", Kind: value.BitBytes, Required: true}},
	"encode_csv":            {{Keyword: "value", Kind: value.BitsAny, Required: true}, {Keyword: "delimiter", Kind: value.BitBytes, Required: false}},
	"encode_gzip":           {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "compression_level", Kind: value.BitInteger, Required: false}},
	"encode_json":           {{Keyword: "value", Kind: value.BitsAny, Required: true}, {Keyword: "pretty", Kind: value.BitBoolean, Required: false}},
	"encode_key_value":      {{Keyword: "value", Kind: value.BitObject, Required: true}, {Keyword: "fields_ordering", Kind: value.BitArray, Required: false}, {Keyword: "key_value_delimiter", Kind: value.BitBytes, Required: false}, {Keyword: "field_delimiter", Kind: value.BitBytes, Required: false}, {Keyword: "flatten_boolean", Kind: value.BitBoolean, Required: false}},
	"encode_logfmt":         {{Keyword: "value", Kind: value.BitObject, Required: true}, {Keyword: "fields_ordering", Kind: value.BitArray, Required: false}},
	"encode_lz4":            {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "prepend_size", Kind: value.BitBoolean, Required: false}},
	"encode_percent":        {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "ascii_set", Kind: value.BitBytes, Required: false}},
	"encode_punycode":       {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "validate", Kind: value.BitBoolean, Required: false}},
	"encode_snappy":         {{Keyword: "value", Kind: value.BitBytes, Required: true}},
	"encode_zlib":           {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "compression_level", Kind: value.BitInteger, Required: false}},
	"encode_zstd":           {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "compression_level", Kind: value.BitInteger, Required: false}},
	"encrypt":               {{Keyword: "plaintext", Kind: value.BitBytes, Required: true}, {Keyword: "algorithm", Kind: value.BitBytes, Required: true}, {Keyword: "key", Kind: value.BitBytes, Required: true}, {Keyword: "iv", Kind: value.BitBytes, Required: true}},
	"decrypt":               {{Keyword: "ciphertext", Kind: value.BitBytes, Required: true}, {Keyword: "algorithm", Kind: value.BitBytes, Required: true}, {Keyword: "key", Kind: value.BitBytes, Required: true}, {Keyword: "iv", Kind: value.BitBytes, Required: true}},
	"hmac":                  {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "key", Kind: value.BitBytes, Required: true}, {Keyword: "algorithm", Kind: value.BitBytes, Required: false}},
	"md5":                   {{Keyword: "value", Kind: value.BitBytes, Required: true}},
	"sha1":                  {{Keyword: "value", Kind: value.BitBytes, Required: true}},
	"sha2":                  {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "variant", Kind: value.BitBytes, Required: false}},
	"sha3":                  {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "variant", Kind: value.BitBytes, Required: false}},
	"seahash":               {{Keyword: "value", Kind: value.BitBytes, Required: true}},
	"xxhash":                {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "variant", Kind: value.BitBytes, Required: false}},
	"shannon_entropy":       {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "segmentation", Kind: value.BitBytes, Required: false}},
	"random_bool":           {},
	"random_bytes":          {{Keyword: "length", Kind: value.BitInteger, Required: true}},
	"random_float":          {{Keyword: "min", Kind: value.BitFloat, Required: true}, {Keyword: "max", Kind: value.BitFloat, Required: true}},
	"random_int":            {{Keyword: "min", Kind: value.BitInteger, Required: true}, {Keyword: "max", Kind: value.BitInteger, Required: true}},
	"uuid_v4":               {},
	"uuid_v7":               {{Keyword: "timestamp", Kind: value.BitTimestamp, Required: false}},
	"uuid_from_friendly_id": {{Keyword: "value", Kind: value.BitBytes, Required: true}},
	"redact":                {{Keyword: "value", Kind: value.BitBytes | value.BitObject | value.BitArray, Required: true}, {Keyword: "filters", Kind: value.BitArray, Required: true}, {Keyword: "redactor", Kind: value.BitObject | value.BitBytes, Required: false}},
	"match_datadog_query":   {{Keyword: "value", Kind: value.BitObject, Required: true}, {Keyword: "query", Kind: value.BitBytes, Required: true}},
	"validate_json_schema":  {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "schema_definition", Kind: value.BitBytes, Required: true}, {Keyword: "ignore_unknown_formats", Kind: value.BitBoolean, Required: false}},
	"haversine":             {{Keyword: "latitude1", Kind: value.BitFloat, Required: true}, {Keyword: "longitude1", Kind: value.BitFloat, Required: true}, {Keyword: "latitude2", Kind: value.BitFloat, Required: true}, {Keyword: "longitude2", Kind: value.BitFloat, Required: true}, {Keyword: "measurement_unit", Kind: value.BitBytes, Required: false}},
	"format_int":            {{Keyword: "value", Kind: value.BitInteger, Required: true}, {Keyword: "base", Kind: value.BitInteger, Required: false}},
	"format_number":         {{Keyword: "value", Kind: value.BitInteger | value.BitFloat, Required: true}, {Keyword: "scale", Kind: value.BitInteger, Required: false}, {Keyword: "decimal_separator", Kind: value.BitBytes, Required: false}, {Keyword: "grouping_separator", Kind: value.BitBytes, Required: false}},
	"is_json":               {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "variant", Kind: value.BitBytes, Required: false}},
	"get_env_var":           {{Keyword: "name", Kind: value.BitBytes, Required: true}},
	"get_hostname":          {},
	"dns_lookup":            {{Keyword: "value", Kind: value.BitBytes, Required: true}, {Keyword: "qtype", Kind: value.BitBytes, Required: false}, {Keyword: "class", Kind: value.BitBytes, Required: false}, {Keyword: "options", Kind: value.BitObject, Required: false}},
	"reverse_dns":           {{Keyword: "value", Kind: value.BitBytes, Required: true}},
	"http_request":          {{Keyword: "url", Kind: value.BitBytes, Required: true}, {Keyword: "method", Kind: value.BitBytes, Required: false}, {Keyword: "headers", Kind: value.BitObject, Required: false}, {Keyword: "body", Kind: value.BitBytes, Required: false}, {Keyword: "http_proxy", Kind: value.BitBytes, Required: false}, {Keyword: "https_proxy", Kind: value.BitBytes, Required: false}, {Keyword: "redact_headers", Kind: value.BitBoolean, Required: false}},
}

func TestCodecParamsMatchUpstream(t *testing.T) {
	if len(codecUpstreamParams) != 55 {
		t.Fatalf("want 55 functions, have %d", len(codecUpstreamParams))
	}
	for name, want := range codecUpstreamParams {
		f, ok := Lookup(name)
		if !ok {
			t.Errorf("%s is not registered", name)
			continue
		}
		got := f.Params()
		if len(got) != len(want) {
			t.Errorf("%s: %d params, want %d", name, len(got), len(want))
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s param %d = %+v, want %+v", name, i, got[i], want[i])
			}
		}
	}
}

var _ = value.BitBytes
