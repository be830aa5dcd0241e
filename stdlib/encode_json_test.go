package stdlib

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// TestJSONPlainASCII puts every byte value at every position of strings
// around the eight-byte word size: the word test must agree with the
// byte test, including where a caught byte borrows from its neighbour.
func TestJSONPlainASCII(t *testing.T) {
	plainByte := func(c byte) bool { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\' }
	for n := 1; n <= 19; n++ {
		for pos := range n {
			for c := range 256 {
				for _, fill := range []byte{'a', ' ', '~', '!', '#', '[', ']'} {
					b := []byte(strings.Repeat(string(fill), n))
					b[pos] = byte(c)
					if got, want := jsonPlainASCII(string(b)), plainByte(byte(c)); got != want {
						t.Fatalf("jsonPlainASCII(%q) = %v, want %v", b, got, want)
					}
				}
			}
		}
	}
	if !jsonPlainASCII("") {
		t.Error(`jsonPlainASCII("") = false`)
	}
}

// TestJSONAppendCompact checks encode_json's fast path against
// value.AppendJSON on values whose strings need escapes, replacement of
// invalid UTF-8, or nothing, in containers.
func TestJSONAppendCompact(t *testing.T) {
	strs := []string{"", "plain", "AWSLogs/123456789012/eu-west-1/2026/11/12be8f07.json.gz", `quote " inside`,
		`back\slash`, "tab\there", "nl\n", "\x00\x01\x1f", "é unicode ✓", "bad \xff utf-8", "\xe2\x82", "exactly8", "sixteen_bytes_ok", "\u2028"}
	var vals []value.Value
	for _, s := range strs {
		vals = append(vals, value.Bytes(s))
	}
	vals = append(vals, value.Null, value.True, value.Integer(-42), value.Float(1.5), tJSON(`[]`), tJSON(`{}`),
		tJSON(`{"bucketName":"acme-logs-25","key":"AWSLogs/x.json.gz","maxResults":337,"nested":{"a":[1,"b\"",null]}}`))
	r := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		o := value.NewObject(3)
		for range 3 {
			o.Set(strs[r.IntN(len(strs))], vals[r.IntN(len(vals))])
		}
		vals = append(vals, value.ObjectValue(o), value.ArrayValue([]value.Value{vals[r.IntN(len(vals))], value.ObjectValue(o)}))
	}
	for _, v := range vals {
		want := string(value.AppendJSON(nil, v))
		if got := string(jsonAppendCompact(nil, v)); got != want {
			t.Fatalf("jsonAppendCompact = %s, want %s", got, want)
		}
	}
}

// TestEncodeJSONBufferReuse checks that encode_json's results do not
// alias the Context's reused buffer: a later call through the same
// Context leaves an earlier result as it was. A result too big for the
// buffer to be kept works the same.
func TestEncodeJSONBufferReuse(t *testing.T) {
	call, _, present, kindErr, err := buildCall(t, "encode_json", []any{dynArg{tStr("x")}}, false)
	if err == nil {
		err = kindErr
	}
	if err != nil {
		t.Fatal(err)
	}
	ctx := &Context{}
	big := strings.Repeat("b", jsonBufKeep+1)
	inputs := []value.Value{tJSON(`{"a":"first","n":1}`), tJSON(`["second"]`), tStr(big), tStr("third")}
	var outs []value.Value
	for _, in := range inputs {
		out, err := call.Eval(ctx, []value.Value{in}, present)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, out)
	}
	want := []string{`{"a":"first","n":1}`, `["second"]`, `"` + big + `"`, `"third"`}
	for i, out := range outs {
		if out.Str() != want[i] {
			t.Errorf("result %d is %.40q after later calls, want %.40q", i, out.Str(), want[i])
		}
	}
	if cap(ctx.jsonBuf) > jsonBufKeep {
		t.Errorf("the Context kept a %d-byte buffer", cap(ctx.jsonBuf))
	}
	if out, err := call.Eval(nil, []value.Value{inputs[0]}, present); err != nil || out.Str() != want[0] {
		t.Errorf("without a Context: %v, %v", out, err)
	}
}
