package stdlib

import (
	"strings"
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

func TestCodecBase(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "decode_base16", args: []any{"736F6D6520737472696E672076616C7565"}, want: `"some string value"`},
		{fn: "decode_base16", args: []any{"796f752068617665207375636365737366756c6c79206465636f646564206d65"}, want: `"you have successfully decoded me"`},
		{fn: "decode_base16", args: []any{"zz"}, err: "unable to decode value to base16"},
		{fn: "encode_base16", args: []any{"some string value"}, want: `"736f6d6520737472696e672076616c7565"`},
		{fn: "decode_base64", args: []any{"eW91IGhhdmUgc3VjY2Vzc2Z1bGx5IGRlY29kZWQgbWU="}, want: `"you have successfully decoded me"`},
		{fn: "decode_base64", args: []any{"eW91IGNhbid0IG1ha2UgeW91ciBoZWFydCBmZWVsIHNvbWV0aGluZyBpdCB3b24ndA==", kwArg{"charset", "url_safe"}}, want: `"you can't make your heart feel something it won't"`},
		{fn: "decode_base64", args: []any{"c29tZSBzdHJpbmcgdmFsdWU"}, want: `"some string value"`},
		{fn: "decode_base64", args: []any{"c29tZSBzdHJpbmcgdmFsdWU==="}, want: `"some string value"`},
		{fn: "decode_base64", args: []any{"a+/b", kwArg{"charset", "url_safe"}}, err: "unable to decode value from base64"},
		{fn: "decode_base64", args: []any{"YQ", kwArg{"charset", "nope"}}, err: "unknown charset"},
		{fn: "encode_base64", args: []any{"please encode me"}, want: `"cGxlYXNlIGVuY29kZSBtZQ=="`},
		{fn: "encode_base64", args: []any{"please encode me, no padding though", kwArg{"padding", false}}, want: `"cGxlYXNlIGVuY29kZSBtZSwgbm8gcGFkZGluZyB0aG91Z2g"`},
		{fn: "encode_base64", args: []any{"please encode me, but safe for URLs", kwArg{"charset", "url_safe"}}, want: `"cGxlYXNlIGVuY29kZSBtZSwgYnV0IHNhZmUgZm9yIFVSTHM="`},
		{fn: "encode_base64", args: []any{"some string value", kwArg{"padding", false}, kwArg{"charset", "url_safe"}}, want: `"c29tZSBzdHJpbmcgdmFsdWU"`},
	})
}

func TestCodecCharset(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "decode_charset", args: []any{tB64("vsiz58fPvLy/5A=="), "euc-kr"}, want: `"안녕하세요"`},
		{fn: "decode_charset", args: []any{tB64("pLOk86TLpMGkzw=="), "euc-jp"}, want: `"こんにちは"`},
		{fn: "decode_charset", args: []any{tB64("xOO6ww=="), "gb2312"}, want: `"你好"`},
		{fn: "decode_charset", args: []any{"abc", "nope"}, err: "Unknown charset: nope"},
		{fn: "encode_charset", args: []any{"nope", "nope"}, err: "Unknown charset: nope"},
	})
	for _, c := range []struct{ text, charset, b64 string }{
		{"안녕하세요", "euc-kr", "vsiz58fPvLy/5A=="},
		{"こんにちは", "euc-jp", "pLOk86TLpMGkzw=="},
		{"你好", "gb2312", "xOO6ww=="},
	} {
		got := evalCall(t, "encode_base64", evalCall(t, "encode_charset", c.text, c.charset))
		if got.Str() != c.b64 {
			t.Errorf("encode_charset(%q, %q) = %s, want %s", c.text, c.charset, got.Str(), c.b64)
		}
	}
	// Characters the target cannot hold become numeric character references.
	if got := evalCall(t, "encode_charset", "a☃", "latin1").Str(); got != "a&#9731;" {
		t.Errorf("unmappable: got %q", got)
	}
}

func TestCodecCompression(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "decode_gzip", args: []any{tB64("H4sIAB8BymMAAyvISU0sTlVISU3OT0lVyE0FAJsZ870QAAAA")}, want: `"please decode me"`},
		{fn: "decode_gzip", args: []any{"not gzip"}, err: "unable to decode value with Gzip decoder"},
		{fn: "decode_zlib", args: []any{tB64("eJxLzUvOT0mNz00FABI5A6A=")}, want: `"encode_me"`},
		{fn: "decode_zlib", args: []any{"xx"}, err: "unable to decode value with Zlib decoder"},
		{fn: "decode_zstd", args: []any{tB64("KLUv/QBY/QEAYsQOFKClbQBedqXsb96EWDax/f/F/z+gNU4ZTInaUeAj82KqPFjUzKqhcfDqAIsLvAsnY1bI/N2mHzDixRQA")}, want: `"you_have_successfully_decoded_me.congratulations.you_are_breathtaking."`},
		{fn: "decode_zstd", args: []any{"xx"}, err: "unable to decode value with Zstd decoder"},
		{fn: "decode_snappy", args: []any{tB64("LKxUaGUgcXVpY2sgYnJvd24gZm94IGp1bXBzIG92ZXIgMTMgbGF6eSBkb2dzLg==")}, want: `"The quick brown fox jumps over 13 lazy dogs."`},
		{fn: "decode_snappy", args: []any{"\xff\xff\xff\xff\xff"}, err: "unable to decode value with Snappy decoder"},
		{fn: "decode_lz4", args: []any{tB64("LAAAAPAdVGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIDEzIGxhenkgZG9ncy4="), kwArg{"prepended_size", true}}, want: `"The quick brown fox jumps over 13 lazy dogs."`},
		{fn: "decode_lz4", args: []any{tB64("BCJNGGBAgiwAAIBUaGUgcXVpY2sgYnJvd24gZm94IGp1bXBzIG92ZXIgMTMgbGF6eSBkb2dzLgAAAAA=")}, want: `"The quick brown fox jumps over 13 lazy dogs."`},
		{fn: "decode_lz4", args: []any{tB64("LAAAAPAdVGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIDEzIGxhenkgZG9ncy4="), kwArg{"buf_size", 0}}, err: "unable to decode value with lz4 block decoder: provided output is too small for the decompressed data, actual 0, expected 2"},
		{fn: "decode_lz4", args: []any{tB64("LAAAAPAdVGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIDEzIGxhenkgZG9ncy4="), kwArg{"prepended_size", false}}, err: "unable to decode value with lz4 block decoder: the offset to copy is not contained in the decompressed buffer"},
		{fn: "decode_lz4", args: []any{tB64("BCJNGGBAgiwAAIBUaGUgcXVpY2sgYnJvd24gZm94IGp1bXBzIG92ZXIgMTMgbGF6eSBkb2dzLgAAAAA="), kwArg{"buf_size", 0}}, want: `"The quick brown fox jumps over 13 lazy dogs."`},
		{fn: "decode_lz4", args: []any{""}, err: "unable to decode value with lz4 block decoder: expected another byte, found none"},
		{fn: "encode_gzip", args: []any{"x", kwArg{"compression_level", 11}}, err: "compression level must be <= 10", fallible: boolPtr(true)},
		{fn: "encode_zlib", args: []any{"x", kwArg{"compression_level", -1}}, err: "compression level must be <= 10"},
		{fn: "encode_zlib", args: []any{"", kwArg{"compression_level", dynArg{value.Integer(3)}}}, want: `"x^\u0003\u0000\u0000\u0000\u0000\u0001"`, fallible: boolPtr(true)},
		{fn: "encode_gzip", args: []any{"", kwArg{"compression_level", 10}}, fallible: boolPtr(false), want: `"\u001f\ufffd\b\u0000\u0000\u0000\u0000\u0000\u0002\ufffd\u0003\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000"`},
	})
	b64 := func(v value.Value) string { return evalCall(t, "encode_base64", v).Str() }
	for _, c := range []struct {
		got, want string
	}{
		{b64(evalCall(t, "encode_gzip", "please encode me")), "H4sIAAAAAAAA/yvISU0sTlVIzUvOT0lVyE0FAI4R4vcQAAAA"},
		{b64(evalCall(t, "encode_zlib", "please encode me")), "eJwryElNLE5VSM1Lzk9JVchNBQA0RQX7"},
		{b64(evalCall(t, "encode_zstd", "please encode me")), "KLUv/QBYgQAAcGxlYXNlIGVuY29kZSBtZQ=="},
		{b64(evalCall(t, "encode_snappy", "The quick brown fox jumps over 13 lazy dogs.")), "LKxUaGUgcXVpY2sgYnJvd24gZm94IGp1bXBzIG92ZXIgMTMgbGF6eSBkb2dzLg=="},
		{b64(evalCall(t, "encode_lz4", "The quick brown fox jumps over 13 lazy dogs.", true)), "LAAAAPAdVGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIDEzIGxhenkgZG9ncy4="},
	} {
		if c.got != c.want {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
	// Round trips over compressible input.
	long := strings.Repeat("matano security lake ", 200)
	for _, pair := range [][2]string{{"encode_gzip", "decode_gzip"}, {"encode_zlib", "decode_zlib"}, {"encode_zstd", "decode_zstd"}, {"encode_snappy", "decode_snappy"}} {
		if got := evalCall(t, pair[1], evalCall(t, pair[0], long)).Str(); got != long {
			t.Errorf("%s round trip failed", pair[0])
		}
	}
	if got := evalCall(t, "decode_lz4", evalCall(t, "encode_lz4", long), kwArg{"prepended_size", true}).Str(); got != long {
		t.Errorf("lz4 prepended round trip failed")
	}
	if got := evalCall(t, "decode_lz4", evalCall(t, "encode_lz4", long, false)).Str(); got != long {
		t.Errorf("lz4 block round trip failed")
	}
}

func TestCodecText(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "encode_percent", args: []any{"foo bar?"}, want: `"foo%20bar%3F"`},
		{fn: "encode_percent", args: []any{"foo \tbar", kwArg{"ascii_set", "CONTROLS"}}, want: `"foo %09bar"`},
		{fn: "encode_percent", args: []any{"foo@bar?"}, want: `"foo%40bar%3F"`},
		{fn: "encode_percent", args: []any{"a b~é", kwArg{"ascii_set", "WWW_FORM_URLENCODED"}}, want: `"a%20b%7E%C3%A9"`},
		{fn: "encode_percent", args: []any{"x", kwArg{"ascii_set", "NOPE"}}, compileErr: `invalid enum variant for argument "ascii_set"`},
		{fn: "encode_percent", args: []any{"x", kwArg{"ascii_set", dynArg{tStr("PATH")}}}, compileErr: "E400"},
		{fn: "decode_percent", args: []any{"foo%20bar%3F"}, want: `"foo bar?"`},
		{fn: "decode_percent", args: []any{"100%25 %zz %4"}, want: `"100% %zz %4"`},
		{fn: "encode_punycode", args: []any{"www.café.com"}, want: `"www.xn--caf-dma.com"`},
		{fn: "encode_punycode", args: []any{"www.CAFé.com"}, want: `"www.xn--caf-dma.com"`},
		{fn: "encode_punycode", args: []any{"www.cafe.com"}, want: `"www.cafe.com"`},
		{fn: "encode_punycode", args: []any{"xn--8hbb.xn--fiba.xn--8hbf.xn--eib.", kwArg{"validate", false}}, want: `"xn--8hbb.xn--fiba.xn--8hbf.xn--eib."`},
		{fn: "encode_punycode", args: []any{"www.CAFé.com", kwArg{"validate", false}}, want: `"www.xn--caf-dma.com"`},
		{fn: "decode_punycode", args: []any{"www.xn--caf-dma.com"}, want: `"www.café.com"`},
		{fn: "decode_punycode", args: []any{"www.cafe.com"}, want: `"www.cafe.com"`},
		{fn: "decode_punycode", args: []any{"xn--8hbb.xn--fiba.xn--8hbf.xn--eib.", kwArg{"validate", false}}, want: `"١٠.٦٦.٣٠.٥."`},
		{fn: "decode_mime_q", args: []any{"=?utf-8?b?SGVsbG8sIFdvcmxkIQ==?="}, want: `"Hello, World!"`},
		{fn: "decode_mime_q", args: []any{"From: =?utf-8?b?SGVsbG8sIFdvcmxkIQ==?= <=?utf-8?q?hello=5Fworld=40example=2ecom?=>"}, want: `"From: Hello, World! <hello_world@example.com>"`},
		{fn: "decode_mime_q", args: []any{"?b?SGVsbG8sIFdvcmxkIQ=="}, want: `"Hello, World!"`},
		{fn: "decode_mime_q", args: []any{"=?iso-8859-1?q?caf=E9_au_lait?= ok"}, want: `"café au lait ok"`},
		{fn: "decode_mime_q", args: []any{"=?utf-8?x?abc?="}, err: `Invalid encoding: "x"`},
		{fn: "decode_mime_q", args: []any{"=?nope?q?abc?="}, err: `Unable to decode "nope" value`},
		{fn: "decode_mime_q", args: []any{"plain text"}, want: `"plain text"`},
		{fn: "decode_mime_q", args: []any{"Subject: =?iso-8859-1?Q?=A1Hola,_se=F1or!?="}, want: `"Subject: ¡Hola, señor!"`},
		{fn: "decode_mime_q", args: []any{"Subject: =?iso-8859-1??=A1Hola,_se=F1or!?="}, err: `Invalid encoding: ""`},
		{fn: "decode_mime_q", args: []any{"Subject: =?iso-9001?Q?hello=5Fworld=40example=2ecom?="}, err: `Unable to decode "iso-9001" value`},
		{fn: "decode_mime_q", args: []any{"Is =? equal to ?= or not?"}, want: `"Is =? equal to ?= or not?"`},
		{fn: "decode_mime_q", args: []any{"Is =? equal or not?"}, want: `"Is =? equal or not?"`},
		{fn: "decode_mime_q", args: []any{""}, want: `""`},
		{fn: "encode_csv", args: []any{tJSON(`["foo","bar","foo \", bar"]`)}, want: `"foo,bar,\"foo \"\", bar\""`},
		{fn: "encode_csv", args: []any{tJSON(`["foo","bar"]`), kwArg{"delimiter", " "}}, want: `"foo bar"`},
		{fn: "encode_csv", args: []any{tJSON(`["line", "with_linebreak", "here\n", "and", "\nhere"]`)}, want: `"line,with_linebreak,\"here\n\",and,\"\nhere\""`},
		{fn: "encode_csv", args: []any{tJSON(`[]`)}, want: `""`},
		{fn: "encode_csv", args: []any{tJSON(`["a", 1]`)}, err: "expected string, got integer"},
		{fn: "encode_csv", args: []any{tJSON(`["a"]`), kwArg{"delimiter", "::"}}, err: "delimiter must be a single character"},
		{fn: "encode_json", args: []any{tJSON(`{"field": "value", "another": [1,2,3]}`)}, want: `"{\"another\":[1,2,3],\"field\":\"value\"}"`},
		{fn: "encode_json", args: []any{tJSON(`{"field": "value", "another": [1,2,3]}`), true}, want: `"{\n  \"another\": [\n    1,\n    2,\n    3\n  ],\n  \"field\": \"value\"\n}"`},
		{fn: "encode_json", args: []any{tJSON(`{"a": {}, "b": [], "c": 1.0, "t": null}`), true}, want: `"{\n  \"a\": {},\n  \"b\": [],\n  \"c\": 1.0,\n  \"t\": null\n}"`},
		{fn: "encode_json", args: []any{tTS("2021-06-05T17:20:00.5Z")}, want: `"\"2021-06-05T17:20:00.500Z\""`},
		{fn: "encode_json", args: []any{42.0}, want: `"42.0"`},
		{fn: "encode_json", args: []any{42.0, true}, want: `"42.0"`},
		{fn: "encode_json", args: []any{tRe(`^a\d+$`)}, want: `"\"^a\\\\d+$\""`},
		{fn: "encode_json", args: []any{tJSON(`[1e16, 1.5e-7, 0.00001, "\u0001\u007f/"]`)}, want: `"[1e+16,1.5e-7,0.00001,\"\\u0001\u007f/\"]"`},
	})
}

func TestCodecKeyValue(t *testing.T) {
	obj := tJSON(`{"ts": "2021-06-05T17:20:00Z", "msg": "This is a message", "lvl": "info"}`)
	nested := tJSON(`{"agent": {"name": "foo"}, "log": {"file": {"path": "my.log"}}, "event": "log"}`)
	runCases(t, []fnCase{
		{fn: "encode_key_value", args: []any{obj}, want: `"lvl=info msg=\"This is a message\" ts=2021-06-05T17:20:00Z"`, fallible: boolPtr(false)},
		{fn: "encode_key_value", args: []any{tJSON(`{"ts": "2021-06-05T17:20:00Z", "msg": "This is a message", "lvl": "info", "log_id": 12345}`), tJSON(`["ts", "lvl", "msg"]`)}, want: `"ts=2021-06-05T17:20:00Z lvl=info msg=\"This is a message\" log_id=12345"`, fallible: boolPtr(true)},
		{fn: "encode_key_value", args: []any{nested}, want: `"agent.name=foo event=log log.file.path=my.log"`},
		{fn: "encode_key_value", args: []any{nested, tJSON(`["event", "log.file.path", "agent.name"]`)}, want: `"event=log log.file.path=my.log agent.name=foo"`},
		{fn: "encode_key_value", args: []any{obj, kwArg{"field_delimiter", ","}, kwArg{"key_value_delimiter", ":"}}, want: `"lvl:info,msg:\"This is a message\",ts:2021-06-05T17:20:00Z"`},
		{fn: "encode_key_value", args: []any{tJSON(`{"ts": "2021-06-05T17:20:00Z", "msg": "This is a message", "lvl": "info", "beta": true, "dropped": false}`), kwArg{"field_delimiter", ","}, kwArg{"key_value_delimiter", ":"}, kwArg{"flatten_boolean", true}}, want: `"beta,lvl:info,msg:\"This is a message\",ts:2021-06-05T17:20:00Z"`},
		{fn: "encode_key_value", args: []any{tJSON(`{"a": 1}`), tJSON(`[1]`)}, err: "invalid field value type at index 0: expected string, got integer"},
		{fn: "encode_key_value", args: []any{tJSON(`{"f": 1.0, "g": 2.5, "n": null, "q": "say \"hi\"\n", "l": [true, {"x": "y"}]}`)}, want: `"f=1 g=2.5 l.0=true l.1.x=y n=null q=\"say \\\"hi\\\"\\\\n\""`},
		{fn: "encode_logfmt", args: []any{obj}, want: `"lvl=info msg=\"This is a message\" ts=2021-06-05T17:20:00Z"`},
		{fn: "encode_logfmt", args: []any{tJSON(`{"ts": "2021-06-05T17:20:00Z", "msg": "This is a message", "lvl": "info", "log_id": 12345}`), tJSON(`["ts", "lvl", "msg"]`)}, want: `"ts=2021-06-05T17:20:00Z lvl=info msg=\"This is a message\" log_id=12345"`},
		{fn: "encode_logfmt", args: []any{nested}, want: `"agent.name=foo event=log log.file.path=my.log"`},
		{fn: "encode_logfmt", args: []any{nested, tJSON(`["event", "log.file.path", "agent.name"]`)}, want: `"event=log log.file.path=my.log agent.name=foo"`},
		{fn: "encode_logfmt", args: []any{tJSON(`{"on": true, "off": false}`)}, want: `"on"`},
		{fn: "encode_key_value", args: []any{tJSON(`{"lvl": "info", "msg": "payload: {\"code\": 200}\\n", "another_field": "some\nfield\\and things", "space key": "foo"}`)},
			want: `"another_field=\"some\\\\nfield\\\\and things\" lvl=info msg=\"payload: {\\\"code\\\": 200}\\\\n\" \"space key\"=foo"`},
		{fn: "encode_key_value", args: []any{tJSON(`{"log": {"file": {"path": "encode_key_value.rs"}}, "agent": {"name": "vector", "id": 1234}, "network": {"ip": [127, 0, 0, 1], "proto": "tcp"}, "event": "log"}`)},
			want: `"agent.id=1234 agent.name=vector event=log log.file.path=encode_key_value.rs network.ip.0=127 network.ip.1=0 network.ip.2=0 network.ip.3=1 network.proto=tcp"`},
	})
}
