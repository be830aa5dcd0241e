package stdlib

// grok_datadog_date.go is the Datadog grok `date("format"[, "zone"])`
// matcher: the Java-style format (yyyy-MM-dd HH:mm:ss.SSS Z) becomes a
// regex to match with and a strptime format to read the capture with;
// the value becomes Unix milliseconds.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

type ddDate struct {
	original  string
	strp      string
	re        *regexp.Regexp // with the tz and fraction captures
	targetTZ  string
	tzAware   bool
	tzCapture bool
	withFrac  bool
}

// ddRun returns the run of c starting s[0] and its length.
func ddRun(s string) (byte, int) {
	n := 1
	for n < len(s) && s[n] == s[0] {
		n++
	}
	return s[0], n
}

func ddIsASCIILetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// ddJavaToStrptime converts a Java date format to chrono's strptime.
func ddJavaToStrptime(format string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(format); {
		c := format[i]
		switch {
		case ddIsASCIILetter(c):
			_, n := ddRun(format[i:])
			i += n
			switch {
			case c == 'h':
				b.WriteString("%I")
			case c == 'H':
				b.WriteString("%H")
			case c == 'm':
				b.WriteString("%M")
			case c == 's':
				b.WriteString("%S")
			case c == 'S':
				out := b.String()
				if out != "" {
					_, sz := ddLastRune(out)
					out = out[:len(out)-sz]
				}
				b.Reset()
				b.WriteString(out + "%.f")
			case (c == 'y' || c == 'Y') && n == 2:
				b.WriteString("%y")
			case c == 'y' || c == 'Y':
				b.WriteString("%Y")
			case c == 'x':
				b.WriteString("%D")
			case c == 'c' || c == 'C':
				b.WriteString("%C")
			case c == 'd' && n == 1:
				b.WriteString("%-d")
			case c == 'd':
				b.WriteString("%d")
			case c == 'e':
				b.WriteString("%u")
			case c == 'D':
				b.WriteString("%j")
			case c == 'w':
				b.WriteString("%V")
			case c == 'M' && n == 1:
				b.WriteString("%-m")
			case c == 'M' && n == 2:
				b.WriteString("%m")
			case c == 'M' && n == 3:
				b.WriteString("%b")
			case c == 'M':
				b.WriteString("%B")
			case c == 'a':
				b.WriteString("%p")
			case c == 'E' && n == 3:
				b.WriteString("%a")
			case c == 'E' && n > 3:
				b.WriteString("%A")
			case c == 'z':
				b.WriteString("%Z")
			case c == 'Z' && n == 1:
				b.WriteString("%z")
			case c == 'Z' && n == 2:
				b.WriteString("%:z")
			case c == 'Z':
			default:
				return "", fmt.Errorf("invalid date format '%s'", format)
			}
		case c == '\'':
			j := strings.IndexByte(format[i+1:], '\'')
			if j < 0 {
				b.WriteString(format[i+1:])
				i = len(format)
			} else {
				b.WriteString(format[i+1 : i+1+j])
				i += j + 2
			}
		default:
			_, n := firstRune(format[i:])
			b.WriteString(format[i : i+n])
			i += n
		}
	}
	return b.String(), nil
}

func ddLastRune(s string) (rune, int) {
	r := []rune(s)
	last := r[len(r)-1]
	return last, len(string(last))
}

// ddJavaToRegex builds the regex a Java date format matches; with
// captures it also marks the zone (tz) and fraction separator (fr).
func ddJavaToRegex(format string, captures bool) (re string, tzAware, tzCapture, withFrac bool, err error) {
	var b strings.Builder
	for i := 0; i < len(format); {
		c := format[i]
		switch {
		case ddIsASCIILetter(c):
			_, n := ddRun(format[i:])
			i += n
			digits := fmt.Sprintf(`[\d]{%d}`, n)
			switch {
			case strings.IndexByte("hHmsYxcCeDw", c) >= 0:
				b.WriteString(digits)
			case (c == 'd' || c == 'M') && n == 1:
				b.WriteString(`[\d]{1,2}`)
			case c == 'd':
				b.WriteString(digits)
			case c == 'y' && n == 1:
				b.WriteString(`[\d]{4}`)
			case c == 'y':
				b.WriteString(digits)
			case c == 'S':
				out := b.String()
				if out != "" {
					last, sz := ddLastRune(out)
					out = out[:len(out)-sz]
					frac := string(last)
					if last == '.' {
						out = strings.TrimSuffix(out, `\`)
						frac = `\.`
					}
					if captures {
						out += "(?P<fr>" + frac + ")"
						withFrac = true
					} else {
						out += frac
					}
					b.Reset()
					b.WriteString(out)
				}
				b.WriteString(digits)
			case c == 'M' && n == 2:
				b.WriteString(`[\d]{2}`)
			case (c == 'M' || c == 'E') && n == 3:
				b.WriteString(`[\w]{3}`)
			case c == 'M' || c == 'E':
				b.WriteString(`[\w]+`)
			case c == 'a':
				b.WriteString(`(?:[aA][mM]|[pP][mM])`)
			case c == 'z':
				switch {
				case n >= 4 && captures:
					b.WriteString(`(?P<tz>[\w]+(?:/[\w]+)?)`)
					tzCapture = true
				case n >= 4:
					b.WriteString(`[\w]+(?:\/[\w]+)?`)
				case captures:
					b.WriteString(`(?P<tz>[\w]+)`)
					tzCapture = true
				default:
					b.WriteString(`[\w]+`)
				}
				tzAware = true
			case c == 'Z':
				if n <= 2 {
					b.WriteString(`(?:Z|[+-]\d\d:?\d\d)`)
				} else {
					b.WriteString(`[\w]+(?:/[\w]+)?`)
				}
				tzAware = true
			default:
				return "", false, false, false, fmt.Errorf("invalid date format '%s'", format)
			}
		case c == '\'':
			j := strings.IndexByte(format[i+1:], '\'')
			if j < 0 {
				b.WriteString(format[i+1:])
				i = len(format)
			} else {
				b.WriteString(format[i+1 : i+1+j])
				i += j + 2
			}
		default:
			if c == '.' {
				b.WriteByte('\\')
			}
			_, n := firstRune(format[i:])
			b.WriteString(format[i : i+n])
			i += n
		}
	}
	return b.String(), tzAware, tzCapture, withFrac, nil
}

// ddDateMatcher compiles date("format"[, "zone"]) into its match regex
// and the filter that reads the captured text.
func ddDateMatcher(fn *ddFunc) (string, *ddDate, error) {
	if len(fn.args) == 0 || len(fn.args) > 2 || fn.args[0].fn != nil || fn.args[0].lit.Type() != value.TypeBytes {
		return "", nil, ddInvalidArgs(fn.name)
	}
	format := fn.args[0].lit.Str()
	capRE, tzAware, tzCapture, withFrac, err := ddJavaToRegex(format, true)
	if err != nil {
		return "", nil, ddInvalidArgs(fn.name)
	}
	compiled, err := regexp.Compile(unicodeRE(capRE))
	if err != nil {
		return "", nil, ddInvalidArgs(fn.name)
	}
	strp, err := ddJavaToStrptime(format)
	if err != nil {
		return "", nil, ddInvalidArgs(fn.name)
	}
	d := &ddDate{original: format, strp: strp, re: compiled, tzAware: tzAware, tzCapture: tzCapture, withFrac: withFrac}
	if len(fn.args) == 2 {
		a := fn.args[1]
		if a.fn != nil || a.lit.Type() != value.TypeBytes {
			return "", nil, ddInvalidArgs(fn.name)
		}
		if _, err := ddParseZone(a.lit.Str(), time.Now()); err != nil {
			return "", nil, ddInvalidArgs(fn.name)
		}
		d.targetTZ = a.lit.Str()
	}
	plain, _, _, _, err := ddJavaToRegex(format, false)
	if err != nil {
		return "", nil, ddInvalidArgs(fn.name)
	}
	return plain, d, nil
}

// ddParseZone resolves a zone argument to a fixed offset (seconds): UTC
// names, ±hh[:mm] offsets (also after a prefix such as GMT+2), or an IANA
// name at its current offset.
func ddParseZone(tz string, now time.Time) (int64, error) {
	switch {
	case tz == "GMT" || tz == "UTC" || tz == "UT" || tz == "Z":
		return 0, nil
	case strings.HasPrefix(tz, "+") || strings.HasPrefix(tz, "-"):
		return ddParseOffset(tz)
	case strings.Contains(tz, "+"):
		return ddParseOffset(tz[strings.IndexByte(tz, '+'):])
	case strings.Contains(tz, "-"):
		return ddParseOffset(tz[strings.IndexByte(tz, '-'):])
	}
	loc, ok := tfLoadZone(tz)
	if !ok || tz == "" || tz == "local" {
		return 0, fmt.Errorf("unknown zone %s", tz)
	}
	_, off := now.In(loc).Zone()
	return int64(off), nil
}

func ddParseOffset(tz string) (int64, error) {
	if len(tz) <= 3 {
		h, err := strconv.ParseInt(tz, 10, 32)
		if err != nil {
			return 0, err
		}
		return h * 3600, nil
	}
	f := "%z"
	if strings.Contains(tz, ":") {
		f = "%:z"
	}
	t, err := tfParseWhole("2020-04-12 22:10:57 "+tz, tfItems("%Y-%m-%d %H:%M:%S "+f))
	if err != nil {
		return 0, err
	}
	if _, err := t.toFixed(); err != nil {
		return 0, err
	}
	return *t.offset, nil
}

// apply reads the captured text into Unix milliseconds.
func (d *ddDate) apply(original string, now time.Time) (value.Value, bool) {
	strp, dt := d.strp, original
	if !strings.Contains(strp, "d") {
		strp = "%-m %-d " + strp
		dt = fmt.Sprintf("%d %d %s", int(now.Month()), now.Day(), dt)
	}
	if !strings.Contains(strp, "y") && !strings.Contains(strp, "Y") {
		strp = "%Y " + strp
		dt = fmt.Sprintf("%d %s", now.Year(), dt)
	}
	if strings.HasSuffix(dt, "Z") && strings.HasSuffix(d.original, "Z") {
		dt = strings.TrimSuffix(dt, "Z") + "+0000"
	}
	fraction := func() {
		if !d.withFrac {
			return
		}
		if m := d.re.FindStringSubmatchIndex(dt); m != nil {
			if g := d.re.SubexpIndex("fr"); g >= 0 && m[2*g] >= 0 {
				dt = dt[:m[2*g]] + "." + dt[m[2*g+1]:]
			}
		}
	}
	millis := func(t time.Time) value.Value { return value.Integer(t.UnixMilli()) }
	if d.tzCapture {
		m := d.re.FindStringSubmatch(original)
		g := d.re.SubexpIndex("tz")
		if m == nil || g < 0 {
			return value.Null, false
		}
		loc, ok := tfLoadZone(m[g])
		if !ok || m[g] == "" || m[g] == "local" {
			return value.Null, false
		}
		fraction()
		t, err := tfParseInZone(dt, strp, loc)
		if err != nil {
			return value.Null, false
		}
		return millis(t), true
	}
	fraction()
	if d.tzAware {
		t, err := tfParseWithOffset(dt, strp)
		if err != nil {
			return value.Null, false
		}
		return millis(t), true
	}
	if naive, err := tfParseNaive(dt, strp); err == nil {
		if d.targetTZ == "" {
			return millis(naive), true
		}
		off, err := ddParseZone(d.targetTZ, now)
		if err != nil {
			return value.Null, false
		}
		return millis(naive.Add(-time.Duration(off) * time.Second)), true
	}
	p, err := tfParseWhole(dt, tfItems(strp))
	if err != nil {
		return value.Null, false
	}
	if secs, nano, err := p.clock(); err == nil {
		return value.Integer((secs*1_000_000_000 + nano) / 1_000_000), true
	}
	day, err := p.date()
	if err != nil {
		return value.Null, false
	}
	return millis(day), true
}
