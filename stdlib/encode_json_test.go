package stdlib

import (
	"strings"
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

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
