package vrl

import "testing"

// TestFrameArenaWired checks that a frame's stdlib contexts, the plain
// one and each closure call site's, carve from the frame's own arena.
func TestFrameArenaWired(t *testing.T) {
	p, _ := compileBatches(t, `x = map_values([1]) -> |v| { v }; y = map_values([2]) -> |v| { v }; [x, y]`, true)
	f := p.newFrame()
	if f.ctx.Arena != &f.arena {
		t.Error("the frame's context does not carve from the frame's arena")
	}
	if len(f.closureCtx) != 2 {
		t.Fatalf("%d closure contexts, want 2", len(f.closureCtx))
	}
	for i := range f.closureCtx {
		if f.closureCtx[i].Arena != &f.arena {
			t.Errorf("closure context %d does not carve from the frame's arena", i)
		}
	}
}
