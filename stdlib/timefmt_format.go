package stdlib

// timefmt_format.go is the strftime half of timefmt: rendering a time
// with format items as chrono's DelayedFormat does.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// tfFormat renders t with a strftime format in loc. tzName is what %Z
// prints (chrono prints "UTC" for UTC date times and the zone abbreviation
// for named zones). The error is VRL's "invalid format".
func tfFormat(t time.Time, format string, loc *time.Location, tzName string) (string, error) {
	items := tfItems(format)
	for _, it := range items {
		if it.kind == tfError {
			return "", errors.New("invalid format")
		}
	}
	lt := t.In(loc)
	_, off := lt.Zone()
	if tzName == "" {
		tzName, _ = lt.Zone()
	}
	var b []byte
	for _, it := range items {
		switch it.kind {
		case tfLiteral, tfSpace:
			b = append(b, it.lit...)
		case tfNumeric:
			b = tfFormatNumeric(b, lt, it.num, it.pad)
		case tfFixedItem:
			b = tfFormatFixed(b, lt, it.fixed, int64(off), tzName)
		}
	}
	return string(b), nil
}

func tfWriteTwo(b []byte, v int, pad tfPad) []byte {
	if v >= 10 {
		return strconv.AppendInt(b, int64(v), 10)
	}
	switch pad {
	case tfPadZero:
		b = append(b, '0')
	case tfPadSpace:
		b = append(b, ' ')
	}
	return append(b, byte('0'+v))
}

func tfWriteN(b []byte, width int, v int64, pad tfPad, sign bool) []byte {
	s := strconv.FormatInt(v, 10)
	if sign && v >= 0 {
		s = "+" + s
	}
	w := width
	if sign {
		w++
	}
	if len(s) >= w || pad == tfPadNone {
		return append(b, s...)
	}
	fill := w - len(s)
	if pad == tfPadSpace {
		return append(append(b, strings.Repeat(" ", fill)...), s...)
	}
	// Zero padding goes after the sign.
	if s[0] == '+' || s[0] == '-' {
		b = append(b, s[0])
		s = s[1:]
	}
	return append(append(b, strings.Repeat("0", fill)...), s...)
}

func tfWriteYear(b []byte, y int, pad tfPad) []byte {
	if y >= 1000 && y <= 9999 {
		return strconv.AppendInt(b, int64(y), 10)
	}
	return tfWriteN(b, 4, int64(y), pad, y < 0 || y >= 10000)
}

func tfFloorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func tfFormatNumeric(b []byte, t time.Time, n tfNum, pad tfPad) []byte {
	isoYear, isoWeek := t.ISOWeek()
	switch n {
	case tfYear:
		return tfWriteYear(b, t.Year(), pad)
	case tfYearDiv100:
		return tfWriteTwo(b, tfFloorDiv(t.Year(), 100), pad)
	case tfYearMod100:
		return tfWriteTwo(b, t.Year()-tfFloorDiv(t.Year(), 100)*100, pad)
	case tfIsoYear:
		return tfWriteYear(b, isoYear, pad)
	case tfIsoYearDiv100:
		return tfWriteTwo(b, tfFloorDiv(isoYear, 100), pad)
	case tfIsoYearMod100:
		return tfWriteTwo(b, isoYear-tfFloorDiv(isoYear, 100)*100, pad)
	case tfQuarter:
		return append(b, byte('0'+(int(t.Month())-1)/3+1))
	case tfMonth:
		return tfWriteTwo(b, int(t.Month()), pad)
	case tfDay:
		return tfWriteTwo(b, t.Day(), pad)
	case tfWeekFromSun:
		return tfWriteTwo(b, int(tfWeeksFrom(t, time.Sunday)), pad)
	case tfWeekFromMon:
		return tfWriteTwo(b, int(tfWeeksFrom(t, time.Monday)), pad)
	case tfIsoWeek:
		return tfWriteTwo(b, isoWeek, pad)
	case tfNumDaysFromSun:
		return append(b, byte('0'+int(t.Weekday())))
	case tfWeekdayFromMon:
		return append(b, byte('0'+(int(t.Weekday())+6)%7+1))
	case tfOrdinal:
		return tfWriteN(b, 3, int64(t.YearDay()), pad, false)
	case tfHour:
		return tfWriteTwo(b, t.Hour(), pad)
	case tfHour12:
		h := t.Hour() % 12
		if h == 0 {
			h = 12
		}
		return tfWriteTwo(b, h, pad)
	case tfMinute:
		return tfWriteTwo(b, t.Minute(), pad)
	case tfSecond:
		return tfWriteTwo(b, t.Second(), pad)
	case tfNanosecond:
		return tfWriteN(b, 9, int64(t.Nanosecond()), pad, false)
	case tfTimestamp:
		return tfWriteN(b, 9, t.Unix(), pad, false)
	}
	return b
}

func tfAppendFrac(b []byte, nano int, digits int) []byte {
	s := fmt.Sprintf("%09d", nano)
	return append(b, s[:digits]...)
}

// tfAppendOffset writes an offset as +HH[:]MM (minutes rounded as chrono
// does), or Z when zulu is allowed and the offset is zero.
func tfAppendOffset(b []byte, off int64, colon, seconds, hoursOnly bool) []byte {
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	var h, m, s int64
	switch {
	case hoursOnly:
		h = off / 3600
	case seconds:
		h, m, s = off/3600, off/60%60, off%60
	default:
		mins := (off + 30) / 60
		if mins > 24*60-1 {
			mins = 24*60 - 1
		}
		h, m = mins/60, mins%60
	}
	b = append(b, sign)
	b = append(b, fmt.Sprintf("%02d", h)...)
	if hoursOnly {
		return b
	}
	if colon {
		b = append(b, ':')
	}
	b = append(b, fmt.Sprintf("%02d", m)...)
	if seconds {
		if colon {
			b = append(b, ':')
		}
		b = append(b, fmt.Sprintf("%02d", s)...)
	}
	return b
}

func tfFormatFixed(b []byte, t time.Time, f tfFix, off int64, tzName string) []byte {
	nano := t.Nanosecond()
	switch f {
	case tfShortMonthName:
		return append(b, tfMonthNames[t.Month()-1][:3]...)
	case tfLongMonthName:
		return append(b, tfMonthNames[t.Month()-1]...)
	case tfShortWeekdayName:
		return append(b, tfWeekdayNames[t.Weekday()][:3]...)
	case tfLongWeekdayName:
		return append(b, tfWeekdayNames[t.Weekday()]...)
	case tfLowerAmPm:
		if t.Hour() >= 12 {
			return append(b, "pm"...)
		}
		return append(b, "am"...)
	case tfUpperAmPm:
		if t.Hour() >= 12 {
			return append(b, "PM"...)
		}
		return append(b, "AM"...)
	case tfNanoDot:
		switch {
		case nano == 0:
			return b
		case nano%1_000_000 == 0:
			return tfAppendFrac(append(b, '.'), nano, 3)
		case nano%1_000 == 0:
			return tfAppendFrac(append(b, '.'), nano, 6)
		}
		return tfAppendFrac(append(b, '.'), nano, 9)
	case tfNano3Dot:
		return tfAppendFrac(append(b, '.'), nano, 3)
	case tfNano6Dot:
		return tfAppendFrac(append(b, '.'), nano, 6)
	case tfNano9Dot:
		return tfAppendFrac(append(b, '.'), nano, 9)
	case tfNano3NoDot:
		return tfAppendFrac(b, nano, 3)
	case tfNano6NoDot:
		return tfAppendFrac(b, nano, 6)
	case tfNano9NoDot:
		return tfAppendFrac(b, nano, 9)
	case tfTzName:
		return append(b, tzName...)
	case tfTzOffset, tfTzPermissive:
		return tfAppendOffset(b, off, false, false, false)
	case tfTzColon:
		return tfAppendOffset(b, off, true, false, false)
	case tfTzDblColon:
		return tfAppendOffset(b, off, true, true, false)
	case tfTzTplColon:
		return tfAppendOffset(b, off, false, false, true)
	case tfRFC3339:
		b = tfFormatNumeric(b, t, tfYear, tfPadZero)
		b = append(b, fmt.Sprintf("-%02d-%02dT%02d:%02d:%02d", t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second())...)
		b = tfFormatFixed(b, t, tfNanoDot, off, tzName)
		return tfAppendOffset(b, off, true, false, false)
	}
	return b
}
