package stdlib

import (
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Punycode (RFC 3492) and IDNA helpers for encode_punycode and
// decode_punycode. With validation on, upstream runs UTS #46 processing
// (non-transitional, hyphen checks off, no DNS length check); without it
// each label is converted on its own.

const punycodePrefix = "xn--"

// punycodeIDNA is the UTS #46 profile closest to upstream's idna crate
// defaults for domain_to_ascii / domain_to_unicode.
var punycodeIDNA = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.CheckHyphens(false),
	idna.StrictDomainName(false),
	idna.VerifyDNSLength(false),
	idna.BidiRule(),
	idna.CheckJoiners(true),
)

const (
	pcBase        = 36
	pcTMin        = 1
	pcTMax        = 26
	pcSkew        = 38
	pcDamp        = 700
	pcInitialBias = 72
	pcInitialN    = 128
)

func punycodeAdapt(delta, numPoints int32, first bool) int32 {
	if first {
		delta /= pcDamp
	} else {
		delta /= 2
	}
	delta += delta / numPoints
	k := int32(0)
	for delta > ((pcBase-pcTMin)*pcTMax)/2 {
		delta /= pcBase - pcTMin
		k += pcBase
	}
	return k + (pcBase-pcTMin+1)*delta/(delta+pcSkew)
}

func punycodeDigit(d int32) byte {
	if d < 26 {
		return byte('a' + d)
	}
	return byte('0' + d - 26)
}

// punycodeEncode encodes one label (without the xn-- prefix).
func punycodeEncode(s string) (string, error) {
	runes := []rune(s)
	var out []byte
	for _, r := range runes {
		if r < 0x80 {
			out = append(out, byte(r))
		}
	}
	b := int32(len(out))
	h := b
	if b > 0 {
		out = append(out, '-')
	}
	n, delta, bias := int32(pcInitialN), int32(0), int32(pcInitialBias)
	for int(h) < len(runes) {
		m := int32(utf8.MaxRune + 1)
		for _, r := range runes {
			if r >= n && r < m {
				m = r
			}
		}
		if int64(m-n)*int64(h+1) > int64(1<<31-1-delta) {
			return "", errors.New("punycode overflow")
		}
		delta += (m - n) * (h + 1)
		n = m
		for _, r := range runes {
			if r < n {
				delta++
			}
			if r == n {
				q := delta
				for k := int32(pcBase); ; k += pcBase {
					t := k - bias
					if t < pcTMin {
						t = pcTMin
					} else if t > pcTMax {
						t = pcTMax
					}
					if q < t {
						break
					}
					out = append(out, punycodeDigit(t+(q-t)%(pcBase-t)))
					q = (q - t) / (pcBase - t)
				}
				out = append(out, punycodeDigit(q))
				bias = punycodeAdapt(delta, h+1, h == b)
				delta = 0
				h++
			}
		}
		delta++
		n++
	}
	return string(out), nil
}

// punycodeDecode decodes one label (without the xn-- prefix).
func punycodeDecode(s string) (string, error) {
	var out []rune
	pos := 0
	if i := strings.LastIndexByte(s, '-'); i >= 0 {
		for _, c := range []byte(s[:i]) {
			if c >= 0x80 {
				return "", errors.New("non-ASCII basic code point")
			}
			out = append(out, rune(c))
		}
		pos = i + 1
	}
	n, bias, i := int32(pcInitialN), int32(pcInitialBias), int32(0)
	for pos < len(s) {
		oldi, w := i, int32(1)
		for k := int32(pcBase); ; k += pcBase {
			if pos >= len(s) {
				return "", errors.New("truncated punycode")
			}
			c := s[pos]
			pos++
			var d int32
			switch {
			case c >= '0' && c <= '9':
				d = int32(c-'0') + 26
			case c >= 'a' && c <= 'z':
				d = int32(c - 'a')
			case c >= 'A' && c <= 'Z':
				d = int32(c - 'A')
			default:
				return "", errors.New("invalid punycode digit")
			}
			if d > (1<<31-1-i)/w {
				return "", errors.New("punycode overflow")
			}
			i += d * w
			t := k - bias
			if t < pcTMin {
				t = pcTMin
			} else if t > pcTMax {
				t = pcTMax
			}
			if d < t {
				break
			}
			if int64(w)*int64(pcBase-t) > 1<<31-1 {
				return "", errors.New("punycode overflow")
			}
			w *= pcBase - t
		}
		num := int32(len(out) + 1)
		bias = punycodeAdapt(i-oldi, num, oldi == 0)
		if i/num > 1<<31-1-n {
			return "", errors.New("punycode overflow")
		}
		n += i / num
		i %= num
		if n > utf8.MaxRune || (n >= 0xD800 && n <= 0xDFFF) {
			return "", errors.New("invalid code point")
		}
		out = append(out, 0)
		copy(out[i+1:], out[i:])
		out[i] = n
		i++
	}
	return string(out), nil
}
