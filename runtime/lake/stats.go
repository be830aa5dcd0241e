package lake

import (
	"fmt"
	"io"
	"maps"
	"slices"
)

// Stats counts what the pipeline did with the events it read. After every
// batch is committed, Read = Σ Written + Σ Sidelined + Aborted: each event
// read ends up in the lake, on the sideline, or was aborted by its
// transform (aborted events are sidelined too, with kind vrl_abort, but
// counted here apart because an abort is the transform's decision, not a
// failure).
type Stats struct {
	Read int64
	// Written counts rows per table that are in the lake, including rows
	// of a recovered object that an earlier, interrupted run committed.
	Written map[string]int64
	// Sidelined counts failed records per kind (cast, vrl_error, decode).
	Sidelined map[Kind]int64
	Aborted   int64
	// Dropped counts event fields the table schema does not have, per
	// table and dotted path (only for rows that were written).
	Dropped map[string]map[string]int64
	// Recovered counts rows skipped because an interrupted run had
	// already committed them (a subset of Written).
	Recovered int64
	// Commits and Files count this process's table commits and the data
	// files they added.
	Commits, Files int64
	// CommitRetries counts commit attempts that met a conflict (another
	// writer moved the table) and were reloaded and retried.
	CommitRetries int64
}

func newStats() Stats {
	return Stats{Written: map[string]int64{}, Sidelined: map[Kind]int64{}, Dropped: map[string]map[string]int64{}}
}

func (s *Stats) add(o Stats) {
	s.Read += o.Read
	s.Aborted += o.Aborted
	s.Recovered += o.Recovered
	s.Commits += o.Commits
	s.Files += o.Files
	for k, v := range o.Written {
		s.Written[k] += v
	}
	for k, v := range o.Sidelined {
		s.Sidelined[k] += v
	}
	for t, m := range o.Dropped {
		if s.Dropped[t] == nil {
			s.Dropped[t] = map[string]int64{}
		}
		for p, v := range m {
			s.Dropped[t][p] += v
		}
	}
}

func (s Stats) clone() Stats {
	c := newStats()
	c.add(s)
	return c
}

// TotalWritten sums Written.
func (s Stats) TotalWritten() int64 {
	var n int64
	for _, v := range s.Written {
		n += v
	}
	return n
}

// TotalSidelined sums Sidelined.
func (s Stats) TotalSidelined() int64 {
	var n int64
	for _, v := range s.Sidelined {
		n += v
	}
	return n
}

// Print writes the counters as a small human report, sorted by name.
func (s Stats) Print(w io.Writer) {
	fmt.Fprintf(w, "read %d, written %d, sidelined %d, aborted %d\n",
		s.Read, s.TotalWritten(), s.TotalSidelined(), s.Aborted)
	for _, t := range slices.Sorted(maps.Keys(s.Written)) {
		fmt.Fprintf(w, "  %s: %d rows\n", t, s.Written[t])
	}
	for _, k := range slices.Sorted(maps.Keys(s.Sidelined)) {
		fmt.Fprintf(w, "  sidelined %s: %d\n", k, s.Sidelined[k])
	}
	for _, t := range slices.Sorted(maps.Keys(s.Dropped)) {
		for _, p := range slices.Sorted(maps.Keys(s.Dropped[t])) {
			fmt.Fprintf(w, "  dropped %s.%s: %d\n", t, p, s.Dropped[t][p])
		}
	}
	if s.Recovered > 0 {
		fmt.Fprintf(w, "  recovered (already committed) %d\n", s.Recovered)
	}
}
