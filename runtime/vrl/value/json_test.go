package value

import (
	"testing"
	"time"
)

func TestJSONRoundTrip(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"b":1,"a":[1.5,true,null,"x\n"]}`, `{"a":[1.5,true,null,"x\n"],"b":1}`},
		{`1.0`, `1.0`},
		{`1e21`, `1e+21`},
		{`1e-7`, `1e-7`},
		{`0.00001`, `0.00001`},
		{`0.000001`, `1e-6`},
		{`123456.75`, `123456.75`},
		{`9223372036854775808`, `9.223372036854776e+18`},
	} {
		v, err := FromJSON([]byte(tc.in))
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if got := string(AppendJSON(nil, v)); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestTimestampAutoSi(t *testing.T) {
	ts := time.Date(2021, 2, 3, 4, 5, 6, 120_000_000, time.UTC)
	if got := FormatRFC3339(ts); got != "2021-02-03T04:05:06.120Z" {
		t.Errorf("got %s", got)
	}
}
