package stdlib

import (
	"strings"
	"testing"
	"time"
)

// TestParsedFieldStorage parses formats that set more fields than
// tfParsed keeps inline (the rest are allocated) and that set one field
// twice, consistently or not.
func TestParsedFieldStorage(t *testing.T) {
	want := time.Date(2024, 3, 4, 5, 6, 7, 0, time.UTC)
	for _, tc := range []struct {
		s, format string
		ok        bool
	}{
		{"2024-03-04 05:06:07", "%Y-%m-%d %H:%M:%S", true},
		// 18 fields: past the 12 inline values.
		{"2024-03-04 05:06:07 2024-03-04 05:06:07 2024-03-04 05:06:07",
			"%Y-%m-%d %H:%M:%S %Y-%m-%d %H:%M:%S %Y-%m-%d %H:%M:%S", true},
		{"2024-03-04 05:06:07 2024-03-04 05:06:07 2024-03-04 05:06:08",
			"%Y-%m-%d %H:%M:%S %Y-%m-%d %H:%M:%S %Y-%m-%d %H:%M:%S", false},
		{"2024-03-04 05:06:07 2025", "%Y-%m-%d %H:%M:%S %Y", false},
	} {
		got, err := tfParseFormat(tc.s, tc.format, time.UTC)
		if tc.ok && (err != nil || !got.Equal(want)) {
			t.Errorf("%q: %v, %v", tc.s, got, err)
		}
		if !tc.ok && err != tfImpossible {
			t.Errorf("%q: err %v, want %v", tc.s, err, tfImpossible)
		}
	}
}

// TestInZoneUTCFastPath compares UTC's shortcut with the general
// resolution for a zone that is UTC under another name.
func TestInZoneUTCFastPath(t *testing.T) {
	other := time.FixedZone("Z0", 0)
	for _, tc := range []struct{ s, format string }{
		{"2024-03-04 05:06:07", "%Y-%m-%d %H:%M:%S"},
		{"2016-12-31 23:59:60", "%Y-%m-%d %H:%M:%S"},
		{"1700000000", "%s"},
		{"1700000000 2023-11-14 22:13:20", "%s %Y-%m-%d %H:%M:%S"},
		{"1700000000 2023-11-14 22:13:21", "%s %Y-%m-%d %H:%M:%S"},
		{"2024-02-30 00:00:00", "%Y-%m-%d %H:%M:%S"},
		{"2024-03-04", "%Y-%m-%d"},
		{"2024-03-04 05:06:07.123456", "%Y-%m-%d %H:%M:%S%.f"},
	} {
		p, err := tfParseWhole(tc.s, tfItemsCached(tc.format))
		if err != nil {
			t.Fatalf("%q: %v", tc.s, err)
		}
		q := *p
		got, gerr := p.inZone(time.UTC)
		want, werr := q.inZone(other)
		if gerr != werr || !got.Equal(want) {
			t.Errorf("%q with %q: UTC %v, %v; general %v, %v", tc.s, tc.format, got, gerr, want, werr)
		}
	}
	// A parsed offset other than zero cannot be UTC.
	p, err := tfParseWhole("2024-03-04 05:06:07", tfItemsCached("%Y-%m-%d %H:%M:%S"))
	if err != nil {
		t.Fatal(err)
	}
	off := int64(3600)
	p.offset = &off
	if _, err := p.inZone(time.UTC); err != tfImpossible {
		t.Errorf("offset +01:00 in UTC: err %v, want %v", err, tfImpossible)
	}
}

// TestDaysInMatchesTimeDate compares the month table with time.Date's
// normalisation, leap centuries and negative years included.
func TestDaysInMatchesTimeDate(t *testing.T) {
	for _, y := range []int64{-401, -400, -100, -4, -1, 0, 1, 4, 100, 1900, 2000, 2023, 2024, 2100, 2400, 262143} {
		for m := int64(0); m <= 13; m++ {
			want := int64(time.Date(int(y), time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day())
			if got := tfDaysIn(y, m); got != want {
				t.Errorf("tfDaysIn(%d, %d) = %d, want %d", y, m, got, want)
			}
		}
	}
}

// TestFormatHasZone checks the one-pass scan against the substring
// definition it replaces.
func TestFormatHasZone(t *testing.T) {
	subs := []string{"%Z", "%z", "%:z", "%#z", "%+"}
	for _, f := range []string{"", "%", "%Y-%m-%d", "%Y %z", "%Z", "%:z", "%#z", "%+", "%:", "%#", "%:Z", "%%z", "z%", "%Y%:", "a%+b", "%-d %e", "%::z"} {
		want := false
		for _, z := range subs {
			want = want || strings.Contains(f, z)
		}
		if got := tfFormatHasZone(f); got != want {
			t.Errorf("tfFormatHasZone(%q) = %v, want %v", f, got, want)
		}
	}
}
