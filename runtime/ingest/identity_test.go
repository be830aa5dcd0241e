package ingest

import (
	"context"
	"io"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/matano-go/matano/runtime/decode"
	"github.com/matano-go/matano/runtime/state"
)

// lateReader closes its identity's done channel once the decoder has read
// past at bytes (at < 0: at the end of the input), so records are decoded
// and transformed before the object may join the batch.
type lateReader struct {
	r    io.Reader
	n    int64
	at   int64
	once sync.Once
	fire func()
}

func (l *lateReader) Read(b []byte) (int, error) {
	k, err := l.r.Read(b)
	l.n += int64(k)
	if l.at >= 0 && l.n > l.at || err == io.EOF {
		l.once.Do(l.fire)
	}
	return k, err
}

// TestIdentityComputedLater: while an object's identity is being computed
// (IngestFile hashes the file meanwhile), records are decoded and
// transformed but none reaches the batch before the ledger answers; the
// outcome is the same as with the identity known at once, whatever the
// worker count and wherever the identity arrives, and an object the
// ledger has already is still a no-op.
func TestIdentityComputedLater(t *testing.T) {
	const maxLine = 300
	input := manyWebLines(9000, maxLine)
	cases := []struct {
		name    string
		workers int
		at      int64 // reader offset at which the identity is known; -1: end
		timer   time.Duration
		// unhashed: the object may join before its digest (a regular
		// file the ledger has never seen, as IngestFile sets it up), so
		// records reach the batch at once and the identity is resolved
		// when it arrives.
		unhashed bool
	}{
		// One worker joins before reading (nothing to overlap with), so
		// the identity must come from elsewhere: a timer.
		{"sequential", 1, 1 << 62, 20 * time.Millisecond, false},
		{"parallel, known a third in", 2, int64(len(input)) / 3, 0, false},
		{"parallel, known at the end", 2, -1, 0, false},
		{"three workers, known at the end", 3, -1, 0, false},
		{"parallel, known after a while", 2, 1 << 62, 50 * time.Millisecond, false},
		{"unhashed, sequential", 1, 1 << 62, 20 * time.Millisecond, true},
		{"unhashed, parallel, known a third in", 2, int64(len(input)) / 3, 0, true},
		{"unhashed, parallel, known at the end", 2, -1, 0, true},
		{"unhashed, three workers, known after a while", 3, 1 << 62, 50 * time.Millisecond, true},
	}
	ingestLate := func(t *testing.T, f *fixture, cfg Config, path string, at int64, timer time.Duration, unhashed bool) (ObjectResult, Summary) {
		t.Helper()
		ctx := context.Background()
		file, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer file.Close()
		id := &identity{path: path, done: make(chan struct{})}
		if unhashed {
			id.partial = state.Object{Path: path, Size: int64(len(input))}
		}
		fire := func() {
			id.obj, id.err = state.ObjectFromFile(path)
			close(id.done)
		}
		lr := &lateReader{r: file, at: at, fire: fire}
		var res ObjectResult
		if unhashed && at < 0 {
			// Known only at the end of the input: with the object joined
			// before its digest, records must reach the batch before that.
			early := false
			cfg.Record = func(string, []byte) error {
				if !early && !id.ready() {
					early = true
				}
				return nil
			}
			defer func() {
				if !early && !res.AlreadyIngested {
					t.Error("no record reached the batch before the identity was known")
				}
			}()
		}
		p, err := New(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if timer > 0 {
			time.AfterFunc(timer, func() { lr.once.Do(fire) })
		}
		res, err = p.ingest(ctx, id, lr, decode.Metadata{Key: "many.log", Size: int64(len(input))})
		if err != nil {
			t.Fatal(err)
		}
		return res, closedSummary(t, ctx, p)
	}
	ref := newFixture(t, "web")
	refCfg := ref.cfg
	refCfg.MaxLineBytes = maxLine
	want := ref.ingest(t, refCfg, ref.file(t, "many.log", input))
	wantRows := column(t, scan(t, ref.lake, "web"), "user.name")
	wantSide := sidelined(t, ref.wh, "web")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, "web")
			cfg := f.cfg
			cfg.Workers = tc.workers
			cfg.MaxLineBytes = maxLine
			path := f.file(t, "many.log", input)
			res, got := ingestLate(t, f, cfg, path, tc.at, tc.timer, tc.unhashed)
			if res.AlreadyIngested || res.Records != 9000 {
				t.Errorf("result %+v", res)
			}
			if got.Read != want.Read || got.Aborted != want.Aborted || got.Written["web"] != want.Written["web"] {
				t.Errorf("summary %+v, want %+v", got, want)
			}
			if rows := column(t, scan(t, f.lake, "web"), "user.name"); !slices.Equal(rows, wantRows) {
				t.Errorf("%d rows differ from the reference's %d", len(rows), len(wantRows))
			}
			side := sidelined(t, f.wh, "web")
			if len(side) != len(wantSide) {
				t.Fatalf("%d sidelined, want %d", len(side), len(wantSide))
			}
			for i := range side {
				if side[i].Kind != wantSide[i].Kind || side[i].Message != wantSide[i].Message {
					t.Errorf("sideline %d: %s %q, want %s %q", i, side[i].Kind, side[i].Message, wantSide[i].Kind, wantSide[i].Message)
					break
				}
			}

			// The same file again, identity late again: a no-op.
			res, again := ingestLate(t, f, cfg, path, tc.at, tc.timer, tc.unhashed)
			if !res.AlreadyIngested || again.Read != 0 || len(again.AlreadyIngested) != 1 || again.Objects != 0 {
				t.Errorf("re-ingest: %+v, %+v", res, again)
			}
			if n := scan(t, f.lake, "web").NumRows(); n != int64(len(wantRows)) {
				t.Errorf("after re-ingest: %d rows, want %d", n, len(wantRows))
			}
		})
	}
}
