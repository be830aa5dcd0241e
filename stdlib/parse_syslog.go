package stdlib

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_syslog reads an RFC 5424 message, or failing that an RFC 3164 one,
// with the leniency of the syslog_loose crate VRL uses: the priority is
// optional, `-` means an absent field, a 3164 timestamp may be written
// with or without a year or as RFC 3339, and `app[pid]` tags are split.
// A year-less timestamp takes the current year (the previous one for a
// December message read in January); the default zone is the runtime's.
func init() {
	Register(&Spec{
		Ident:      "parse_syslog",
		Parameters: []Param{{Keyword: "value", Kind: value.BitBytes, Required: true}},
		Returns:    syslogReturnKind(),
		CanFail:    true,
		Impl:       parseSyslogImpl,
	})
}

func syslogReturnKind() value.Kind {
	orNull := func(b value.KindBits) value.Kind { return value.Kind{Bits: b | value.BitNull} }
	return value.KindObjectOf(map[string]value.Kind{
		"message":   value.KindBytes,
		"hostname":  orNull(value.BitBytes),
		"severity":  orNull(value.BitBytes),
		"facility":  orNull(value.BitBytes),
		"appname":   orNull(value.BitBytes),
		"msgid":     orNull(value.BitBytes),
		"timestamp": orNull(value.BitTimestamp),
		"procid":    orNull(value.BitBytes | value.BitInteger),
		"version":   orNull(value.BitInteger),
	}, nil)
}

func parseSyslogImpl(ctx *Context, args []value.Value, _ []bool) (value.Value, error) {
	msg, ok := syslogParse(lossyUTF8(args[0].Str()), ctxNow(ctx).UTC(), ctxZone(ctx))
	if !ok {
		return value.Null, errors.New("unable to parse input as valid syslog message")
	}
	return msg.toValue(), nil
}

// syslogFacilities are the facility names of the syslog_loose crate
// upstream parses with; codes 13 to 15 differ from to_syslog_facility's
// (syslogFacilityNames).
var syslogFacilities = []string{"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp",
	"cron", "authpriv", "ftp", "ntp", "audit", "alert", "clockd", "local0", "local1", "local2", "local3",
	"local4", "local5", "local6", "local7"}

type syslogSD struct {
	id     string
	params [][2]string
}

type syslogMsg struct {
	facility, severity, hostname, appname, procid, msgid *string
	version                                              *int64
	timestamp                                            *time.Time
	sd                                                   []syslogSD
	msg                                                  string
}

func (m *syslogMsg) toValue() value.Value {
	o := value.NewObject(10)
	o.Set("message", value.Bytes(m.msg))
	set := func(k string, p *string) {
		if p != nil {
			o.Set(k, value.Bytes(*p))
		}
	}
	set("hostname", m.hostname)
	set("severity", m.severity)
	set("facility", m.facility)
	if m.version != nil {
		o.Set("version", value.Integer(*m.version))
	}
	set("appname", m.appname)
	set("msgid", m.msgid)
	if m.timestamp != nil {
		o.Set("timestamp", value.Timestamp(*m.timestamp))
	}
	if m.procid != nil {
		if n, err := strconv.ParseInt(*m.procid, 10, 32); err == nil {
			o.Set("procid", value.Integer(n))
		} else {
			o.Set("procid", value.Bytes(*m.procid))
		}
	}
	for _, el := range m.sd {
		params := value.NewObject(len(el.params))
		for _, p := range el.params {
			params.Set(p[0], value.Bytes(syslogUnescapeParam(p[1])))
		}
		o.Set(el.id, value.ObjectValue(params))
	}
	return value.ObjectValue(o)
}

// syslogUnescapeParam decodes an SD-PARAM value: \n, \", \] and \\ are
// decoded, any other backslash is kept.
func syslogUnescapeParam(s string) string {
	var b strings.Builder
	escaped := false
	for _, c := range s {
		switch {
		case c == '\\' && !escaped:
			escaped = true
		case c == 'n' && escaped:
			escaped = false
			b.WriteByte('\n')
		case c != '"' && c != ']' && c != '\\' && escaped:
			escaped = false
			b.WriteByte('\\')
			b.WriteRune(c)
		default:
			escaped = false
			b.WriteRune(c)
		}
	}
	return b.String()
}

func syslogParse(input string, now time.Time, loc *time.Location) (*syslogMsg, bool) {
	input = strings.TrimFunc(input, unicode.IsSpace)
	if m, ok := syslogParse5424(input); ok {
		return m, true
	}
	return syslogParse3164(input, now, loc)
}

// syslogSpace0 and syslogSpace1 are nom's space0/space1: spaces and tabs.
func syslogSpace0(s string) string { return strings.TrimLeft(s, " \t") }

func syslogSpace1(s string) (string, bool) {
	t := syslogSpace0(s)
	return t, len(t) < len(s)
}

func syslogDigits(s string, bits int) (uint64, string, bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, s, false
	}
	n, err := strconv.ParseUint(s[:i], 10, bits)
	if err != nil {
		return 0, s, false
	}
	return n, s[i:], true
}

func syslogPri(s string, m *syslogMsg) string {
	if !strings.HasPrefix(s, "<") {
		return s
	}
	n, rest, ok := syslogDigits(s[1:], 8)
	if !ok || !strings.HasPrefix(rest, ">") {
		return s
	}
	if f := int(n >> 3); f < len(syslogFacilities) {
		m.facility = &syslogFacilities[f]
	}
	m.severity = &syslogSeverities[n&7]
	return rest[1:]
}

// syslogField is syslog_loose's `optional` header field: a run of
// non-space characters (colons allowed or not); `-` is absent; a lone `:`
// fails; a trailing colon may be left in place as the header separator.
// ok false means the field failed; present false means it was `-`.
func syslogField(s string, colons, trailingColon bool) (val string, rest string, present, ok bool) {
	i := 0
	for i < len(s) {
		r, n := firstRune(s[i:])
		if unicode.IsSpace(r) || (!colons && r == ':') {
			break
		}
		i += n
	}
	if i == 0 {
		return "", s, false, false
	}
	v := s[:i]
	switch {
	case strings.TrimFunc(v, unicode.IsSpace) == ":":
		return "", s, false, false
	case strings.HasSuffix(v, ":") && !trailingColon:
		return v[:len(v)-1], s[len(v)-1:], true, true
	case v == "-":
		return "", s[i:], false, true
	}
	return v, s[i:], true, true
}

func syslogParse5424(s string) (*syslogMsg, bool) {
	m := &syslogMsg{}
	s = syslogPri(s, m)
	ver, s, ok := syslogDigits(s, 32)
	if !ok {
		return nil, false
	}
	v := int64(ver)
	m.version = &v
	if s, ok = syslogSpace1(s); !ok {
		return nil, false
	}
	sp := strings.IndexByte(s, ' ')
	if sp < 0 {
		return nil, false
	}
	ts, err := tfParseRFC3339(s[:sp])
	if err != nil {
		return nil, false
	}
	m.timestamp = &ts
	s = s[sp:]
	fields := []struct {
		dst           **string
		trailingColon bool
	}{{&m.hostname, false}, {&m.appname, true}, {&m.procid, true}, {&m.msgid, true}}
	for _, f := range fields {
		if s, ok = syslogSpace1(s); !ok {
			return nil, false
		}
		val, rest, present, ok := syslogField(s, true, f.trailingColon)
		if !ok {
			return nil, false
		}
		if present {
			v := val
			*f.dst = &v
		}
		s = rest
	}
	s = syslogSpace0(s)
	sd, rest, ok := syslogStructuredData(s, true, true)
	if !ok {
		return nil, false
	}
	m.sd = sd
	m.msg = syslogSpace0(rest)
	return m, true
}

// syslogStructuredData reads `-` or one or more [id k="v" ...] elements.
// Permissive mode (RFC 5424) skips an unreadable element; strict mode
// (the optional data of RFC 3164) rejects it and elements without params.
func syslogStructuredData(s string, permissive, allowEmpty bool) ([]syslogSD, string, bool) {
	if strings.HasPrefix(s, "-") {
		return nil, s[1:], true
	}
	var out []syslogSD
	n := 0
	for {
		el, rest, ok := syslogSDElement(s)
		keep := ok
		if !ok && permissive && strings.HasPrefix(s, "[") {
			if end := strings.IndexByte(s[1:], ']'); end >= 0 {
				rest, ok, keep = s[end+2:], true, false
			}
		}
		if ok && keep && !allowEmpty && len(el.params) == 0 {
			ok = false
		}
		if !ok {
			break
		}
		if keep {
			out = append(out, el)
		}
		s = rest
		n++
	}
	if n == 0 {
		return nil, s, false
	}
	return out, s, true
}

func syslogSDElement(s string) (syslogSD, string, bool) {
	if !strings.HasPrefix(s, "[") {
		return syslogSD{}, s, false
	}
	s = s[1:]
	i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ']' || r == '=' })
	if i == 0 {
		return syslogSD{}, s, false
	}
	if i < 0 {
		i = len(s)
	}
	el := syslogSD{id: s[:i]}
	s = syslogSpace0(s[i:])
	// separated_list0(" ", param)
	first := true
	for {
		t := s
		if !first {
			if !strings.HasPrefix(t, " ") {
				break
			}
			t = t[1:]
		}
		k, v, rest, ok := syslogSDParam(t)
		if !ok {
			break
		}
		el.params = append(el.params, [2]string{k, v})
		s, first = rest, false
	}
	if !strings.HasPrefix(s, "]") {
		return syslogSD{}, s, false
	}
	return el, s[1:], true
}

func syslogSDParam(s string) (string, string, string, bool) {
	i := strings.IndexAny(s, "]=")
	if i <= 0 {
		return "", "", s, false
	}
	name := s[:i]
	if s[i] != '=' {
		return "", "", s, false
	}
	s = syslogSpace0(s[i+1:])
	if strings.HasPrefix(s, `""`) {
		return name, "", s[2:], true
	}
	if !strings.HasPrefix(s, `"`) {
		return "", "", s, false
	}
	j := 1
	for j < len(s) && s[j] != '"' {
		if s[j] == '\\' {
			if j+1 >= len(s) {
				return "", "", s, false
			}
			_, n := firstRune(s[j+1:])
			j += 1 + n
			continue
		}
		j++
	}
	if j >= len(s) {
		return "", "", s, false
	}
	return name, s[1:j], s[j+1:], true
}

var syslogMonths = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

func syslogMonth(s string) (int, string, bool) {
	n := 0
	i := 0
	for i < len(s) && n < 3 {
		_, sz := firstRune(s[i:])
		i += sz
		n++
	}
	if n < 3 {
		return 0, s, false
	}
	low := strings.ToLower(s[:i])
	for k, m := range syslogMonths {
		if low == m {
			return k + 1, s[i:], true
		}
	}
	return 0, s, false
}

// syslog3164Date reads `Mmm dd [yyyy] hh:mm:ss[:]`; year is -1 when absent.
func syslog3164Date(s string, withYear bool) (nums [6]uint64, rest string, ok bool) {
	mon, s, ok := syslogMonth(s)
	if !ok {
		return nums, s, false
	}
	nums[0] = uint64(mon)
	seq := []string{"sp", "d", "sp", "d"}
	if withYear {
		seq = append(seq, "sp", "d")
	}
	seq = append(seq, ":", "d", ":", "d")
	k := 1
	for _, step := range seq {
		switch step {
		case "sp":
			if s, ok = syslogSpace1(s); !ok {
				return nums, s, false
			}
		case ":":
			if !strings.HasPrefix(s, ":") {
				return nums, s, false
			}
			s = s[1:]
		case "d":
			var n uint64
			if n, s, ok = syslogDigits(s, 32); !ok {
				return nums, s, false
			}
			nums[k] = n
			k++
		}
	}
	s = strings.TrimPrefix(s, ":")
	return nums, s, true
}

func syslogTimestamp3164(s string, now time.Time, loc *time.Location) (time.Time, string, bool) {
	if n, rest, ok := syslog3164Date(s, false); ok {
		mon, day, h, mi, sec := n[0], n[1], n[2], n[3], n[4]
		year := inferYear(now, int(mon))
		if d, ok := tfYMD(int64(year), int64(mon), int64(day)); ok && h < 24 && mi < 60 && sec < 60 {
			local := d.Unix() + int64(h*3600+mi*60+sec)
			if cands := tfLocalToUTC(loc, local); len(cands) > 0 {
				earliest := cands[0]
				for _, c := range cands {
					if c < earliest {
						earliest = c
					}
				}
				return time.Unix(earliest, 0).UTC(), rest, true
			}
		}
	}
	if n, rest, ok := syslog3164Date(s, true); ok {
		mon, day, year, h, mi, sec := n[0], n[1], n[2], n[3], n[4], n[5]
		if d, ok := tfYMD(int64(year), int64(mon), int64(day)); ok && h < 24 && mi < 60 && sec < 60 {
			// syslog_loose reads a dated timestamp as UTC and only labels it
			// with the zone's offset, so the instant is the UTC reading.
			return time.Unix(d.Unix()+int64(h*3600+mi*60+sec), 0).UTC(), rest, true
		}
	}
	sp := strings.IndexByte(s, ' ')
	if sp < 0 {
		return time.Time{}, s, false
	}
	t, err := tfParseRFC3339(s[:sp])
	if err != nil {
		return time.Time{}, s, false
	}
	return t, s[sp:], true
}

// syslogSysTag splits `app[pid]` when that is the whole field.
func syslogSysTag(s string) (string, string, bool) {
	i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ':' || r == '[' })
	if i < 0 || s[i] != '[' {
		return "", "", false
	}
	rest := s[i+1:]
	j := strings.IndexByte(rest, ']')
	if j <= 0 || j != len(rest)-1 {
		return "", "", false
	}
	return s[:i], rest[:j], true
}

func syslogParse3164(s string, now time.Time, loc *time.Location) (*syslogMsg, bool) {
	m := &syslogMsg{}
	s = syslogPri(s, m)
	s = syslogSpace0(s)
	ts, s, ok := syslogTimestamp3164(s, now, loc)
	if !ok {
		return nil, false
	}
	m.timestamp = &ts
	// Each field: nil when the optional parser failed, else the field
	// (with present false for `-`).
	type field struct {
		val     string
		present bool
	}
	var f1, f2 *field
	if strings.HasPrefix(s, " ") {
		if v, rest, present, ok := syslogField(s[1:], true, false); ok {
			f1, s = &field{v, present}, rest
		}
	}
	if strings.HasPrefix(s, " ") {
		if v, rest, present, ok := syslogField(s[1:], false, true); ok {
			f2, s = &field{v, present}, rest
		}
	}
	str := func(v string) *string { return &v }
	single := func(v string) {
		if app, pid, ok := syslogSysTag(v); ok {
			m.appname, m.procid = str(app), str(pid)
		} else {
			m.hostname = str(v)
		}
	}
	switch {
	case f1 != nil && f2 != nil && f2.present:
		if f1.present {
			m.hostname = str(f1.val)
		}
		if app, pid, ok := syslogSysTag(f2.val); ok {
			m.appname, m.procid = str(app), str(pid)
		} else {
			m.appname = str(f2.val)
		}
	case f1 != nil && f1.present && f2 == nil:
		single(f1.val)
	case f1 == nil && f2 != nil && f2.present:
		single(f2.val)
	}
	s = syslogSpace0(s)
	s = strings.TrimPrefix(s, ":")
	s = syslogSpace0(s)
	if sd, rest, ok := syslogStructuredData(s, false, false); ok {
		m.sd, s = sd, rest
	}
	m.msg = syslogSpace0(s)
	return m, true
}
