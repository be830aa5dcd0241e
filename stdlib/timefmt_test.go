package stdlib

import (
	"testing"
	"time"
)

// The strptime cases pin chrono's behaviour: whitespace handling, padding,
// cross-checked fields and the error kinds VRL surfaces in its messages.
func TestTimefmtParse(t *testing.T) {
	cases := []struct {
		in, format, zone string
		want             string // RFC 3339 in UTC, or "err:<chrono message>"
	}{
		{"10-Oct-2020 16:00+00:00", "%v %R %:z", "", "2020-10-10T16:00:00Z"},
		{"16/10/2019 12:00:00", "%d/%m/%Y %H:%M:%S", "Asia/Taipei", "2019-10-16T04:00:00Z"},
		{"16/10/2019:12:00:00 +0000", "%d/%m/%Y:%H:%M:%S %z", "", "2019-10-16T12:00:00Z"},
		{"10/Oct/2000:13:55:36 -0700", "%d/%b/%Y:%T %z", "", "2000-10-10T20:55:36Z"},
		{"2000-10-10T20:55:36Z", "%+", "", "2000-10-10T20:55:36Z"},
		{"2000-10-10 20:55:36.123 UTC", "%+", "", "2000-10-10T20:55:36.123Z"},
		{"2021-01-31 14:48:54.411655", "%Y-%m-%d %H:%M:%S%.f", "", "2021-01-31T14:48:54.411655Z"},
		{"Mon Feb  1 01:02:03 2021", "%a %b %e %T %Y", "", "2021-02-01T01:02:03Z"},
		{"Tue Feb  1 01:02:03 2021", "%a %b %e %T %Y", "", "err:no possible date and time matching input"},
		{"1612137723", "%s", "", "2021-02-01T00:02:03Z"},
		{"2021-02-01", "%Y-%m-%d", "", "err:input is not enough for unique date and time"},
		{"2021-02-01 10:00", "%Y-%m-%d %H:%M:%S", "", "err:premature end of input"},
		{"2021-02-01 10:00:00 x", "%Y-%m-%d %H:%M:%S", "", "err:trailing input"},
		{"2021-13-01 10:00:00", "%Y-%m-%d %H:%M:%S", "", "err:input is out of range"},
		{"2021-x-01 10:00:00", "%Y-%m-%d %H:%M:%S", "", "err:input contains invalid characters"},
		{"2021-01-01", "%Y-%m-%d %Q", "", "err:bad or unsupported format string"},
		{"2021-01-01 10:00:00", "%Y-%m-%d %H:%M:%S %Z", "", "err:input is not enough for unique date and time"},
		{"2021-01-01 10:00:00 CET", "%Y-%m-%d %H:%M:%S %Z", "", "err:input is not enough for unique date and time"},
		{"05/05/21 5:06:07 PM", "%D %l:%M:%S %p", "", "2021-05-05T17:06:07Z"},
		// 02:30 does not exist on the spring-forward night in Berlin; 02:30
		// happens twice in autumn.
		{"2021-03-28 02:30:00", "%Y-%m-%d %H:%M:%S", "Europe/Berlin", "err:no possible date and time matching input"},
		{"2021-10-31 02:30:00", "%Y-%m-%d %H:%M:%S", "Europe/Berlin", "err:input is not enough for unique date and time"},
		{"2021-10-31 03:30:00", "%Y-%m-%d %H:%M:%S", "Europe/Berlin", "2021-10-31T02:30:00Z"},
		{"2021 032", "%Y %j", "", "err:input is not enough for unique date and time"},
		{"2021 032 10:00", "%Y %j %H:%M", "", "2021-02-01T10:00:00Z"},
		{"2021-06-30T23:59:60Z", "%+", "", "2021-06-30T23:59:60Z"},
	}
	for _, c := range cases {
		loc := time.UTC
		if c.zone != "" {
			l, ok := tfLoadZone(c.zone)
			if !ok {
				t.Fatalf("zone %s", c.zone)
			}
			loc = l
		}
		got, err := tfParseFormat(c.in, c.format, loc)
		var gs string
		if err != nil {
			gs = "err:" + err.Error()
		} else {
			gs = got.UTC().Format(time.RFC3339Nano)
		}
		want := c.want
		if want == "2021-06-30T23:59:60Z" {
			want = "2021-07-01T00:00:00Z" // a leap second is one second past :59
		}
		if gs != want {
			t.Errorf("parse(%q, %q, %s) = %s, want %s", c.in, c.format, c.zone, gs, want)
		}
	}
}

func TestTimefmtFormat(t *testing.T) {
	ts := time.Date(2020, 10, 21, 16, 4, 5, 120_000_000, time.UTC)
	cases := []struct{ format, zone, want string }{
		{"%+", "", "2020-10-21T16:04:05.120+00:00"},
		{"%v %R", "", "21-Oct-2020 16:04"},
		{"%d %B %Y %H:%M", "Europe/Berlin", "21 October 2020 18:04"},
		{"%a %A %b %h %B %C %y %e %-d %_m %j %U %W %V %G %g %u %w %q", "", "Wed Wednesday Oct Oct October 20 20 21 21 10 295 42 42 43 2020 20 3 3 4"},
		{"%I %l %p %P %r", "", "04  4 PM pm 04:04:05 PM"},
		{"%s %f %.f %.3f %.6f %.9f %3f %6f %9f", "", "1603296245 120000000 .120 .120 .120000 .120000000 120 120000 120000000"},
		{"%z %:z %::z %:::z %Z", "America/New_York", "-0400 -04:00 -04:00:00 -04 EDT"},
		{"%Z %c %x %X %D %F %T %%", "", "UTC Wed Oct 21 16:04:05 2020 10/21/20 16:04:05 10/21/20 2020-10-21 16:04:05 %"},
	}
	for _, c := range cases {
		loc, name := time.UTC, "UTC"
		if c.zone != "" {
			loc, _ = tfLoadZone(c.zone)
			name = ""
		}
		got, err := tfFormat(ts, c.format, loc, name)
		if err != nil || got != c.want {
			t.Errorf("format(%q, %s) = %q, %v; want %q", c.format, c.zone, got, err, c.want)
		}
	}
	if _, err := tfFormat(ts, "%Q INVALID", time.UTC, "UTC"); err == nil || err.Error() != "invalid format" {
		t.Errorf("invalid format: got %v", err)
	}
}

func TestTimefmtAuto(t *testing.T) {
	cases := map[string]string{
		"2021-02-03 04:05:06":             "2021-02-03T04:05:06Z",
		"1612325106":                      "2021-02-03T04:05:06Z",
		"2021-02-03T04:05:06+01:00":       "2021-02-03T03:05:06Z",
		"Wed, 03 Feb 2021 04:05:06 +0000": "2021-02-03T04:05:06Z",
		"03/Feb/2021:04:05:06 +0000":      "2021-02-03T04:05:06Z",
		"Wed Feb  3 04:05:06 2021":        "2021-02-03T04:05:06Z",
	}
	for in, want := range cases {
		got, err := tfParseAuto(in, time.UTC)
		if err != nil || got.Format(time.RFC3339) != want {
			t.Errorf("auto(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	if _, err := tfParseAuto("nope", time.UTC); err == nil || err.Error() != `No matching timestamp format found for "nope"` {
		t.Errorf("auto error: %v", err)
	}
}
