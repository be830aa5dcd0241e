package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/matano-go/matano/compiler/typecheck"
	"github.com/matano-go/matano/runtime/lake"
	"github.com/matano-go/matano/runtime/vrl"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// manyWebLines repeats webLines n times with distinct users, plus a line
// over maxLine bytes (a decode error) every 97 lines, so every outcome
// (written, vrl_error, vrl_abort, cast, decode) occurs in every chunk.
func manyWebLines(n, maxLine int) []byte {
	var b bytes.Buffer
	for i := range n {
		if i%97 == 50 {
			b.WriteString(`{"pad":"` + strings.Repeat("x", maxLine) + `"}` + "\n")
			continue
		}
		l := webLines[i%len(webLines)].line
		b.WriteString(strings.Replace(l, `"user":"`, fmt.Sprintf(`"user":"u%05d-`, i), 1))
		b.WriteString("\n")
	}
	return b.Bytes()
}

// TestParallelMatchesSequential ingests the same input with one worker
// (everything on the calling goroutine) and with several: the summary,
// the sideline (records, order, messages with their line numbers) and the
// written rows must be identical.
func TestParallelMatchesSequential(t *testing.T) {
	const maxLine = 300
	input := manyWebLines(3000, maxLine)
	type result struct {
		sum  Summary
		side []lake.SidelineRecord
		rows []string
	}
	runWith := func(workers int) result {
		f := newFixture(t, "web")
		cfg := f.cfg
		cfg.Workers = workers
		cfg.MaxLineBytes = maxLine
		s := f.ingest(t, cfg, f.file(t, "many.log", input))
		return result{s, sidelined(t, f.wh, "web"), column(t, scan(t, f.lake, "web"), "user.name")}
	}
	want := runWith(1)
	if want.sum.Read != 3000 || want.sum.Sidelined[lake.KindDecode] == 0 || want.sum.Aborted == 0 ||
		want.sum.Sidelined[lake.KindCast] == 0 || want.sum.Sidelined[lake.KindVRLError] == 0 {
		t.Fatalf("the input does not exercise every outcome: %+v", want.sum)
	}
	i := slices.IndexFunc(want.side, func(r lake.SidelineRecord) bool { return r.Kind == lake.KindDecode })
	if i < 0 || !strings.Contains(want.side[i].Message, "line 51:") {
		t.Fatalf("first decode error on the sideline: %v, want line 51's", want.side[max(i, 0)].Message)
	}
	for _, workers := range []int{2, 3, 8} {
		t.Run(fmt.Sprint(workers, " workers"), func(t *testing.T) {
			got := runWith(workers)
			if got.sum.Read != want.sum.Read || got.sum.Aborted != want.sum.Aborted ||
				fmt.Sprint(got.sum.Written) != fmt.Sprint(want.sum.Written) ||
				fmt.Sprint(got.sum.Sidelined) != fmt.Sprint(want.sum.Sidelined) ||
				fmt.Sprint(got.sum.Dropped) != fmt.Sprint(want.sum.Dropped) {
				t.Errorf("summary\n got %+v\nwant %+v", got.sum, want.sum)
			}
			if len(got.side) != len(want.side) {
				t.Fatalf("%d sideline records, want %d", len(got.side), len(want.side))
			}
			for i := range got.side {
				g, w := got.side[i], want.side[i]
				if g.Kind != w.Kind || g.Message != w.Message || string(g.Record) != string(w.Record) {
					t.Fatalf("sideline record %d\n got %s %s %s\nwant %s %s %s", i, g.Kind, g.Message, g.Record, w.Kind, w.Message, w.Record)
				}
			}
			if !slices.Equal(got.rows, want.rows) {
				t.Errorf("written user.name differ: %d rows, want %d", len(got.rows), len(want.rows))
			}
		})
	}
}

// TestParallelInterrupted cancels an ingest in the middle of an object
// while the workers are busy: Ingest returns the context's error, the
// batch is aborted, and a second run writes every record exactly once.
func TestParallelInterrupted(t *testing.T) {
	f := newFixture(t, "web")
	path := f.file(t, "many.log", manyWebLines(20000, 300))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := f.cfg
	cfg.Workers = 3
	cfg.MaxLineBytes = 300
	cfg.ProgressEvery = 1000
	cfg.Progress = func(p Progress) {
		if p.Records >= 5000 {
			cancel()
		}
	}
	p, err := New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.IngestFile(ctx, path)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("IngestFile: %v (%d records), want context.Canceled", err, res.Records)
	}
	if res.Records >= 20000 {
		t.Errorf("read %d records after the cancel", res.Records)
	}
	p.Abort()
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s := p.Summary(); s.Read != 0 {
		t.Errorf("an interrupted batch committed: %+v", s)
	}

	cfg = f.cfg
	cfg.MaxLineBytes = 300
	s := f.ingest(t, cfg, path)
	if s.Read != 20000 {
		t.Errorf("second run read %d, want 20000", s.Read)
	}
	rows := column(t, scan(t, f.lake, "web"), "user.name")
	if int64(len(rows)) != s.Written["web"] || len(slices.Compact(rows)) != len(rows) {
		t.Errorf("%d rows (%d distinct), written %d", len(rows), len(slices.Compact(rows)), s.Written["web"])
	}
}

// TestRunMetadataIsPerRun checks that the shared empty metadata run starts
// from is never changed by a program that writes metadata: each run sees
// an empty %.
func TestRunMetadataIsPerRun(t *testing.T) {
	prog, err := compile("meta", `.seen = %; %custom.n = 1; del(%custom.n); %other = .json.x`, typecheck.RecordEvent())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		ev, err := value.FromJSON(fmt.Appendf(nil, `{"json":{"x":%d}}`, i))
		if err != nil {
			t.Fatal(err)
		}
		out, _, rr, msg := run(prog, ev, &vrl.Env{})
		if rr != runOK {
			t.Fatal(msg)
		}
		if got := string(value.AppendJSON(nil, out)); got != fmt.Sprintf(`{"json":{"x":%d},"seen":{}}`, i) {
			t.Errorf("run %d: %s", i, got)
		}
	}
	if got := string(value.AppendJSON(nil, emptyMetadata)); got != "{}" {
		t.Errorf("the shared metadata became %s", got)
	}
}

// TestParallelHooks checks the AWS hooks under several workers: Record
// sees every normalised record that reached the batch, in input order,
// and Flush hands the staged files to Stage instead of committing them.
func TestParallelHooks(t *testing.T) {
	f := newFixture(t, "web")
	cfg := f.cfg
	cfg.Workers = 3
	cfg.MaxLineBytes = 300
	var users []string
	cfg.Record = func(table string, record []byte) error {
		v, err := value.FromJSON(record)
		if err != nil || table != "web" {
			return fmt.Errorf("record %s of %s: %v", record, table, err)
		}
		u, _ := v.Obj().Get("user")
		n, _ := u.Obj().Get("name")
		users = append(users, n.Str())
		return nil
	}
	var staged []lake.Staged
	cfg.Stage = func(_ context.Context, s []lake.Staged) error {
		staged = append(staged, s...)
		return nil
	}
	ctx := context.Background()
	p, err := New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.IngestFile(ctx, f.file(t, "many.log", manyWebLines(3000, 300))); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	// Written lines (alice, bob) and the cast failure (erin) reach the
	// batch; the others are rejected before it.
	want := 0
	for i := range 3000 {
		if i%97 != 50 && slices.Contains([]int{0, 1, 5}, i%len(webLines)) {
			want++
		}
	}
	if len(users) != want || !slices.IsSorted(users) {
		t.Errorf("Record saw %d records (want %d), in input order: %v", len(users), want, slices.IsSorted(users))
	}
	var rows int64
	for _, s := range staged {
		rows += s.Rows
	}
	if len(staged) == 0 || rows != int64(want-want/3) {
		t.Errorf("staged %+v (%d rows), want %d rows", staged, rows, want-want/3)
	}
	if st := f.lake.Stats(); st.Commits != 0 {
		t.Errorf("%d commits with a Stage hook", st.Commits)
	}
}
