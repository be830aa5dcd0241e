package value

import (
	"strings"
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

// TestPlainJSONASCII puts every byte value at every position of strings
// around the eight-byte word size: the word test must agree with the
// byte test, including where a caught byte borrows from its neighbour.
func TestPlainJSONASCII(t *testing.T) {
	plainByte := func(c byte) bool { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\' }
	for n := 1; n <= 19; n++ {
		for pos := range n {
			for c := range 256 {
				for _, fill := range []byte{'a', ' ', '~', '!', '#', '[', ']'} {
					b := []byte(strings.Repeat(string(fill), n))
					b[pos] = byte(c)
					if got, want := plainJSONASCII(string(b)), plainByte(byte(c)); got != want {
						t.Fatalf("plainJSONASCII(%q) = %v, want %v", b, got, want)
					}
				}
			}
		}
	}
	if !plainJSONASCII("") {
		t.Error(`plainJSONASCII("") = false`)
	}
}

// TestAppendJSONStringFastPath checks appendJSONString (fast path first)
// against its general path alone, on strings that need escapes,
// replacement of invalid UTF-8, or nothing, around the fast path's
// eight-byte words; TestPlainJSONASCII covers the word test itself.
func TestAppendJSONStringFastPath(t *testing.T) {
	strs := []string{"", "plain", "AWSLogs/123456789012/eu-west-1/2026/11/12be8f07.json.gz", `quote " inside`,
		`back\slash`, "tab\there", "nl\n", "\x00\x01\x1f", "é unicode ✓", "bad \xff utf-8", "\xe2\x82", "exactly8",
		"sixteen_bytes_ok", "\u2028", "seven_\x7f", "eight__\"", "nine_____\\"}
	for _, s := range strs {
		if got, want := string(appendJSONString(nil, s)), string(appendJSONEscaped(nil, s)); got != want {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
}
