package ingest

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/matano-go/matano/runtime/alert"
	"github.com/matano-go/matano/runtime/lake"
)

// Summary is the account of an ingest run: what was read and where each
// record went.
type Summary struct {
	// Objects counts the objects ingested (not already ingested).
	Objects int
	// AlreadyIngested lists objects the ledger had as done.
	AlreadyIngested []string
	// Skipped lists objects dropped by select_table_from_payload_metadata.
	Skipped []string
	// Read counts the records that reached the pipeline (decoded records
	// and decode errors); Written, Sidelined and Aborted where they went.
	Read      int64
	Written   map[string]int64
	Sidelined map[lake.Kind]int64
	Aborted   int64
	// Dropped counts fields not in the schema by table and dotted path.
	Dropped map[string]map[string]int64
	// BytesIn and BytesOut are the compressed and decompressed sizes read.
	BytesIn, BytesOut int64
	// Commits and Files count the table commits and data files.
	Commits, Files int64
	Elapsed        time.Duration
	// Detect is what the detections did (nil when none ran).
	Detect *alert.Stats
	// Delivery counts the alert deliveries (nil when none were made).
	Delivery *DeliveryStats
}

// Summary returns the account of the batches committed so far by this
// Pipeline (call it after Close).
func (p *Pipeline) Summary() Summary {
	now := p.cfg.Lake.Stats()
	before := p.committedBefore
	s := Summary{
		Objects:         p.objects - len(p.skipped),
		AlreadyIngested: slices.Clone(p.already),
		Skipped:         slices.Clone(p.skipped),
		Read:            now.Read - before.Read,
		Written:         diffMap(now.Written, before.Written),
		Sidelined:       diffMap(now.Sidelined, before.Sidelined),
		Aborted:         now.Aborted - before.Aborted,
		Dropped:         map[string]map[string]int64{},
		BytesIn:         p.decoded.BytesIn,
		BytesOut:        p.decoded.BytesOut,
		Commits:         now.Commits - before.Commits,
		Files:           now.Files - before.Files,
		Elapsed:         time.Since(p.start),
		Detect:          p.detectStats(),
		Delivery:        p.deliveryStats(),
	}
	for t, m := range now.Dropped {
		if d := diffMap(m, before.Dropped[t]); len(d) > 0 {
			s.Dropped[t] = d
		}
	}
	s.withoutAlerts()
	return s
}

func diffMap[K comparable](now, before map[K]int64) map[K]int64 {
	out := map[K]int64{}
	for k, v := range now {
		if d := v - before[k]; d != 0 {
			out[k] = d
		}
	}
	return out
}

// TotalWritten sums Written.
func (s Summary) TotalWritten() int64 { return sum(s.Written) }

// TotalSidelined sums Sidelined.
func (s Summary) TotalSidelined() int64 { return sum(s.Sidelined) }

func sum[K comparable](m map[K]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

// Check verifies the accounting invariant: every record read was written,
// sidelined or aborted.
func (s Summary) Check() error {
	if w, sl := s.TotalWritten(), s.TotalSidelined(); s.Read != w+sl+s.Aborted {
		return fmt.Errorf("ingest: accounting mismatch: read %d != written %d + sidelined %d + aborted %d",
			s.Read, w, sl, s.Aborted)
	}
	return nil
}

// DroppedField is one field the schemas do not have, with how many
// written rows carried it.
type DroppedField struct {
	Table, Path string
	Count       int64
}

// TopDropped returns the n most frequently dropped fields, most frequent
// first (ties by table and path).
func (s Summary) TopDropped(n int) []DroppedField {
	var out []DroppedField
	for t, m := range s.Dropped {
		for p, c := range m {
			out = append(out, DroppedField{t, p, c})
		}
	}
	slices.SortFunc(out, func(a, b DroppedField) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Table, b.Table), cmp.Compare(a.Path, b.Path))
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// Print writes the summary for humans.
func (s Summary) Print(w io.Writer) {
	secs := s.Elapsed.Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(s.Read) / secs
	}
	fmt.Fprintf(w, "ingested %d object(s): read %d, written %d, sidelined %d, aborted %d in %s (%.0f records/s)\n",
		s.Objects, s.Read, s.TotalWritten(), s.TotalSidelined(), s.Aborted, s.Elapsed.Round(time.Millisecond), rate)
	for _, t := range slices.Sorted(maps.Keys(s.Written)) {
		fmt.Fprintf(w, "  written %s: %d\n", t, s.Written[t])
	}
	for _, k := range slices.Sorted(maps.Keys(s.Sidelined)) {
		fmt.Fprintf(w, "  sidelined %s: %d\n", k, s.Sidelined[k])
	}
	if s.Aborted > 0 {
		fmt.Fprintf(w, "  aborted: %d\n", s.Aborted)
	}
	if top := s.TopDropped(10); len(top) > 0 {
		fmt.Fprintf(w, "  fields not in the schema (dropped):\n")
		for _, d := range top {
			fmt.Fprintf(w, "    %s.%s: %d\n", d.Table, d.Path, d.Count)
		}
	}
	if n := len(s.AlreadyIngested); n > 0 {
		// The objects are named as they are met (the CLI prints each);
		// the summary only counts them.
		fmt.Fprintf(w, "  already ingested (skipped): %d object(s)\n", n)
	}
	for _, o := range s.Skipped {
		fmt.Fprintf(w, "  skipped by select_table_from_payload_metadata: %s\n", o)
	}
	printDetect(w, s.Detect)
	s.Delivery.Print(w)
}
