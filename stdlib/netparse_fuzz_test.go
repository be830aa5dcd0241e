package stdlib

import (
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// The parsers take untrusted log text: whatever the input, they must
// return a value or an error, never panic. The seeds run as unit tests;
// `go test -fuzz FuzzNetparse...` explores further.

func fuzzNetparse(f *testing.F, name string, seeds ...string) {
	fn, ok := Lookup(name)
	if !ok {
		f.Fatalf("%s not registered", name)
	}
	call, err := fn.Compile(&Args{List: make([]Arg, len(fn.Params()))})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		args := make([]value.Value, len(fn.Params()))
		present := make([]bool, len(fn.Params()))
		args[0], present[0] = value.Bytes(s), true
		call.Eval(&Context{}, args, present) //nolint:errcheck // only panics matter
	})
}

func FuzzNetparseURL(f *testing.F) {
	fuzzNetparse(f, "parse_url", "https://a:b@example.com:80/x/../y?q=1#f", "http://[::1]:0/", "foo:/a", "http://0x7f.1", "file:///tmp")
}

func FuzzNetparseALB(f *testing.F) {
	fuzzNetparse(f, "parse_aws_alb_log",
		`http 2018-11-30T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 - 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337364-23a8c76965a2ef7629b185e3" "-" "-" 0 2018-11-30T22:22:48.364000Z "forward" "-" "-" "-" "-" "-" "-"`,
		`h2 x`, `http 1 a b c 1 1 1 1 1 1 1 "\`)
}

func FuzzNetparseXML(f *testing.F) {
	fuzzNetparse(f, "parse_xml", `<a b="c"><d>1</d><d/><!-- x --><?p?></a>`, `<a>`, `text`, `<a></b>`)
}

func FuzzNetparseUserAgent(f *testing.F) {
	fuzzNetparse(f, "parse_user_agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X)", "BB10 Version/1 ", "DoCoMo/2.0 P903i(c100;TB;W24H12)")
}

func FuzzNetparseYAML(f *testing.F) {
	fuzzNetparse(f, "parse_yaml", "a: [1, {b: *x}]", "&x a: *x", "- - - -")
}

func FuzzNetparseCBOR(f *testing.F) {
	fuzzNetparse(f, "parse_cbor", "\xa1\x65field\x65value", "\x9f\x9f\xff\xff", "\xc1\x1a\x00\x00\x00\x01")
}
