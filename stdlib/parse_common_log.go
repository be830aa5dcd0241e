package stdlib

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_common_log reads an Apache/W3C Common Log Format line. A `-`
// field is left out; the timestamp is read with timestamp_format
// (default `%d/%b/%Y:%T %z`) in the runtime's zone.
func init() {
	Register(&Spec{
		Ident: "parse_common_log",
		Parameters: []Param{
			{Keyword: "value", Kind: value.BitBytes, Required: true},
			{Keyword: "timestamp_format", Kind: value.BitBytes},
		},
		Returns: webLogKind(webLogCommonFields),
		CanFail: true,
		Impl: func(ctx *Context, args []value.Value, present []bool) (value.Value, error) {
			format := webLogDefaultTimeFormat
			if present[1] && !args[1].IsNull() {
				format = lossyUTF8(args[1].Str())
			}
			return webLogParse(webLogApacheCommon, lossyUTF8(args[0].Str()), format, ctxZone(ctx), "common")
		},
	})
}

const webLogDefaultTimeFormat = "%d/%b/%Y:%T %z"

// The web-server log formats, translated from upstream's verbose regexes.
// `[[\\"][^"]]` there is the union of two classes, that is any character.
const (
	webLogReqHead = `^\s*(-|(?P<host>.*?))\s+(-|(?P<identity>.*?))\s+(-|(?P<user>.*?))\s+(-|\[(-|(?P<timestamp>[^\[]*))\])\s+` +
		`(-|"(-|(\s*(?P<message>((?P<method>\w+)\s+(?P<path>(?s:.)*?)\s+(?P<protocol>(?s:.)*?)\s*|(?s:.)*?))\s*))")\s+` +
		`(-|(?P<status>\d+))\s+(-|(?P<size>\d+))`
)

var (
	webLogApacheCommon   = []*regexp.Regexp{regexp.MustCompile(unicodeRE(webLogReqHead + `\s*$`))}
	webLogApacheCombined = []*regexp.Regexp{regexp.MustCompile(unicodeRE(webLogReqHead +
		`\s+(-|"(-|(\s*(?P<referrer>(?s:.)*?)")))\s+(-|"(-|(\s*(?P<agent>(?s:.)*?)")))`))}
	webLogApacheError = []*regexp.Regexp{
		regexp.MustCompile(unicodeRE(`^\s*(-|\[(-|(?P<timestamp>[^\[]*))\])\s+(-|\[(-|(?P<module>[^:]*):(?P<severity>[^\[]*))\])\s+` +
			`(-|\[\s*pid\s*(-|(?P<pid>[^:]*)(:\s*tid\s*(?P<thread>[^\[]*))?)\])\s(-|\[\s*client\s*(-|(?P<client>.*:?):(?P<port>[^\[]*))\])\s` +
			`(-|(?P<message>.*))\s*$`)),
		regexp.MustCompile(unicodeRE(`^\s*\[(?P<timestamp>[^\]]+)\]\s+\[(-|(?P<module>[^:]+)):(?P<severity>[^\]]+)\]\s+` +
			`\[pid\s+(?P<pid>\d+)(:tid\s+(?P<thread>\d+))?\]\s+(?P<message1>[^\[]*?:\s+([^\[]*?:\s+)?)?` +
			`(\[client\s+(?P<client>.+?):(?P<port>\d+)\]\s+)?(?P<message2>.*)(,referer.*)?\s*$`)),
	}
)

var webLogCommonFields = map[string]value.KindBits{
	"host": value.BitBytes, "identity": value.BitBytes, "user": value.BitBytes, "timestamp": value.BitTimestamp,
	"message": value.BitBytes, "method": value.BitBytes, "path": value.BitBytes, "protocol": value.BitBytes,
	"status": value.BitInteger, "size": value.BitInteger,
}

// webLogKind is an exact object of the given fields, each also null.
func webLogKind(fields map[string]value.KindBits) value.Kind {
	known := make(map[string]value.Kind, len(fields))
	for k, b := range fields {
		known[k] = value.Kind{Bits: b | value.BitNull}
	}
	return value.KindObjectOf(known, nil)
}

// webLogParse tries each regex in turn and converts the first match.
func webLogParse(res []*regexp.Regexp, s, timeFormat string, loc *time.Location, logType string) (value.Value, error) {
	for _, re := range res {
		if m := re.FindStringSubmatchIndex(s); m != nil {
			return webLogFields(re, s, m, timeFormat, loc)
		}
	}
	return value.Null, fmt.Errorf("failed parsing %s log line", logType)
}

// webLogFields converts the named captures that took part: timestamps,
// integer and float fields by name, strings otherwise (upstream's
// log_util::log_fields).
func webLogFields(re *regexp.Regexp, s string, m []int, timeFormat string, loc *time.Location) (value.Value, error) {
	o := value.NewObject(12)
	for g, name := range re.SubexpNames() {
		if name == "" || m[2*g] < 0 {
			continue
		}
		text := s[m[2*g]:m[2*g+1]]
		switch name {
		case "timestamp":
			t, err := tfParseInZone(text, timeFormat, loc)
			if err != nil {
				t, err = tfParseWithOffset(text, timeFormat)
			}
			if err != nil {
				return value.Null, fmt.Errorf("failed parsing timestamp %s using format %s: %v", text, timeFormat, err)
			}
			o.Set(name, value.Timestamp(t))
		case "status", "size", "pid", "tid", "cid", "port", "body_bytes_size", "request_length",
			"upstream_response_length", "upstream_status":
			n, err := strconv.ParseInt(text, 10, 64)
			if err != nil {
				return value.Null, fmt.Errorf("failed parsing %s", name)
			}
			o.Set(name, value.Integer(n))
		case "excess", "request_time", "upstream_response_time":
			f, err := parseRustFloat(text)
			if err != nil {
				return value.Null, fmt.Errorf("failed parsing %s", name)
			}
			o.Set(name, value.Float(f))
		default:
			o.Set(name, value.Bytes(text))
		}
	}
	return value.ObjectValue(o), nil
}
