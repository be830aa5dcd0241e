package stdlib

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_influxdb reads InfluxDB line protocol into Vector-shaped gauge
// metrics, one per field: `<measurement>_<field>`, the tags, the optional
// nanosecond timestamp, and the field's value as a float (integers,
// unsigned and booleans converted; strings rejected). The grammar and its
// error texts follow the influxdb_line_protocol crate VRL uses.
func init() {
	Register(&Spec{
		Ident:      "parse_influxdb",
		Parameters: []Param{{Keyword: "value", Kind: value.BitBytes, Required: true}},
		Returns:    influxKind(),
		CanFail:    true,
		Impl:       parseInfluxImpl,
	})
}

func influxKind() value.Kind {
	tags := value.KindObjectOf(nil, &value.KindBytes)
	gauge := value.KindObjectOf(map[string]value.Kind{"value": value.KindFloat}, nil)
	tagsOpt := tags
	tagsOpt.Bits |= value.BitUndefined
	metric := value.KindObjectOf(map[string]value.Kind{
		"name":      value.KindBytes,
		"tags":      tagsOpt,
		"timestamp": {Bits: value.BitTimestamp | value.BitUndefined},
		"kind":      value.KindBytes,
		"gauge":     gauge,
	}, nil)
	return value.KindArrayOf(nil, &metric)
}

type influxErr struct {
	msg     string
	failure bool
}

func (e *influxErr) Error() string { return e.msg }

func influxGeneric(kind string) *influxErr {
	return &influxErr{msg: "A generic parsing error occurred: " + kind}
}

type influxField struct {
	key  string
	kind byte // 'i' int, 'u' uint, 'f' float, 's' string, 'b' bool
	num  float64
}

type influxLine struct {
	measurement string
	tags        *[][2]string
	fields      []influxField
	timestamp   *int64
}

func parseInfluxImpl(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
	out := []value.Value{}
	for _, raw := range influxSplitLines(lossyUTF8(args[0].Str())) {
		line := influxTrimLeading(raw)
		if line == "" {
			continue
		}
		parsed, rest, err := influxParseLine(line)
		if err == nil && rest != "" {
			err = &influxErr{msg: fmt.Sprintf("Could not parse entire line. Found trailing content: '%s'", rest)}
		}
		if err != nil {
			return value.Null, fmt.Errorf("InfluxDB line protocol parsing error: %s", err.msg)
		}
		for _, f := range parsed.fields {
			if f.kind == 's' {
				return value.Null, errors.New("Error while converting InfluxDB line protocol metric to Vector's metric model: field set values of type string are not supported")
			}
			m := value.NewObject(5)
			m.Set("name", value.Bytes(parsed.measurement+"_"+f.key))
			if parsed.tags != nil {
				tags := value.NewObject(len(*parsed.tags))
				for _, t := range *parsed.tags {
					tags.Set(t[0], value.Bytes(t[1]))
				}
				m.Set("tags", value.ObjectValue(tags))
			}
			if parsed.timestamp != nil {
				m.Set("timestamp", value.Timestamp(time.Unix(0, *parsed.timestamp).UTC()))
			}
			m.Set("kind", value.Bytes("absolute"))
			g := value.NewObject(1)
			g.Set("value", value.Float(f.num))
			m.Set("gauge", value.ObjectValue(g))
			out = append(out, value.ObjectValue(m))
		}
	}
	return value.ArrayValue(out), nil
}

// influxSplitLines splits on newlines outside quoted field strings,
// tracking escapes, spaces and `=`/`,` counts as the Go parser does.
func influxSplitLines(s string) []string {
	var lines []string
	quoted, fields, inEscape := false, false, false
	equals, commas := 0, 0
	start := 0
	for i, c := range s {
		switch {
		case inEscape:
			inEscape = false
		case c == '\\':
			inEscape = true
		case c == ' ':
			fields = true
		case fields && !quoted && c == '=':
			equals++
		case fields && !quoted && c == ',':
			commas++
		case fields && c == '"' && equals > commas:
			quoted = !quoted
		case c == '\n' && !quoted:
			lines = append(lines, s[start:i])
			start = i + 1
			quoted, fields, equals, commas = false, false, 0, 0
		}
	}
	return append(lines, s[start:])
}

func influxBoundary(c rune) bool { return c == ' ' || c == '\t' || c == '\n' }

func influxTrimLeading(s string) string {
	for {
		s = strings.TrimLeftFunc(s, influxBoundary)
		if !strings.HasPrefix(s, "#") {
			return s
		}
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			s = s[i:]
		} else {
			s = ""
		}
	}
}

// influxEscaped reads text of characters accepted by normal, where a
// backslash escapes one of escapable (or, as in Go, keeps any other
// character with its backslash). Ending on a backslash is a failure.
func influxEscaped(s string, normal func(rune) bool, escapable string) (string, string, *influxErr) {
	var b strings.Builder
	head := s
	for {
		i := 0
		for i < len(head) {
			r, n := firstRune(head[i:])
			if !normal(r) {
				break
			}
			i += n
		}
		if i > 0 {
			b.WriteString(head[:i])
			head = head[i:]
			continue
		}
		if !strings.HasPrefix(head, `\`) {
			if len(head) == len(s) {
				return "", s, influxGeneric("EscapedTransform")
			}
			break
		}
		after := head[1:]
		if after != "" && strings.IndexByte(escapable, after[0]) >= 0 {
			b.WriteByte(after[0])
			head = after[1:]
			continue
		}
		b.WriteByte('\\')
		head = after
		if head == "" {
			break
		}
		_, n := firstRune(head)
		b.WriteString(head[:n])
		head = head[n:]
	}
	out := b.String()
	if strings.HasSuffix(out, `\`) {
		return "", s, &influxErr{msg: "Measurements, tag keys and values, and field keys may not end with a backslash", failure: true}
	}
	return out, head, nil
}

func influxParseLine(s string) (*influxLine, string, *influxErr) {
	line := &influxLine{}
	m, rest, err := influxEscaped(s, func(c rune) bool { return !influxBoundary(c) && c != ',' && c != '\\' }, " ,\\")
	if err != nil {
		return nil, s, err
	}
	line.measurement = m
	if strings.HasPrefix(rest, ",") {
		tags, r, err := influxTagSet(rest[1:])
		if err != nil {
			return nil, s, err
		}
		line.tags, rest = &tags, r
	}
	ws := len(rest) - len(strings.TrimLeft(rest, " "))
	if ws == 0 {
		return nil, s, influxGeneric("TakeWhile1")
	}
	fields, rest, err := influxFieldSet(rest[ws:])
	if err != nil {
		return nil, s, err
	}
	line.fields = fields
	// Optional ` <timestamp>` with optional trailing spaces.
	if ws := len(rest) - len(strings.TrimLeft(rest, " ")); ws > 0 {
		t := rest[ws:]
		j := 0
		if strings.HasPrefix(t, "-") {
			j++
		}
		k := j
		for k < len(t) && t[k] >= '0' && t[k] <= '9' {
			k++
		}
		if k > j {
			n, perr := strconv.ParseInt(t[:k], 10, 64)
			if perr != nil {
				return nil, s, &influxErr{msg: fmt.Sprintf("Unable to parse timestamp value '%s'", t[:k]), failure: true}
			}
			line.timestamp = &n
			rest = strings.TrimLeft(t[k:], " ")
		}
	}
	return line, rest, nil
}

func influxKeyChar(c rune) bool    { return !influxBoundary(c) && c != '=' && c != '\\' }
func influxTagValChar(c rune) bool { return !influxBoundary(c) && c != ',' && c != '\\' }

func influxTagSet(s string) ([][2]string, string, *influxErr) {
	tags := [][2]string{}
	one := func(t string) ([2]string, string, *influxErr) {
		k, r, err := influxEscaped(t, influxKeyChar, "\\,= ")
		if err != nil {
			return [2]string{}, t, err
		}
		if !strings.HasPrefix(r, "=") {
			return [2]string{}, t, influxGeneric("Tag")
		}
		v, r, err := influxEscaped(r[1:], influxTagValChar, "\\,= ")
		if err != nil {
			return [2]string{}, t, err
		}
		return [2]string{k, v}, r, nil
	}
	first, rest, err := one(s)
	if err != nil {
		if err.failure {
			return nil, s, err
		}
		return tags, s, nil
	}
	tags = append(tags, first)
	for strings.HasPrefix(rest, ",") {
		t, r, err := one(rest[1:])
		if err != nil {
			if err.failure {
				return nil, s, err
			}
			break
		}
		tags, rest = append(tags, t), r
	}
	return tags, rest, nil
}

func influxFieldSet(s string) ([]influxField, string, *influxErr) {
	one := func(t string) (influxField, string, *influxErr) {
		k, r, err := influxEscaped(t, influxKeyChar, "\\,= ")
		if err != nil {
			return influxField{}, t, err
		}
		if !strings.HasPrefix(r, "=") {
			return influxField{}, t, influxGeneric("Tag")
		}
		f, r, err := influxFieldValue(r[1:])
		if err != nil {
			return influxField{}, t, err
		}
		f.key = k
		return f, r, nil
	}
	first, rest, err := one(s)
	if err != nil {
		if err.failure {
			return nil, s, err
		}
		return nil, s, &influxErr{msg: "No fields were provided"}
	}
	fields := []influxField{first}
	for strings.HasPrefix(rest, ",") {
		f, r, err := one(rest[1:])
		if err != nil {
			if err.failure {
				return nil, s, err
			}
			break
		}
		fields, rest = append(fields, f), r
	}
	return fields, rest, nil
}

func influxDigits(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// influxSigned is `-?digits`, returning its length (0: no match).
func influxSigned(s string) int {
	j := 0
	if strings.HasPrefix(s, "-") {
		j = 1
	}
	if d := influxDigits(s[j:]); d > 0 {
		return j + d
	}
	return 0
}

// influxExponential is `digits [eE] [+-] digits`.
func influxExponential(s string) int {
	d := influxDigits(s)
	if d == 0 || d+2 >= len(s)+1 || len(s) < d+2 {
		return 0
	}
	if (s[d] != 'e' && s[d] != 'E') || (s[d+1] != '+' && s[d+1] != '-') {
		return 0
	}
	e := influxDigits(s[d+2:])
	if e == 0 {
		return 0
	}
	return d + 2 + e
}

func influxFieldValue(s string) (influxField, string, *influxErr) {
	// Integer: -?digits i
	if n := influxSigned(s); n > 0 && n < len(s) && s[n] == 'i' {
		v, err := strconv.ParseInt(s[:n], 10, 64)
		if err != nil {
			return influxField{}, s, &influxErr{msg: fmt.Sprintf("Unable to parse integer value '%s'", s[:n]), failure: true}
		}
		return influxField{kind: 'i', num: float64(v)}, s[n+1:], nil
	}
	// Unsigned: digits u
	if n := influxDigits(s); n > 0 && n < len(s) && s[n] == 'u' {
		v, err := strconv.ParseUint(s[:n], 10, 64)
		if err != nil {
			return influxField{}, s, &influxErr{msg: fmt.Sprintf("Unable to parse unsigned integer value '%s'", s[:n]), failure: true}
		}
		return influxField{kind: 'u', num: float64(v)}, s[n+1:], nil
	}
	// Float: the four shapes, tried in upstream's order.
	n := 0
	if i := influxSigned(s); i > 0 && i < len(s) && s[i] == '.' {
		if e := influxExponential(s[i+1:]); e > 0 {
			n = i + 1 + e
		} else if d := influxDigits(s[i+1:]); d > 0 {
			n = i + 1 + d
		}
	}
	if n == 0 {
		n = influxExponential(s)
	}
	if n == 0 {
		n = influxSigned(s)
	}
	if n > 0 {
		v, err := strconv.ParseFloat(s[:n], 64)
		if err != nil {
			return influxField{}, s, &influxErr{msg: fmt.Sprintf("Unable to parse floating-point value '%s'", s[:n]), failure: true}
		}
		return influxField{kind: 'f', num: v}, s[n:], nil
	}
	// String: "..." with \" and \\ escapes.
	if strings.HasPrefix(s, `"`) {
		i := 1
		for i < len(s) && s[i] != '"' {
			if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
				i += 2
				continue
			}
			i++
		}
		if i < len(s) {
			return influxField{kind: 's'}, s[i+1:], nil
		}
	}
	for _, b := range []struct {
		word string
		v    bool
	}{{"true", true}, {"True", true}, {"TRUE", true}, {"t", true}, {"T", true},
		{"false", false}, {"False", false}, {"FALSE", false}, {"f", false}, {"F", false}} {
		if strings.HasPrefix(s, b.word) {
			f := influxField{kind: 'b'}
			if b.v {
				f.num = 1
			}
			return f, s[len(b.word):], nil
		}
	}
	return influxField{}, s, influxGeneric("Alt")
}
