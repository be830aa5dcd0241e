package stdlib

// timefmt.go is a chrono-compatible strftime/strptime: VRL formats and parses
// timestamps with Rust's chrono crate, so every format-taking function
// (parse_timestamp, format_timestamp, parse_common_log, the web-server log
// parsers, ...) must follow chrono's rules exactly rather than C's or Go's:
// which specifiers exist, how whitespace and padding are read, how fields
// are cross-checked when they over-determine a date, and which error text
// comes back for a bad input.
//
// The format string is first split into items (tfItem, here), mirroring
// chrono's StrftimeItems; parsing (timefmt_parse.go) fills a tfParsed with
// every field it saw and then resolves it into an instant, as chrono's
// Parsed does; formatting (timefmt_format.go) renders items back.

import (
	"strings"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // named time zones must not depend on the host's zoneinfo
	"unicode"
	"unicode/utf8"
)

// tfErr is one of chrono's ParseErrorKind values; its text is chrono's
// Display text, which VRL puts into its error messages.
type tfErr int

const (
	tfOutOfRange tfErr = iota + 1
	tfImpossible
	tfNotEnough
	tfInvalid
	tfTooShort
	tfTooLong
	tfBadFormat
)

func (e tfErr) Error() string {
	switch e {
	case tfOutOfRange:
		return "input is out of range"
	case tfImpossible:
		return "no possible date and time matching input"
	case tfNotEnough:
		return "input is not enough for unique date and time"
	case tfInvalid:
		return "input contains invalid characters"
	case tfTooShort:
		return "premature end of input"
	case tfTooLong:
		return "trailing input"
	default:
		return "bad or unsupported format string"
	}
}

type tfItemKind uint8

const (
	tfLiteral tfItemKind = iota
	tfSpace
	tfNumeric
	tfFixedItem
	tfError
)

// tfNum is a numeric field (chrono's Numeric).
type tfNum uint8

const (
	tfYear tfNum = iota
	tfYearDiv100
	tfYearMod100
	tfIsoYear
	tfIsoYearDiv100
	tfIsoYearMod100
	tfQuarter
	tfMonth
	tfDay
	tfWeekFromSun
	tfWeekFromMon
	tfIsoWeek
	tfNumDaysFromSun
	tfWeekdayFromMon
	tfOrdinal
	tfHour
	tfHour12
	tfMinute
	tfSecond
	tfNanosecond
	tfTimestamp
)

// tfFix is a non-numeric field (chrono's Fixed and its internal variants).
type tfFix uint8

const (
	tfShortMonthName tfFix = iota
	tfLongMonthName
	tfShortWeekdayName
	tfLongWeekdayName
	tfLowerAmPm
	tfUpperAmPm
	tfNanoDot      // %.f
	tfNano3Dot     // %.3f
	tfNano6Dot     // %.6f
	tfNano9Dot     // %.9f
	tfNano3NoDot   // %3f
	tfNano6NoDot   // %6f
	tfNano9NoDot   // %9f
	tfTzName       // %Z
	tfTzOffset     // %z
	tfTzColon      // %:z
	tfTzDblColon   // %::z
	tfTzTplColon   // %:::z
	tfTzPermissive // %#z
	tfRFC3339      // %+
)

type tfPad uint8

const (
	tfPadNone tfPad = iota
	tfPadZero
	tfPadSpace
)

type tfItem struct {
	kind  tfItemKind
	lit   string
	num   tfNum
	pad   tfPad
	fixed tfFix
}

func tfNum0(n tfNum) tfItem  { return tfItem{kind: tfNumeric, num: n, pad: tfPadZero} }
func tfNumS(n tfNum) tfItem  { return tfItem{kind: tfNumeric, num: n, pad: tfPadSpace} }
func tfNumN(n tfNum) tfItem  { return tfItem{kind: tfNumeric, num: n, pad: tfPadNone} }
func tfFixed(f tfFix) tfItem { return tfItem{kind: tfFixedItem, fixed: f} }
func tfLit(s string) tfItem  { return tfItem{kind: tfLiteral, lit: s} }

var tfErrorItem = tfItem{kind: tfError}

// tfItems splits a strftime format into items as chrono's StrftimeItems
// does. An unknown or malformed specifier becomes an error item in place;
// parsing fails with "bad or unsupported format string" only on reaching
// it, and formatting fails outright.
func tfItems(format string) []tfItem {
	var items []tfItem
	rest := format
	for rest != "" {
		r, size := utf8.DecodeRuneInString(rest)
		if r != '%' {
			if unicode.IsSpace(r) {
				end := strings.IndexFunc(rest, func(c rune) bool { return !unicode.IsSpace(c) })
				if end < 0 {
					end = len(rest)
				}
				items = append(items, tfItem{kind: tfSpace, lit: rest[:end]})
				rest = rest[end:]
				continue
			}
			end := strings.IndexFunc(rest, func(c rune) bool { return unicode.IsSpace(c) || c == '%' })
			if end < 0 {
				end = len(rest)
			}
			items = append(items, tfLit(rest[:end]))
			rest = rest[end:]
			continue
		}
		_ = size
		rest = rest[1:]
		next := func() (rune, bool) {
			if rest == "" {
				return 0, false
			}
			c, n := utf8.DecodeRuneInString(rest)
			rest = rest[n:]
			return c, true
		}
		spec, ok := next()
		if !ok {
			items = append(items, tfErrorItem)
			break
		}
		var pad tfPad
		padOverride := false
		switch spec {
		case '-':
			pad, padOverride = tfPadNone, true
		case '0':
			pad, padOverride = tfPadZero, true
		case '_':
			pad, padOverride = tfPadSpace, true
		}
		alternate := spec == '#'
		if padOverride || alternate {
			if spec, ok = next(); !ok {
				items = append(items, tfErrorItem)
				break
			}
		}
		if alternate && spec != 'z' {
			items = append(items, tfErrorItem)
			continue
		}
		var expansion []tfItem
		switch spec {
		case 'A':
			expansion = []tfItem{tfFixed(tfLongWeekdayName)}
		case 'B':
			expansion = []tfItem{tfFixed(tfLongMonthName)}
		case 'C':
			expansion = []tfItem{tfNum0(tfYearDiv100)}
		case 'D':
			expansion = []tfItem{tfNum0(tfMonth), tfLit("/"), tfNum0(tfDay), tfLit("/"), tfNum0(tfYearMod100)}
		case 'F':
			expansion = []tfItem{tfNum0(tfYear), tfLit("-"), tfNum0(tfMonth), tfLit("-"), tfNum0(tfDay)}
		case 'G':
			expansion = []tfItem{tfNum0(tfIsoYear)}
		case 'H':
			expansion = []tfItem{tfNum0(tfHour)}
		case 'I':
			expansion = []tfItem{tfNum0(tfHour12)}
		case 'M':
			expansion = []tfItem{tfNum0(tfMinute)}
		case 'P':
			expansion = []tfItem{tfFixed(tfLowerAmPm)}
		case 'R':
			expansion = []tfItem{tfNum0(tfHour), tfLit(":"), tfNum0(tfMinute)}
		case 'S':
			expansion = []tfItem{tfNum0(tfSecond)}
		case 'T', 'X':
			expansion = []tfItem{tfNum0(tfHour), tfLit(":"), tfNum0(tfMinute), tfLit(":"), tfNum0(tfSecond)}
		case 'U':
			expansion = []tfItem{tfNum0(tfWeekFromSun)}
		case 'V':
			expansion = []tfItem{tfNum0(tfIsoWeek)}
		case 'W':
			expansion = []tfItem{tfNum0(tfWeekFromMon)}
		case 'Y':
			expansion = []tfItem{tfNum0(tfYear)}
		case 'Z':
			expansion = []tfItem{tfFixed(tfTzName)}
		case 'a':
			expansion = []tfItem{tfFixed(tfShortWeekdayName)}
		case 'b', 'h':
			expansion = []tfItem{tfFixed(tfShortMonthName)}
		case 'c':
			expansion = []tfItem{
				tfFixed(tfShortWeekdayName), {kind: tfSpace, lit: " "}, tfFixed(tfShortMonthName),
				{kind: tfSpace, lit: " "}, tfNumS(tfDay), {kind: tfSpace, lit: " "}, tfNum0(tfHour),
				tfLit(":"), tfNum0(tfMinute), tfLit(":"), tfNum0(tfSecond), {kind: tfSpace, lit: " "}, tfNum0(tfYear),
			}
		case 'd':
			expansion = []tfItem{tfNum0(tfDay)}
		case 'e':
			expansion = []tfItem{tfNumS(tfDay)}
		case 'f':
			expansion = []tfItem{tfNum0(tfNanosecond)}
		case 'g':
			expansion = []tfItem{tfNum0(tfIsoYearMod100)}
		case 'j':
			expansion = []tfItem{tfNum0(tfOrdinal)}
		case 'k':
			expansion = []tfItem{tfNumS(tfHour)}
		case 'l':
			expansion = []tfItem{tfNumS(tfHour12)}
		case 'm':
			expansion = []tfItem{tfNum0(tfMonth)}
		case 'n':
			expansion = []tfItem{{kind: tfSpace, lit: "\n"}}
		case 'p':
			expansion = []tfItem{tfFixed(tfUpperAmPm)}
		case 'q':
			expansion = []tfItem{tfNumN(tfQuarter)}
		case 'r':
			expansion = []tfItem{tfNum0(tfHour12), tfLit(":"), tfNum0(tfMinute), tfLit(":"), tfNum0(tfSecond),
				{kind: tfSpace, lit: " "}, tfFixed(tfUpperAmPm)}
		case 's':
			expansion = []tfItem{tfNumN(tfTimestamp)}
		case 't':
			expansion = []tfItem{{kind: tfSpace, lit: "\t"}}
		case 'u':
			expansion = []tfItem{tfNumN(tfWeekdayFromMon)}
		case 'v':
			expansion = []tfItem{tfNumS(tfDay), tfLit("-"), tfFixed(tfShortMonthName), tfLit("-"), tfNum0(tfYear)}
		case 'w':
			expansion = []tfItem{tfNumN(tfNumDaysFromSun)}
		case 'x':
			expansion = []tfItem{tfNum0(tfMonth), tfLit("/"), tfNum0(tfDay), tfLit("/"), tfNum0(tfYearMod100)}
		case 'y':
			expansion = []tfItem{tfNum0(tfYearMod100)}
		case 'z':
			if alternate {
				expansion = []tfItem{tfFixed(tfTzPermissive)}
			} else {
				expansion = []tfItem{tfFixed(tfTzOffset)}
			}
		case '+':
			expansion = []tfItem{tfFixed(tfRFC3339)}
		case ':':
			switch {
			case strings.HasPrefix(rest, "::z"):
				rest = rest[3:]
				expansion = []tfItem{tfFixed(tfTzTplColon)}
			case strings.HasPrefix(rest, ":z"):
				rest = rest[2:]
				expansion = []tfItem{tfFixed(tfTzDblColon)}
			case strings.HasPrefix(rest, "z"):
				rest = rest[1:]
				expansion = []tfItem{tfFixed(tfTzColon)}
			default:
				expansion = []tfItem{tfErrorItem}
			}
		case '.':
			c, ok := next()
			switch {
			case !ok:
				expansion = []tfItem{tfErrorItem}
			case c == 'f':
				expansion = []tfItem{tfFixed(tfNanoDot)}
			case c == '3' || c == '6' || c == '9':
				if f, ok := next(); ok && f == 'f' {
					expansion = []tfItem{tfFixed(map[rune]tfFix{'3': tfNano3Dot, '6': tfNano6Dot, '9': tfNano9Dot}[c])}
				} else {
					expansion = []tfItem{tfErrorItem}
				}
			default:
				expansion = []tfItem{tfErrorItem}
			}
		case '3', '6', '9':
			if f, ok := next(); ok && f == 'f' {
				expansion = []tfItem{tfFixed(map[rune]tfFix{'3': tfNano3NoDot, '6': tfNano6NoDot, '9': tfNano9NoDot}[spec])}
			} else {
				expansion = []tfItem{tfErrorItem}
			}
		case '%':
			expansion = []tfItem{tfLit("%")}
		default:
			expansion = []tfItem{tfErrorItem}
		}
		if padOverride {
			// A padding modifier only applies to a lone numeric item.
			if len(expansion) == 1 && expansion[0].kind == tfNumeric {
				expansion[0].pad = pad
			} else {
				expansion = []tfItem{tfErrorItem}
			}
		}
		items = append(items, expansion...)
	}
	return items
}

// tfFormatHasZone reports whether a format carries its own offset, in which
// case VRL parses it as a fixed-offset date time and ignores the time zone
// argument (chrono's DateTime::parse_from_str instead of a local parse).
// tfItemsCache holds the parsed items of the formats parse_timestamp and
// friends see, which are almost always a handful of literals in the
// program: parsing "%Y-%m-%dT%H:%M:%SZ" again for every record was half
// of parse_timestamp's time in an ingest profile. Items are read-only, so
// one slice serves every goroutine. The cache stops growing at
// tfItemsCacheMax formats (a format computed from the data would
// otherwise grow it without bound); later formats are parsed per call.
var (
	tfItemsCache     sync.Map // string → []tfItem
	tfItemsCacheSize atomic.Int32
)

const tfItemsCacheMax = 256

// tfItemsCached is tfItems through tfItemsCache.
func tfItemsCached(format string) []tfItem {
	if v, ok := tfItemsCache.Load(format); ok {
		return v.([]tfItem)
	}
	if tfItemsCacheSize.Load() >= tfItemsCacheMax {
		return tfItems(format)
	}
	// The key and the items' literals must not pin the caller's string,
	// which may be a slice of a large input.
	format = strings.Clone(format)
	items := tfItems(format)
	if _, loaded := tfItemsCache.LoadOrStore(format, items); !loaded {
		tfItemsCacheSize.Add(1)
	}
	return items
}

// tfFormatHasZone reports whether format contains one of "%Z", "%z",
// "%:z", "%#z" or "%+" (anywhere, as substrings), in one pass: it runs on
// every parse_timestamp call.
func tfFormatHasZone(format string) bool {
	for i := 0; i+1 < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		switch format[i+1] {
		case 'Z', 'z', '+':
			return true
		case ':', '#':
			if i+2 < len(format) && format[i+2] == 'z' {
				return true
			}
		}
	}
	return false
}

// tfLoadZone resolves a VRL time zone name: "" and "local" are the host's
// zone, anything else an IANA name. ok is false for an unknown name.
func tfLoadZone(name string) (*time.Location, bool) {
	if name == "" || name == "local" {
		return time.Local, true
	}
	if strings.HasPrefix(name, "/") || strings.Contains(name, "..") || name == "Local" {
		return nil, false
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, false
	}
	return loc, true
}
