package stdlib

import "strings"

// Percent-decoding as upstream's decoders (percent_encoding's
// percent_decode, url's form_urlencoded) do it: a '%' followed by two hex
// digits is that byte; any other '%' stays as it is.

// hexDigit is the value of the hex digit c.
func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// percentDecode decodes the %XX escapes of s and reads the result as
// lossy UTF-8.
func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return lossyUTF8(s)
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			hi, ok1 := hexDigit(s[i+1])
			lo, ok2 := hexDigit(s[i+2])
			if ok1 && ok2 {
				b = append(b, hi<<4|lo)
				i += 2
				continue
			}
		}
		b = append(b, s[i])
	}
	return lossyUTF8(string(b))
}

// formDecode decodes an application/x-www-form-urlencoded name or value:
// '+' is a space, then %XX escapes are decoded.
func formDecode(s string) string {
	return percentDecode(strings.ReplaceAll(s, "+", " "))
}
