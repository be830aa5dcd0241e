package value

import (
	"strconv"
	"time"
)

// formatAutoSi renders t as RFC 3339 in UTC with `Z`, with 0, 3, 6 or 9
// fractional digits: the fewest that show the nanoseconds exactly
// (chrono's SecondsFormat::AutoSi).
func formatAutoSi(t time.Time) string {
	b := make([]byte, 0, 32)
	b = t.AppendFormat(b, "2006-01-02T15:04:05")
	ns := t.Nanosecond()
	switch {
	case ns == 0:
	case ns%1_000_000 == 0:
		b = append(b, '.')
		b = appendPadded(b, ns/1_000_000, 3)
	case ns%1_000 == 0:
		b = append(b, '.')
		b = appendPadded(b, ns/1_000, 6)
	default:
		b = append(b, '.')
		b = appendPadded(b, ns, 9)
	}
	return string(append(b, 'Z'))
}

func appendPadded(b []byte, n, width int) []byte {
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}
