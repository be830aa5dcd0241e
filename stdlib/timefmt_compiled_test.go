package stdlib

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// tfFastFormats qualify for the fast path; tfSlowFormats do not.
var (
	tfFastFormats = []string{
		"%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S", "%Y%m%d%H%M%S", "%d/%m/%Y:%H:%M", "%F %T",
		"%Y-%m-%dT%H:%M", "%Y年%m月%d日 %H時%M分%S秒", "%Y-%m-%d  %H:%M:%S", "%Y-%m-%d%n%H:%M:%S",
		"%H:%M:%S %d.%m.%Y", "%m%d%Y%H%M", "%Y-%m-%e %H:%M",
	}
	tfSlowFormats = []string{
		"%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S%.fZ", "%Y-%m-%d", "%y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S %Y",
		"%s", "%b %d %H:%M:%S %Y", "%Y-%m-%dT%H:%M:%S%+", "%Y-%j %H:%M", "%Y-%m-%d %I:%M %p", "%Y-%m-%d %H:%M:%S %Q",
	}
)

func TestTimeFormatFastPathApplies(t *testing.T) {
	for _, f := range tfFastFormats {
		if tfCompileFormat(f).fixed == nil {
			t.Errorf("%q: no fast path", f)
		}
	}
	for _, f := range tfSlowFormats {
		if tfCompileFormat(f).fixed != nil {
			t.Errorf("%q: fast path, but the format is not all fixed-width fields", f)
		}
	}
}

// tfTimestampInputs returns inputs for format: well-formed ones for
// random instants (leap days, years 0–9999) and each of them broken in
// the ways the fast path must leave to the general parse: out-of-range
// fields, leap seconds, a digit short or long, trailing text, truncation,
// signs, white space and non-ASCII bytes.
func tfTimestampInputs(r *rand.Rand, format string, n int) []string {
	var out []string
	for range n {
		var ts time.Time
		switch r.IntN(4) {
		case 0:
			ts = time.Date(r.IntN(10000), time.February, 29, r.IntN(24), r.IntN(60), r.IntN(60), 0, time.UTC)
		case 1:
			ts = time.Date(1900+r.IntN(300), time.Month(1+r.IntN(12)), 28+r.IntN(4), 23, 59, 59, 0, time.UTC)
		default:
			ts = time.Unix(r.Int64N(400*365*86400)-200*365*86400, 0).UTC()
		}
		s, err := tfFormat(ts, format, time.UTC, "UTC")
		if err != nil {
			s = ts.Format(time.RFC3339) // an invalid format: any input will do
		}
		out = append(out, s)
		// Numeric runs replaced by out-of-range or odd values.
		for _, bad := range []string{"00", "13", "24", "29", "30", "31", "32", "59", "60", "61", "99", "0", "1", "123"} {
			if i := tfRandomDigitRun(r, s); i >= 0 {
				out = append(out, s[:i]+bad+s[i+2:])
			}
		}
		out = append(out, s+"x", s+" ", s+"Z", " "+s, "+"+s, "-"+s, s[:r.IntN(len(s)+1)])
		for _, ins := range []string{"é", "\xff", "٣", "\u00a0", "\t", "-", ":", "+1", "00"} {
			i := r.IntN(len(s) + 1)
			out = append(out, s[:i]+ins+s[i:])
			if i < len(s) {
				out = append(out, s[:i]+ins+s[i+1:])
			}
		}
		b := []byte(s)
		b[r.IntN(len(b))] = byte(r.IntN(256))
		out = append(out, string(b))
	}
	return append(out, "", " ", "Z", "2026-02-29T00:00:00Z", "2024-02-29T23:59:60Z", "2026-12-31T23:59:60Z",
		"2026-11-27T24:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "２０２６-11-27T00:00:00Z")
}

// tfRandomDigitRun is the start of a random pair of adjacent digits in s,
// or -1.
func tfRandomDigitRun(r *rand.Rand, s string) int {
	var starts []int
	for i := 0; i+1 < len(s); i++ {
		if tfIsDigit(s[i]) && tfIsDigit(s[i+1]) {
			starts = append(starts, i)
		}
	}
	if len(starts) == 0 {
		return -1
	}
	return starts[r.IntN(len(starts))]
}

// TestTimeFormatFastPath checks that parse_timestamp with a literal
// format (compiled, fast path) gives exactly what it gives with the same
// format computed at run time (the general parse), results and error
// messages, in UTC and in a named zone (where the fast path stays out).
func TestTimeFormatFastPath(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	fast, slow := 0, 0
	for _, format := range append(append([]string{}, tfFastFormats...), tfSlowFormats...) {
		compiled := tfCompileFormat(format)
		for _, in := range tfTimestampInputs(r, format, 60) {
			for _, loc := range []*time.Location{time.UTC, ny} {
				ctx := &Context{Timezone: loc}
				lit, _, _, _, _ := buildCall(t, "parse_timestamp", []any{dynArg{tStr(in)}, format}, false)
				dyn, vals, present, _, _ := buildCall(t, "parse_timestamp", []any{dynArg{tStr(in)}, dynArg{tStr(format)}}, false)
				got, gotErr := lit.Eval(ctx, vals, present)
				want, wantErr := dyn.Eval(ctx, vals, present)
				if g, w := tfOutcome(got, gotErr), tfOutcome(want, wantErr); g != w {
					t.Fatalf("parse_timestamp(%q, %q) in %v:\ncompiled %s\ngeneral  %s", in, format, loc, g, w)
				}
				if compiled.fixed == nil || loc != time.UTC {
					continue
				}
				if ft, ok := compiled.fixed.parseUTC(in); ok {
					fast++
					if wantErr != nil || !ft.Equal(want.Time()) {
						t.Fatalf("fast path read %q (%q) as %v, general parse: %s", in, format, ft, tfOutcome(want, wantErr))
					}
				} else {
					slow++
				}
			}
		}
	}
	// Both branches must have been exercised for the test to mean much.
	if fast < 500 || slow < 5000 {
		t.Errorf("fast path took %d inputs and declined %d", fast, slow)
	}
}

func tfOutcome(v value.Value, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return string(value.AppendJSON(nil, v))
}

// TestDaysFromCivil checks the fast path's date arithmetic against the
// time package over the years chrono's parse accepts from four digits,
// and the negative ones.
func TestDaysFromCivil(t *testing.T) {
	for y := int64(-1000); y <= 10000; y += 7 {
		for m := int64(1); m <= 12; m++ {
			for _, d := range []int64{1, 28, tfDaysIn(y, m)} {
				want := time.Date(int(y), time.Month(m), int(d), 0, 0, 0, 0, time.UTC).Unix() / 86400
				if got := tfDaysFromCivil(y, m, d); got != want {
					t.Fatalf("tfDaysFromCivil(%d, %d, %d) = %d, want %d", y, m, d, got, want)
				}
			}
		}
	}
	if strings.Contains(tfCompileFormat("%Y-%m-%dT%H:%M:%SZ").fixed.shape, "%") {
		t.Error("shape holds a directive")
	}
}

// TestParseTimestampLiteralZone checks that a literal time zone, loaded
// at compile time, gives what the same zone computed at run time gives,
// including the error for an unknown one.
func TestParseTimestampLiteralZone(t *testing.T) {
	for _, zone := range []string{"UTC", "America/New_York", "Asia/Kolkata", "local", "", "Nowhere/Zone", "../etc/passwd"} {
		for _, in := range []string{"2026-03-08 02:30:00", "2026-11-01 01:30:00", "2026-11-27 12:00:00", "bad"} {
			lit, vals, present, _, _ := buildCall(t, "parse_timestamp", []any{dynArg{tStr(in)}, "%Y-%m-%d %H:%M:%S", zone}, false)
			dyn, dvals, dpresent, _, _ := buildCall(t, "parse_timestamp", []any{dynArg{tStr(in)}, "%Y-%m-%d %H:%M:%S", dynArg{tStr(zone)}}, false)
			got, gotErr := lit.Eval(&Context{}, vals, present)
			want, wantErr := dyn.Eval(&Context{}, dvals, dpresent)
			if g, w := tfOutcome(got, gotErr), tfOutcome(want, wantErr); g != w {
				t.Errorf("parse_timestamp(%q, timezone: %q): literal zone %s, computed zone %s", in, zone, g, w)
			}
		}
	}
}

// TestTimeFormatShapeWords checks the fast path's word-wise shape check
// against the byte-wise rule it replaces (literal bytes as written,
// ASCII digits at the digit positions), for every byte value at every
// position of each fast format's shape, and for the shapes themselves.
func TestTimeFormatShapeWords(t *testing.T) {
	byteWise := func(l *tfFixedLayout, s string) bool {
		for i := 0; i < len(s); i++ {
			if l.digits&(1<<i) != 0 {
				if s[i]-'0' > 9 {
					return false
				}
			} else if s[i] != l.shape[i] {
				return false
			}
		}
		return true
	}
	checked := 0
	for _, format := range tfFastFormats {
		l := tfCompileFormat(format).fixed
		if l == nil {
			continue
		}
		base := []byte(l.shape)
		for i := range base {
			for b := range 256 {
				in := append([]byte(nil), base...)
				in[i] = byte(b)
				if got, want := l.shapeOK(string(in)), byteWise(l, string(in)); got != want {
					t.Fatalf("%q: shapeOK(%q) = %v, want %v", format, in, got, want)
				}
				checked++
			}
		}
		if !l.shapeOK(l.shape) {
			t.Errorf("%q: its own shape %q fails", format, l.shape)
		}
	}
	if checked == 0 {
		t.Fatal("no fast format to check")
	}
}
