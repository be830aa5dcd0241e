package stdlib

import (
	"math/rand/v2"
	"testing"
)

// TestIsDottedQuad checks is_ipv4's scanner against the address parser
// it replaces, on addresses, near misses and random strings of the
// characters that matter.
func TestIsDottedQuad(t *testing.T) {
	cases := []string{"", "1.2.3.4", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3.04", "1.2.3",
		"1.2.3.4.", ".1.2.3.4", "1..2.3", "1.2.3.4.5", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4%eth0", "::ffff:1.2.3.4",
		"1000.1.1.1", "0.00.0.0", "1.2.3.-4", "+1.2.3.4", "169.80.188.127", "signin.amazonaws.com", "１.2.3.4", "1.2.3.4\xff"}
	r := rand.New(rand.NewPCG(3, 5))
	const alphabet = "0123456789...:%a"
	for range 200000 {
		b := make([]byte, r.IntN(17))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, string(b))
		// Four runs of up to three digits: mostly addresses or near ones.
		q := ""
		for i := range 4 {
			if i > 0 {
				q += "."
			}
			for range 1 + r.IntN(3) {
				q += string(alphabet[r.IntN(10)])
			}
		}
		cases = append(cases, q)
	}
	valid := 0
	for _, s := range cases {
		_, want := parseIPv4Addr(lossyUTF8(s))
		if got := isDottedQuad(s); got != want {
			t.Fatalf("isDottedQuad(%q) = %v, parseIPv4Addr says %v", s, got, want)
		}
		if want {
			valid++
		}
	}
	if valid < 10000 {
		t.Errorf("only %d of the random strings were addresses", valid)
	}
}
