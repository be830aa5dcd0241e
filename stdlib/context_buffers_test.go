package stdlib_test

import (
	"fmt"
	"testing"

	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/runtime/vrl"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// TestContextBuffersConcurrent runs a program whose calls use the
// Context's reusable closure parameter buffer (map_values and filter,
// nested) from several goroutines at once: each run has its own frame and
// Contexts, so with -race this fails if a buffer were shared between
// runs, and the outputs check that no buffer leaks one item's data into
// another's.
func TestContextBuffersConcurrent(t *testing.T) {
	p, diags := vrl.CompileSource("buffers.vrl", []byte(`
.json = encode_json(.v)
items = array!(.items)
.mapped = map_values(items) -> |x| { encode_json(x) + "/" + encode_json(map_values(object!(x)) -> |y| { y }) }
.kept = filter(items) -> |i, x| { i != 1 && x.n != null }
`), check.Config{})
	if p == nil {
		t.Fatal(vrl.RenderDiagnostics(diags, false))
	}
	done := make(chan error, 4)
	for g := range 4 {
		go func() {
			for i := range 300 {
				n := g*1000 + i
				ev, err := value.FromJSON(fmt.Appendf(nil, `{"v": {"n": %d, "s": "%d"}, "items": [{"n": %d}, {"n": %d}, {"m": 0}]}`, n, n, n, n+1))
				if err != nil {
					done <- err
					return
				}
				tg := &vrl.Target{Event: ev, Metadata: value.ObjectValue(value.NewObject(0))}
				if _, err := p.Run(tg, nil); err != nil {
					done <- err
					return
				}
				got := string(value.AppendJSON(nil, tg.Event))
				want := fmt.Sprintf(`{"items":[{"n":%d},{"n":%d},{"m":0}],"json":"{\"n\":%d,\"s\":\"%d\"}",`+
					`"kept":[{"n":%d}],"mapped":["{\"n\":%d}/{\"n\":%d}","{\"n\":%d}/{\"n\":%d}","{\"m\":0}/{\"m\":0}"],"v":{"n":%d,"s":"%d"}}`,
					n, n+1, n, n, n, n, n, n+1, n+1, n, n)
				if got != want {
					done <- fmt.Errorf("goroutine %d run %d:\ngot  %s\nwant %s", g, i, got, want)
					return
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
