package stdlib

// timefmt_parse.go is the strptime half of timefmt: reading input with
// format items into a tfParsed (chrono's Parsed) and resolving that into
// an instant, in a time zone or with the offset the input carries.

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// tfParsed holds the fields read from the input (chrono's Parsed).
type tfParsed struct {
	year, yearDiv100, yearMod100          *int64
	isoYear, isoYearDiv100, isoYearMod100 *int64
	quarter, month, weekFromSun           *int64
	weekFromMon, isoWeek, ordinal, day    *int64
	weekday                               *time.Weekday
	hourDiv12, hourMod12, minute, second  *int64
	nanosecond, timestamp, offset         *int64
	// vals backs the field pointers above (each set takes the next one),
	// so a parse allocates the tfParsed and not one int64 per field
	// (parse_timestamp was 3% of an ingest profile, half of it these).
	vals  [12]int64
	nvals int
}

// set records a field: a second, different value for it is impossible
// (chrono's Parsed setters).
func (p *tfParsed) set(field **int64, v int64) error {
	if *field != nil && **field != v {
		return tfImpossible
	}
	if p.nvals < len(p.vals) {
		x := &p.vals[p.nvals]
		p.nvals++
		*x = v
		*field = x
		return nil
	}
	// new rather than &v: taking v's address would move v to the heap
	// on every call, not just this one.
	x := new(int64)
	*x = v
	*field = x
	return nil
}

func (p *tfParsed) setRange(field **int64, v, lo, hi int64) error {
	if v < lo || v > hi {
		return tfOutOfRange
	}
	return p.set(field, v)
}

func (p *tfParsed) setWeekday(w time.Weekday) error {
	if p.weekday != nil && *p.weekday != w {
		return tfImpossible
	}
	p.weekday = &w
	return nil
}

func (p *tfParsed) setHour(v int64) error {
	if v < 0 || v > 23 {
		return tfOutOfRange
	}
	if err := p.set(&p.hourDiv12, v/12); err != nil {
		return err
	}
	return p.set(&p.hourMod12, v%12)
}

func (p *tfParsed) setNumeric(n tfNum, v int64) error {
	const i32max = 1<<31 - 1
	switch n {
	case tfYear:
		return p.setRange(&p.year, v, -i32max-1, i32max)
	case tfYearDiv100:
		return p.setRange(&p.yearDiv100, v, 0, i32max)
	case tfYearMod100:
		return p.setRange(&p.yearMod100, v, 0, 99)
	case tfIsoYear:
		return p.setRange(&p.isoYear, v, -i32max-1, i32max)
	case tfIsoYearDiv100:
		return p.setRange(&p.isoYearDiv100, v, 0, i32max)
	case tfIsoYearMod100:
		return p.setRange(&p.isoYearMod100, v, 0, 99)
	case tfQuarter:
		return p.setRange(&p.quarter, v, 1, 4)
	case tfMonth:
		return p.setRange(&p.month, v, 1, 12)
	case tfDay:
		return p.setRange(&p.day, v, 1, 31)
	case tfWeekFromSun:
		return p.setRange(&p.weekFromSun, v, 0, 53)
	case tfWeekFromMon:
		return p.setRange(&p.weekFromMon, v, 0, 53)
	case tfIsoWeek:
		return p.setRange(&p.isoWeek, v, 1, 53)
	case tfNumDaysFromSun:
		if v < 0 || v > 6 {
			return tfOutOfRange
		}
		return p.setWeekday(time.Weekday(v))
	case tfWeekdayFromMon:
		if v < 1 || v > 7 {
			return tfOutOfRange
		}
		return p.setWeekday(time.Weekday(v % 7))
	case tfOrdinal:
		return p.setRange(&p.ordinal, v, 1, 366)
	case tfHour:
		return p.setHour(v)
	case tfHour12:
		if v < 1 || v > 12 {
			return tfOutOfRange
		}
		return p.set(&p.hourMod12, v%12)
	case tfMinute:
		return p.setRange(&p.minute, v, 0, 59)
	case tfSecond:
		return p.setRange(&p.second, v, 0, 60)
	case tfNanosecond:
		return p.setRange(&p.nanosecond, v, 0, 999_999_999)
	case tfTimestamp:
		return p.set(&p.timestamp, v)
	}
	return nil
}

func tfTrimSpace(s string) string { return strings.TrimLeftFunc(s, unicode.IsSpace) }

// tfNumber reads between min and max ASCII digits (chrono's scan::number).
func tfNumber(s string, min, max int) (string, int64, error) {
	if len(s) < min {
		return s, 0, tfTooShort
	}
	var n int64
	i := 0
	for ; i < len(s) && i < max; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			if i < min {
				return s, 0, tfInvalid
			}
			return s[i:], n, nil
		}
		if n > (1<<63-1-int64(c-'0'))/10 {
			return s, 0, tfOutOfRange
		}
		n = n*10 + int64(c-'0')
	}
	return s[i:], n, nil
}

var tfScale = [10]int64{0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1}

// tfNanos reads 1–9 fraction digits, scaled to nanoseconds; further digits
// are skipped.
func tfNanos(s string) (string, int64, error) {
	rest, v, err := tfNumber(s, 1, 9)
	if err != nil {
		return s, 0, err
	}
	v *= tfScale[len(s)-len(rest)]
	rest = strings.TrimLeft(rest, "0123456789")
	return rest, v, nil
}

func tfNanosFixed(s string, digits int) (string, int64, error) {
	rest, v, err := tfNumber(s, digits, digits)
	if err != nil {
		return s, 0, err
	}
	return rest, v * tfScale[digits], nil
}

var tfMonthNames = [12]string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}
var tfWeekdayNames = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

func tfLowerASCII(b byte) byte { return b | 32 }

func tfShortMonth(s string) (string, int, error) {
	if len(s) < 3 {
		return s, 0, tfTooShort
	}
	for i, m := range tfMonthNames {
		if tfLowerASCII(s[0]) == tfLowerASCII(m[0]) && tfLowerASCII(s[1]) == m[1] && tfLowerASCII(s[2]) == m[2] {
			return s[3:], i, nil
		}
	}
	return s, 0, tfInvalid
}

func tfShortOrLongMonth(s string) (string, int, error) {
	rest, m, err := tfShortMonth(s)
	if err != nil {
		return s, 0, err
	}
	suffix := tfMonthNames[m][3:]
	if len(rest) >= len(suffix) && strings.EqualFold(rest[:len(suffix)], suffix) {
		rest = rest[len(suffix):]
	}
	return rest, m, nil
}

func tfShortWeekday(s string) (string, time.Weekday, error) {
	if len(s) < 3 {
		return s, 0, tfTooShort
	}
	for i, d := range tfWeekdayNames {
		if tfLowerASCII(s[0]) == tfLowerASCII(d[0]) && tfLowerASCII(s[1]) == d[1] && tfLowerASCII(s[2]) == d[2] {
			return s[3:], time.Weekday(i), nil
		}
	}
	return s, 0, tfInvalid
}

func tfShortOrLongWeekday(s string) (string, time.Weekday, error) {
	rest, d, err := tfShortWeekday(s)
	if err != nil {
		return s, 0, err
	}
	suffix := tfWeekdayNames[d][3:]
	if len(rest) >= len(suffix) && strings.EqualFold(rest[:len(suffix)], suffix) {
		rest = rest[len(suffix):]
	}
	return rest, d, nil
}

func tfColonOrSpace(s string) (string, error) {
	return strings.TrimLeftFunc(s, func(c rune) bool { return c == ':' || unicode.IsSpace(c) }), nil
}

// tfOffset reads a numeric offset (chrono's scan::timezone_offset).
func tfOffset(s string, colon func(string) (string, error), allowZulu, allowMissingMinutes, allowMinusSign bool) (string, int64, error) {
	if allowZulu && s != "" && (s[0] == 'Z' || s[0] == 'z') {
		return s[1:], 0, nil
	}
	var neg bool
	switch {
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	case strings.HasPrefix(s, "-"):
		s, neg = s[1:], true
	case strings.HasPrefix(s, "\u2212"):
		if !allowMinusSign {
			return s, 0, tfInvalid
		}
		s, neg = s[len("\u2212"):], true
	case s == "":
		return s, 0, tfTooShort
	default:
		return s, 0, tfInvalid
	}
	if len(s) < 2 {
		return s, 0, tfTooShort
	}
	if !tfIsDigit(s[0]) || !tfIsDigit(s[1]) {
		return s, 0, tfInvalid
	}
	hours := int64(s[0]-'0')*10 + int64(s[1]-'0')
	s, err := colon(s[2:])
	if err != nil {
		return s, 0, err
	}
	var minutes int64
	if len(s) >= 2 {
		switch {
		case s[0] >= '0' && s[0] <= '5' && tfIsDigit(s[1]):
			minutes = int64(s[0]-'0')*10 + int64(s[1]-'0')
		case s[0] >= '6' && s[0] <= '9' && tfIsDigit(s[1]):
			return s, 0, tfOutOfRange
		default:
			return s, 0, tfInvalid
		}
		s = s[2:]
	} else if !allowMissingMinutes {
		return s, 0, tfTooShort
	} else if len(s) == 1 {
		return s, 0, tfTooShort
	}
	secs := hours*3600 + minutes*60
	if neg {
		secs = -secs
	}
	return s, secs, nil
}

func tfIsDigit(c byte) bool { return c >= '0' && c <= '9' }

// tfParse reads s with items into p and returns the unread rest (chrono's
// parse_internal).
func tfParse(p *tfParsed, s string, items []tfItem) (string, error) {
	var err error
	for _, it := range items {
		switch it.kind {
		case tfLiteral:
			if len(s) < len(it.lit) {
				return s, tfTooShort
			}
			if !strings.HasPrefix(s, it.lit) {
				return s, tfInvalid
			}
			s = s[len(it.lit):]
		case tfSpace:
			s = tfTrimSpace(s)
		case tfNumeric:
			width, signed := tfNumWidth(it.num)
			s = tfTrimSpace(s)
			var v int64
			switch {
			case signed && strings.HasPrefix(s, "-"):
				if s, v, err = tfNumber(s[1:], 1, 1<<62); err != nil {
					return s, err
				}
				v = -v
			case signed && strings.HasPrefix(s, "+"):
				if s, v, err = tfNumber(s[1:], 1, 1<<62); err != nil {
					return s, err
				}
			default:
				if s, v, err = tfNumber(s, 1, width); err != nil {
					return s, err
				}
			}
			if err := p.setNumeric(it.num, v); err != nil {
				return s, err
			}
		case tfFixedItem:
			if s, err = tfParseFixed(p, s, it.fixed); err != nil {
				return s, err
			}
		case tfError:
			return s, tfBadFormat
		}
	}
	return s, nil
}

func tfNumWidth(n tfNum) (int, bool) {
	switch n {
	case tfYear, tfIsoYear:
		return 4, true
	case tfQuarter, tfNumDaysFromSun, tfWeekdayFromMon:
		return 1, false
	case tfOrdinal:
		return 3, false
	case tfNanosecond:
		return 9, false
	case tfTimestamp:
		return 1 << 62, false
	}
	return 2, false
}

func tfParseFixed(p *tfParsed, s string, f tfFix) (string, error) {
	var err error
	switch f {
	case tfShortMonthName, tfLongMonthName:
		var m int
		if f == tfShortMonthName {
			s, m, err = tfShortMonth(s)
		} else {
			s, m, err = tfShortOrLongMonth(s)
		}
		if err != nil {
			return s, err
		}
		return s, p.set(&p.month, int64(m+1))
	case tfShortWeekdayName, tfLongWeekdayName:
		var d time.Weekday
		if f == tfShortWeekdayName {
			s, d, err = tfShortWeekday(s)
		} else {
			s, d, err = tfShortOrLongWeekday(s)
		}
		if err != nil {
			return s, err
		}
		return s, p.setWeekday(d)
	case tfLowerAmPm, tfUpperAmPm:
		if len(s) < 2 {
			return s, tfTooShort
		}
		var pm int64
		switch {
		case tfLowerASCII(s[0]) == 'a' && tfLowerASCII(s[1]) == 'm':
		case tfLowerASCII(s[0]) == 'p' && tfLowerASCII(s[1]) == 'm':
			pm = 1
		default:
			return s, tfInvalid
		}
		return s[2:], p.set(&p.hourDiv12, pm)
	case tfNanoDot, tfNano3Dot, tfNano6Dot, tfNano9Dot:
		if !strings.HasPrefix(s, ".") {
			return s, nil
		}
		var v int64
		switch f {
		case tfNanoDot:
			s, v, err = tfNanos(s[1:])
		case tfNano3Dot:
			s, v, err = tfNanosFixed(s[1:], 3)
		case tfNano6Dot:
			s, v, err = tfNanosFixed(s[1:], 6)
		default:
			s, v, err = tfNanosFixed(s[1:], 9)
		}
		if err != nil {
			return s, err
		}
		return s, p.setRange(&p.nanosecond, v, 0, 999_999_999)
	case tfNano3NoDot, tfNano6NoDot, tfNano9NoDot:
		digits := map[tfFix]int{tfNano3NoDot: 3, tfNano6NoDot: 6, tfNano9NoDot: 9}[f]
		if len(s) < digits {
			return s, tfTooShort
		}
		var v int64
		if s, v, err = tfNanosFixed(s, digits); err != nil {
			return s, err
		}
		return s, p.setRange(&p.nanosecond, v, 0, 999_999_999)
	case tfTzName:
		// chrono cannot map a zone name to an offset: it skips the word.
		return strings.TrimLeftFunc(s, func(c rune) bool { return !unicode.IsSpace(c) }), nil
	case tfTzOffset, tfTzColon, tfTzDblColon, tfTzTplColon, tfTzPermissive:
		var off int64
		s, off, err = tfOffset(tfTrimSpace(s), tfColonOrSpace, f == tfTzPermissive, f == tfTzPermissive, true)
		if err != nil {
			return s, err
		}
		return s, p.set(&p.offset, off)
	case tfRFC3339:
		return tfParseRFC3339Relaxed(p, s)
	}
	return s, nil
}

var (
	tfRFC3339DateItems = []tfItem{tfNum0(tfYear), {kind: tfSpace}, tfLit("-"), tfNum0(tfMonth), {kind: tfSpace}, tfLit("-"), tfNum0(tfDay)}
	tfRFC3339TimeItems = []tfItem{tfNum0(tfHour), {kind: tfSpace}, tfLit(":"), tfNum0(tfMinute), {kind: tfSpace}, tfLit(":"),
		tfNum0(tfSecond), tfFixed(tfNanoDot), {kind: tfSpace}}
)

// tfParseRFC3339Relaxed reads %+: RFC 3339 with optional spaces, a `T`,
// `t` or space separator, and `Z` or `UTC` accepted as the offset.
func tfParseRFC3339Relaxed(p *tfParsed, s string) (string, error) {
	s, err := tfParse(p, s, tfRFC3339DateItems)
	if err != nil {
		return s, err
	}
	switch {
	case s == "":
		return s, tfTooShort
	case s[0] == 't' || s[0] == 'T' || s[0] == ' ':
		s = s[1:]
	default:
		return s, tfInvalid
	}
	if s, err = tfParse(p, s, tfRFC3339TimeItems); err != nil {
		return s, err
	}
	s = tfTrimSpace(s)
	var off int64
	if len(s) >= 3 && strings.EqualFold(s[:3], "UTC") {
		s = s[3:]
	} else if s, off, err = tfOffset(s, tfColonOrSpace, true, false, true); err != nil {
		return s, err
	}
	return s, p.set(&p.offset, off)
}

// Date helpers. chrono's NaiveDate covers years -262143..=262142.
const (
	tfMinYear = -262143
	tfMaxYear = 262142
)

// tfMonthDays is the length of each month of a common year.
var tfMonthDays = [13]int64{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// tfDaysIn is the number of days of a month of the proleptic Gregorian
// calendar (time.Date's), without building a time.Time for months 1–12.
func tfDaysIn(year int64, month int64) int64 {
	if month < 1 || month > 12 {
		return int64(time.Date(int(year), time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day())
	}
	if month == 2 && tfIsLeap(year) {
		return 29
	}
	return tfMonthDays[month]
}

func tfYMD(y, m, d int64) (time.Time, bool) {
	if y < tfMinYear || y > tfMaxYear || m < 1 || m > 12 || d < 1 || d > tfDaysIn(y, m) {
		return time.Time{}, false
	}
	return time.Date(int(y), time.Month(m), int(d), 0, 0, 0, 0, time.UTC), true
}

func tfIsLeap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func tfYO(y, o int64) (time.Time, bool) {
	days := int64(365)
	if tfIsLeap(y) {
		days = 366
	}
	if y < tfMinYear || y > tfMaxYear || o < 1 || o > days {
		return time.Time{}, false
	}
	return time.Date(int(y), 1, int(o), 0, 0, 0, 0, time.UTC), true
}

// tfDaysSince is chrono's Weekday::days_since: days from other to w.
func tfDaysSince(w, other time.Weekday) int64 { return (int64(w) - int64(other) + 7) % 7 }

func tfWeeksFrom(d time.Time, start time.Weekday) int64 {
	return (int64(d.YearDay()) - tfDaysSince(d.Weekday(), start) + 6) / 7
}

func tfISOYWD(isoYear, week int64, wd time.Weekday) (time.Time, bool) {
	if isoYear < tfMinYear || isoYear > tfMaxYear || week < 1 || week > 53 {
		return time.Time{}, false
	}
	jan4 := time.Date(int(isoYear), 1, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -int(tfDaysSince(jan4.Weekday(), time.Monday)))
	d := monday.AddDate(0, 0, int((week-1)*7+tfDaysSince(wd, time.Monday)))
	if y, _ := d.ISOWeek(); int64(y) != isoYear {
		return time.Time{}, false
	}
	return d, true
}

func tfResolveYear(y, q, r *int64) (*int64, error) {
	switch {
	case q == nil && r == nil:
		return y, nil
	case y != nil && (r == nil || (*r >= 0 && *r <= 99)):
		if *y < 0 {
			return nil, tfImpossible
		}
		if (q == nil || *q == *y/100) && (r == nil || *r == *y%100) {
			return y, nil
		}
		return nil, tfImpossible
	case y == nil && q != nil && r != nil && *r >= 0 && *r <= 99:
		if *q < 0 {
			return nil, tfImpossible
		}
		v := *q*100 + *r
		if v > 1<<31-1 {
			return nil, tfOutOfRange
		}
		return &v, nil
	case y == nil && q == nil && r != nil && *r >= 0 && *r <= 99:
		v := *r + 1900
		if *r < 70 {
			v = *r + 2000
		}
		return &v, nil
	case y == nil && q != nil && r == nil:
		return nil, tfNotEnough
	}
	return nil, tfOutOfRange
}

func tfEq(field *int64, v int64) bool { return field == nil || *field == v }

func (p *tfParsed) date() (time.Time, error) {
	year, err := tfResolveYear(p.year, p.yearDiv100, p.yearMod100)
	if err != nil {
		return time.Time{}, err
	}
	isoYear, err := tfResolveYear(p.isoYear, p.isoYearDiv100, p.isoYearMod100)
	if err != nil {
		return time.Time{}, err
	}
	verifyYMD := func(d time.Time) bool {
		y := int64(d.Year())
		ok := tfEq(p.year, y) && tfEq(p.month, int64(d.Month())) && tfEq(p.day, int64(d.Day()))
		if y >= 0 {
			ok = ok && tfEq(p.yearDiv100, y/100) && tfEq(p.yearMod100, y%100)
		} else {
			ok = ok && p.yearDiv100 == nil && p.yearMod100 == nil
		}
		return ok
	}
	verifyISO := func(d time.Time) bool {
		iy, iw := d.ISOWeek()
		y := int64(iy)
		ok := tfEq(p.isoYear, y) && tfEq(p.isoWeek, int64(iw)) && (p.weekday == nil || *p.weekday == d.Weekday())
		if y >= 0 {
			ok = ok && tfEq(p.isoYearDiv100, y/100) && tfEq(p.isoYearMod100, y%100)
		} else {
			ok = ok && p.isoYearDiv100 == nil && p.isoYearMod100 == nil
		}
		return ok
	}
	verifyOrdinal := func(d time.Time) bool {
		return tfEq(p.ordinal, int64(d.YearDay())) && tfEq(p.weekFromSun, tfWeeksFrom(d, time.Sunday)) &&
			tfEq(p.weekFromMon, tfWeeksFrom(d, time.Monday))
	}
	var d time.Time
	var verified, ok bool
	switch {
	case year != nil && p.month != nil && p.day != nil:
		if d, ok = tfYMD(*year, *p.month, *p.day); !ok {
			return d, tfOutOfRange
		}
		verified = verifyISO(d) && verifyOrdinal(d)
	case year != nil && p.ordinal != nil:
		if d, ok = tfYO(*year, *p.ordinal); !ok {
			return d, tfOutOfRange
		}
		verified = verifyYMD(d) && verifyISO(d) && verifyOrdinal(d)
	case year != nil && p.weekFromSun != nil && p.weekday != nil:
		if d, err = tfWeekDate(*year, *p.weekFromSun, *p.weekday, time.Sunday); err != nil {
			return d, err
		}
		verified = verifyYMD(d) && verifyISO(d) && verifyOrdinal(d)
	case year != nil && p.weekFromMon != nil && p.weekday != nil:
		if d, err = tfWeekDate(*year, *p.weekFromMon, *p.weekday, time.Monday); err != nil {
			return d, err
		}
		verified = verifyYMD(d) && verifyISO(d) && verifyOrdinal(d)
	case isoYear != nil && p.isoWeek != nil && p.weekday != nil:
		if d, ok = tfISOYWD(*isoYear, *p.isoWeek, *p.weekday); !ok {
			return d, tfOutOfRange
		}
		verified = verifyYMD(d) && verifyOrdinal(d)
	default:
		return d, tfNotEnough
	}
	if !verified {
		return d, tfImpossible
	}
	if p.quarter != nil && *p.quarter != int64(d.Month()-1)/3+1 {
		return d, tfImpossible
	}
	return d, nil
}

func tfWeekDate(year, week int64, wd, start time.Weekday) (time.Time, error) {
	first, ok := tfYO(year, 1)
	if !ok {
		return first, tfOutOfRange
	}
	firstWeekStart := 1 + tfDaysSince(start, first.Weekday())
	ordinal := firstWeekStart + (week-1)*7 + tfDaysSince(wd, start)
	if ordinal <= 0 {
		return first, tfImpossible
	}
	d, ok := tfYO(year, ordinal)
	if !ok {
		return d, tfImpossible
	}
	return d, nil
}

// clock returns seconds since midnight and nanoseconds; a leap second (60)
// becomes 59 with one extra second of nanoseconds, as in chrono.
func (p *tfParsed) clock() (int64, int64, error) {
	if p.hourDiv12 == nil || p.hourMod12 == nil || p.minute == nil {
		return 0, 0, tfNotEnough
	}
	if *p.hourDiv12 > 1 || *p.hourMod12 > 11 || *p.minute > 59 {
		return 0, 0, tfOutOfRange
	}
	sec, nano := int64(0), int64(0)
	if p.second != nil {
		sec = *p.second
		if sec == 60 {
			sec, nano = 59, 1_000_000_000
		}
	}
	if p.nanosecond != nil {
		if p.second == nil {
			return 0, 0, tfNotEnough
		}
		nano += *p.nanosecond
	}
	return (*p.hourDiv12*12+*p.hourMod12)*3600 + *p.minute*60 + sec, nano, nil
}

// naiveWithOffset resolves the local date time, cross-checked against a
// parsed Unix timestamp (chrono's to_naive_datetime_with_offset). The
// result is the wall clock as if in UTC; nanos may exceed 1e9 for a leap
// second.
func (p *tfParsed) naiveWithOffset(offset int64) (int64, int64, error) {
	d, derr := p.date()
	secs, nano, terr := p.clock()
	if derr == nil && terr == nil {
		local := d.Unix() + secs
		if p.timestamp != nil {
			ts := local - offset
			if *p.timestamp != ts && !(nano >= 1_000_000_000 && *p.timestamp == ts+1) {
				return 0, 0, tfImpossible
			}
		}
		return local, nano, nil
	}
	if p.timestamp == nil {
		if derr != nil {
			return 0, 0, derr
		}
		return 0, 0, terr
	}
	for _, e := range []error{derr, terr} {
		if e == tfOutOfRange {
			return 0, 0, tfOutOfRange
		}
	}
	for _, e := range []error{derr, terr} {
		if e == tfImpossible {
			return 0, 0, tfImpossible
		}
	}
	local := *p.timestamp + offset
	dt := time.Unix(local, 0).UTC()
	if dt.Year() < tfMinYear || dt.Year() > tfMaxYear {
		return 0, 0, tfOutOfRange
	}
	q := *p
	if q.second != nil && *q.second == 60 {
		switch dt.Second() {
		case 59:
		case 0:
			dt = dt.Add(-time.Second)
		default:
			return 0, 0, tfImpossible
		}
	} else if err := q.setRange(&q.second, int64(dt.Second()), 0, 60); err != nil {
		return 0, 0, err
	}
	if err := q.set(&q.year, int64(dt.Year())); err != nil {
		return 0, 0, err
	}
	if err := q.set(&q.ordinal, int64(dt.YearDay())); err != nil {
		return 0, 0, err
	}
	if err := q.setHour(int64(dt.Hour())); err != nil {
		return 0, 0, err
	}
	if err := q.set(&q.minute, int64(dt.Minute())); err != nil {
		return 0, 0, err
	}
	d, err := q.date()
	if err != nil {
		return 0, 0, err
	}
	secs, nano, err = q.clock()
	if err != nil {
		return 0, 0, err
	}
	return d.Unix() + secs, nano, nil
}

func tfInstant(local, offset, nano int64) time.Time {
	return time.Unix(local-offset, nano).UTC()
}

// toFixed resolves a date time that carries its own offset (chrono's
// Parsed::to_datetime); without an offset only a Unix timestamp will do.
func (p *tfParsed) toFixed() (time.Time, error) {
	var offset int64
	switch {
	case p.offset != nil:
		offset = *p.offset
	case p.timestamp != nil:
	default:
		return time.Time{}, tfNotEnough
	}
	if offset <= -86400 || offset >= 86400 {
		return time.Time{}, tfOutOfRange
	}
	local, nano, err := p.naiveWithOffset(offset)
	if err != nil {
		return time.Time{}, err
	}
	return tfInstant(local, offset, nano), nil
}

// tfOffsetAt is loc's UTC offset, in seconds, at instant u (Unix seconds).
func tfOffsetAt(loc *time.Location, u int64) int64 {
	_, off := time.Unix(u, 0).In(loc).Zone()
	return int64(off)
}

// tfLocalToUTC maps a wall-clock time in loc (local, Unix-style seconds as
// if loc were UTC) to the instants it can denote: none in a gap, two in an
// overlap, one otherwise.
func tfLocalToUTC(loc *time.Location, local int64) []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, probe := range []int64{local - 86400, local, local + 86400} {
		off := tfOffsetAt(loc, probe)
		if seen[off] {
			continue
		}
		seen[off] = true
		u := local - off
		if tfOffsetAt(loc, u) == off {
			dup := false
			for _, o := range out {
				dup = dup || o == u
			}
			if !dup {
				out = append(out, u)
			}
		}
	}
	return out
}

// inZone resolves a date time read as wall-clock time in loc (chrono's
// Parsed::to_datetime_with_timezone).
func (p *tfParsed) inZone(loc *time.Location) (time.Time, error) {
	if loc == time.UTC {
		// UTC has one offset: the general search below (three probes,
		// a map, six zone lookups) gives exactly this.
		local, nano, err := p.naiveWithOffset(0)
		if err != nil {
			return time.Time{}, err
		}
		if p.offset != nil && *p.offset != 0 {
			return time.Time{}, tfImpossible
		}
		return time.Unix(local, nano).UTC(), nil
	}
	var guessed int64
	if p.timestamp != nil {
		guessed = tfOffsetAt(loc, *p.timestamp)
	}
	local, nano, err := p.naiveWithOffset(guessed)
	if err != nil {
		return time.Time{}, err
	}
	candidates := tfLocalToUTC(loc, local)
	var matching []int64
	for _, u := range candidates {
		if p.offset == nil || tfOffsetAt(loc, u) == *p.offset {
			matching = append(matching, u)
		}
	}
	switch {
	case len(candidates) == 0:
		return time.Time{}, tfImpossible
	case len(matching) == 0:
		return time.Time{}, tfImpossible
	case len(matching) > 1:
		return time.Time{}, tfNotEnough
	}
	return time.Unix(matching[0], nano).UTC(), nil
}

// tfParseWhole runs the items over all of s: leftover input is "trailing
// input" (chrono's format::parse).
func tfParseWhole(s string, items []tfItem) (*tfParsed, error) {
	p := &tfParsed{}
	rest, err := tfParse(p, s, items)
	if err != nil {
		return nil, err
	}
	if rest != "" {
		return nil, tfTooLong
	}
	return p, nil
}

// tfParseInZone parses s as wall-clock time in loc (VRL's
// TimeZone::datetime_from_str).
func tfParseInZone(s, format string, loc *time.Location) (time.Time, error) {
	p, err := tfParseWhole(s, tfItemsCached(format))
	if err != nil {
		return time.Time{}, err
	}
	return p.inZone(loc)
}

// tfParseWithOffset parses s that must carry its own offset (chrono's
// DateTime::parse_from_str).
func tfParseWithOffset(s, format string) (time.Time, error) {
	p, err := tfParseWhole(s, tfItemsCached(format))
	if err != nil {
		return time.Time{}, err
	}
	return p.toFixed()
}

// tfParseFormat is VRL's Conversion::timestamp(format, tz).convert: a
// format with a zone directive is read with its own offset, any other in
// loc. Errors are chrono's parse errors.
func tfParseFormat(s, format string, loc *time.Location) (time.Time, error) {
	if tfFormatHasZone(format) {
		return tfParseWithOffset(s, format)
	}
	return tfParseInZone(s, format, loc)
}

// tfParseRFC3339 is chrono's strict DateTime::parse_from_rfc3339.
func tfParseRFC3339(s string) (time.Time, error) {
	if len(s) < 19 {
		return time.Time{}, tfTooShort
	}
	digit := func(i int) (int64, error) {
		if !tfIsDigit(s[i]) {
			return 0, tfInvalid
		}
		return int64(s[i] - '0'), nil
	}
	num := func(idx ...int) (int64, error) {
		var v int64
		for _, i := range idx {
			d, err := digit(i)
			if err != nil {
				return 0, err
			}
			v = v*10 + d
		}
		return v, nil
	}
	year, err := num(0, 1, 2, 3)
	if err != nil {
		return time.Time{}, err
	}
	if s[4] != '-' {
		return time.Time{}, tfInvalid
	}
	month, err := num(5, 6)
	if err != nil {
		return time.Time{}, err
	}
	if s[7] != '-' {
		return time.Time{}, tfInvalid
	}
	day, err := num(8, 9)
	if err != nil {
		return time.Time{}, err
	}
	d, ok := tfYMD(year, month, day)
	if !ok {
		return time.Time{}, tfOutOfRange
	}
	if c := s[10]; c != 't' && c != 'T' && c != ' ' {
		return time.Time{}, tfInvalid
	}
	hour, err := num(11, 12)
	if err != nil {
		return time.Time{}, err
	}
	if s[13] != ':' {
		return time.Time{}, tfInvalid
	}
	minute, err := num(14, 15)
	if err != nil {
		return time.Time{}, err
	}
	if s[16] != ':' {
		return time.Time{}, tfInvalid
	}
	sec, err := num(17, 18)
	if err != nil {
		return time.Time{}, err
	}
	var nano int64
	if sec == 60 {
		sec, nano = 59, 1_000_000_000
	}
	rest := s[19:]
	if strings.HasPrefix(rest, ".") {
		var frac int64
		if rest, frac, err = tfNanos(rest[1:]); err != nil {
			return time.Time{}, err
		}
		nano += frac
	}
	if hour > 23 || minute > 59 || sec > 59 || (nano >= 1_000_000_000 && sec != 59) {
		return time.Time{}, tfOutOfRange
	}
	colon := func(s string) (string, error) {
		switch {
		case s == "":
			return s, tfTooShort
		case s[0] == ':':
			return s[1:], nil
		}
		return s, tfInvalid
	}
	rest, off, err := tfOffset(rest, colon, true, false, true)
	if err != nil {
		return time.Time{}, err
	}
	if rest != "" {
		return time.Time{}, tfTooLong
	}
	if off <= -86400 || off >= 86400 {
		return time.Time{}, tfOutOfRange
	}
	return tfInstant(d.Unix()+hour*3600+minute*60+sec, off, nano), nil
}

// tfParseRFC2822 is chrono's DateTime::parse_from_rfc2822.
func tfParseRFC2822(s string) (time.Time, error) {
	p := &tfParsed{}
	rest, err := tfParseRFC2822Into(p, s)
	if err != nil {
		return time.Time{}, err
	}
	if rest != "" {
		return time.Time{}, tfTooLong
	}
	return p.toFixed()
}

func tfSpace2822(s string) (string, error) {
	t := tfTrimSpace(s)
	switch {
	case len(t) < len(s):
		return t, nil
	case s == "":
		return s, tfTooShort
	}
	return s, tfInvalid
}

func tfChar(s string, c byte) (string, error) {
	switch {
	case s == "":
		return s, tfTooShort
	case s[0] != c:
		return s, tfInvalid
	}
	return s[1:], nil
}

func tfParseRFC2822Into(p *tfParsed, s string) (string, error) {
	s = tfTrimSpace(s)
	if rest, wd, err := tfShortWeekday(s); err == nil {
		if !strings.HasPrefix(rest, ",") {
			return s, tfInvalid
		}
		s = rest[1:]
		if err := p.setWeekday(wd); err != nil {
			return s, err
		}
	}
	s = tfTrimSpace(s)
	var v int64
	var err error
	if s, v, err = tfNumber(s, 1, 2); err != nil {
		return s, err
	}
	if err = p.setRange(&p.day, v, 1, 31); err != nil {
		return s, err
	}
	if s, err = tfSpace2822(s); err != nil {
		return s, err
	}
	var m int
	if s, m, err = tfShortMonth(s); err != nil {
		return s, err
	}
	if err = p.set(&p.month, int64(m+1)); err != nil {
		return s, err
	}
	if s, err = tfSpace2822(s); err != nil {
		return s, err
	}
	before := len(s)
	if s, v, err = tfNumber(s, 2, 1<<62); err != nil {
		return s, err
	}
	switch n := before - len(s); {
	case n == 2 && v <= 49:
		v += 2000
	case n == 2:
		v += 1900
	case n == 3:
		v += 1900
	}
	if err = p.setNumeric(tfYear, v); err != nil {
		return s, err
	}
	if s, err = tfSpace2822(s); err != nil {
		return s, err
	}
	if s, v, err = tfNumber(s, 2, 2); err != nil {
		return s, err
	}
	if err = p.setHour(v); err != nil {
		return s, err
	}
	if s, err = tfChar(tfTrimSpace(s), ':'); err != nil {
		return s, err
	}
	s = tfTrimSpace(s)
	if s, v, err = tfNumber(s, 2, 2); err != nil {
		return s, err
	}
	if err = p.setRange(&p.minute, v, 0, 59); err != nil {
		return s, err
	}
	if r, err := tfChar(tfTrimSpace(s), ':'); err == nil {
		if s, v, err = tfNumber(r, 2, 2); err != nil {
			return s, err
		}
		if err = p.setRange(&p.second, v, 0, 60); err != nil {
			return s, err
		}
	}
	if s, err = tfSpace2822(s); err != nil {
		return s, err
	}
	var off int64
	if s, off, err = tfOffset2822(s); err != nil {
		return s, err
	}
	if err = p.set(&p.offset, off); err != nil {
		return s, err
	}
	for {
		r, ok := tfComment2822(s)
		if !ok {
			break
		}
		s = r
	}
	return s, nil
}

func tfOffset2822(s string) (string, int64, error) {
	upto := 0
	for upto < len(s) && ((s[upto] >= 'a' && s[upto] <= 'z') || (s[upto] >= 'A' && s[upto] <= 'Z')) {
		upto++
	}
	if upto == 0 {
		return tfOffset(s, func(s string) (string, error) { return s, nil }, false, false, false)
	}
	name, rest := strings.ToLower(s[:upto]), s[upto:]
	switch name {
	case "gmt", "ut", "z":
		return rest, 0, nil
	case "edt":
		return rest, -4 * 3600, nil
	case "est", "cdt":
		return rest, -5 * 3600, nil
	case "cst", "mdt":
		return rest, -6 * 3600, nil
	case "mst", "pdt":
		return rest, -7 * 3600, nil
	case "pst":
		return rest, -8 * 3600, nil
	}
	if len(name) == 1 && name[0] != 'j' {
		return rest, 0, nil
	}
	return s, 0, tfInvalid
}

func tfComment2822(s string) (string, bool) {
	s = tfTrimSpace(s)
	if !strings.HasPrefix(s, "(") {
		return s, false
	}
	depth := 0
	escape := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escape:
			escape = false
		case c == '\\':
			escape = true
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return s[i+1:], true
			}
		}
	}
	return s, false
}

// Automatic formats VRL tries for a timestamp string without a format
// (Conversion::Timestamp): wall-clock formats first, then Unix seconds,
// RFC 3339, RFC 2822, then formats with their own offset.
var (
	tfAutoLocalFormats = []string{"%F %T", "%v %T", "%FT%T", "%m/%d/%Y:%T", "%a, %d %b %Y %T",
		"%a %d %b %T %Y", "%A %d %B %T %Y", "%a %b %e %T %Y"}
	tfAutoTZFormats = []string{"%+", "%a %d %b %T %Z %Y", "%a %d %b %T %z %Y", "%a %d %b %T %#z %Y", "%d/%b/%Y:%T %z"}
)

// tfParseAuto parses s with VRL's automatic timestamp formats; the error is
// VRL's `No matching timestamp format found for "s"`.
func tfParseAuto(s string, loc *time.Location) (time.Time, error) {
	for _, f := range tfAutoLocalFormats {
		if t, err := tfParseInZone(s, f, loc); err == nil {
			return t, nil
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if t := time.Unix(n, 0).UTC(); t.Year() >= tfMinYear && t.Year() <= tfMaxYear {
			return t, nil
		}
	}
	if t, err := tfParseRFC3339(s); err == nil {
		return t, nil
	}
	if t, err := tfParseRFC2822(s); err == nil {
		return t, nil
	}
	for _, f := range tfAutoTZFormats {
		if t, err := tfParseWithOffset(s, f); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("No matching timestamp format found for %s", rustDebugStr(s))
}

// tfParseNaive is chrono's NaiveDateTime::parse_from_str: the date time as
// written, read as UTC; an offset in the input is cross-checked only.
func tfParseNaive(s, format string) (time.Time, error) {
	p, err := tfParseWhole(s, tfItemsCached(format))
	if err != nil {
		return time.Time{}, err
	}
	local, nano, err := p.naiveWithOffset(0)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(local, nano).UTC(), nil
}
