package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
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
	}{
		// One worker joins before reading (nothing to overlap with), so
		// the identity must come from elsewhere: a timer.
		{"sequential", 1, 1 << 62, 20 * time.Millisecond},
		{"parallel, known a third in", 2, int64(len(input)) / 3, 0},
		{"parallel, known at the end", 2, -1, 0},
		{"three workers, known at the end", 3, -1, 0},
		{"parallel, known after a while", 2, 1 << 62, 50 * time.Millisecond},
	}
	ingestLate := func(t *testing.T, f *fixture, cfg Config, path string, at int64, timer time.Duration) (ObjectResult, Summary) {
		t.Helper()
		ctx := context.Background()
		p, err := New(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		file, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer file.Close()
		id := &identity{path: path, done: make(chan struct{})}
		fire := func() {
			id.obj, id.err = state.ObjectFromFile(path)
			close(id.done)
		}
		lr := &lateReader{r: file, at: at, fire: fire}
		if timer > 0 {
			time.AfterFunc(timer, func() { lr.once.Do(fire) })
		}
		res, err := p.ingest(ctx, id, lr, decode.Metadata{Key: "many.log", Size: int64(len(input))})
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
			res, got := ingestLate(t, f, cfg, path, tc.at, tc.timer)
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
			res, again := ingestLate(t, f, cfg, path, tc.at, tc.timer)
			if !res.AlreadyIngested || again.Read != 0 || len(again.AlreadyIngested) != 1 || again.Objects != 0 {
				t.Errorf("re-ingest: %+v, %+v", res, again)
			}
			if n := scan(t, f.lake, "web").NumRows(); n != int64(len(wantRows)) {
				t.Errorf("after re-ingest: %d rows, want %d", n, len(wantRows))
			}
		})
	}
}

// TestIngestFileJoinsBeforeDigest: a file the ledger has never seen
// joins the batch before its digest (records reach the batch while the
// ledger has no entry for it yet), ends with the identity ObjectFromFile
// computes, whatever part of the file the decoder read, and is a no-op
// the second time; a file with the same path and size but other content
// takes the hashing pass and is ingested.
func TestIngestFileJoinsBeforeDigest(t *testing.T) {
	ctx := context.Background()
	const maxLine = 300
	input := manyWebLines(3000, maxLine)
	var lines bytes.Buffer
	for i := range 2000 {
		fmt.Fprintf(&lines, `{"time":"2024-01-02T03:04:05Z","action":"a%d","user":"u%x","status":"%d"}`+"\n", i, i*7919, i)
	}
	gz := gzipped(t, lines.Bytes())
	cases := []struct {
		name, file string
		data       []byte
		workers    int
	}{
		{"sequential", "many.log", input, 1},
		{"parallel", "many.log", input, 2},
		// The decoder stops at the cut; the digest still covers the file.
		{"truncated gzip", "cut.log.gz", gz[:len(gz)/2], 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, "web")
			path := f.file(t, tc.file, tc.data)
			full, err := state.ObjectFromFile(path)
			if err != nil {
				t.Fatal(err)
			}
			cfg := f.cfg
			cfg.Workers = tc.workers
			cfg.MaxLineBytes = maxLine
			var first *state.Status
			cur := full
			cfg.Record = func(string, []byte) error {
				if first == nil {
					e, err := f.lake.ObjectStatus(ctx, cur)
					if err != nil {
						return err
					}
					first = &e.Status
				}
				return nil
			}
			s := f.ingest(t, cfg, path)
			if first == nil || *first != state.New {
				t.Errorf("ledger status when the first record reached the batch: %v; want new (joined before the digest)", first)
			}
			if s.Read == 0 || s.Objects != 1 {
				t.Errorf("summary %+v", s)
			}
			if e, err := f.lake.ObjectStatus(ctx, full); err != nil || e.Status != state.Done {
				t.Errorf("ledger entry for the file's identity: %+v, %v; want done", e, err)
			}
			rows := scan(t, f.lake, "web").NumRows()
			if again := f.ingest(t, cfg, path); len(again.AlreadyIngested) != 1 || again.Read != 0 {
				t.Errorf("re-ingest: %+v", again)
			}

			if strings.HasSuffix(tc.file, ".gz") {
				return
			}
			// Same path and size, other content: hashed first, then new.
			other := bytes.Clone(tc.data)
			other[len(other)-2] ^= 1
			f.file(t, tc.file, other)
			if cur, err = state.ObjectFromFile(path); err != nil {
				t.Fatal(err)
			}
			first = nil
			s = f.ingest(t, cfg, path)
			if first == nil || *first != state.Started {
				t.Errorf("a path and size the ledger knows: status %v at the first record; want started (begun after its digest)", first)
			}
			if s.Objects != 1 || len(s.AlreadyIngested) != 0 || scan(t, f.lake, "web").NumRows() <= rows && s.Written["web"] > 0 {
				t.Errorf("changed file: %+v", s)
			}
		})
	}
}
