package stdlib

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_klog reads a Kubernetes klog line: `Lmmdd hh:mm:ss.uuuuuu id
// file:line] message`. klog omits the year: the current one is used, or
// the previous one for a December line read in January.
func init() {
	Register(&Spec{
		Ident:      "parse_klog",
		Parameters: []Param{{Keyword: "value", Kind: value.BitBytes, Required: true}},
		Returns:    googleLogKind(),
		CanFail:    true,
		Impl: func(ctx *Context, args []value.Value, _ []bool) (value.Value, error) {
			return googleLogParse(klogRegex, "klog", lossyUTF8(args[0].Str()), func(ts, month string) string {
				m, _ := strconv.Atoi(month)
				return fmt.Sprintf("%d%s", inferYear(ctxNow(ctx).UTC(), m), ts)
			})
		},
	})
}

var klogRegex = regexp.MustCompile(`^[` + reWhitespace + `]*(?P<level>` + reWord + `)(?P<timestamp>(?P<month>` + reDigit + `{2})` + reDigit +
	`{2}[` + reWhitespace + `]` + reDigit + `{2}:` + reDigit + `{2}:` + reDigit + `{2}\.` + reDigit + `{6})[` + reWhitespace + `]+(?P<id>` + reDigit +
	`+)[` + reWhitespace + `](?P<file>.+):(?P<line>` + reDigit + `+)\][` + reWhitespace + `](?P<message>.*?)[` + reWhitespace + `]*$`)

// googleLogKind is the object klog and glog lines parse into.
func googleLogKind() value.Kind {
	return value.KindObjectOf(map[string]value.Kind{
		"level": value.KindBytes, "timestamp": value.KindTimestamp, "id": value.KindInteger,
		"file": value.KindBytes, "line": value.KindInteger, "message": value.KindBytes,
	}, nil)
}

// googleLogParse turns a klog/glog match into its object; fullTimestamp
// completes the matched timestamp (klog lacks the year) for %Y%m%d.
func googleLogParse(re *regexp.Regexp, kind, s string, fullTimestamp func(ts, month string) string) (value.Value, error) {
	m := re.FindStringSubmatch(s)
	if m == nil {
		return value.Null, fmt.Errorf("failed parsing %s message", kind)
	}
	group := func(name string) string { return m[re.SubexpIndex(name)] }
	o := value.NewObject(6)
	levels := map[string]string{"I": "info", "W": "warning", "E": "error", "F": "fatal"}
	lvl, ok := levels[group("level")]
	if !ok {
		return value.Null, fmt.Errorf(`unrecognized log level "%s"`, group("level"))
	}
	o.Set("level", value.Bytes(lvl))
	ts := group("timestamp")
	month := ""
	if i := re.SubexpIndex("month"); i >= 0 {
		month = m[i]
	}
	t, err := tfParseNaive(fullTimestamp(ts, month), "%Y%m%d %H:%M:%S%.f")
	if err != nil {
		return value.Null, fmt.Errorf("failed parsing timestamp %s: %v", ts, err)
	}
	o.Set("timestamp", value.Timestamp(t))
	id, err := strconv.ParseInt(group("id"), 10, 64)
	if err != nil {
		return value.Null, errors.New("failed parsing id")
	}
	o.Set("id", value.Integer(id))
	o.Set("file", value.Bytes(group("file")))
	line, err := strconv.ParseInt(group("line"), 10, 64)
	if err != nil {
		return value.Null, errors.New("failed parsing line")
	}
	o.Set("line", value.Integer(line))
	o.Set("message", value.Bytes(group("message")))
	return value.ObjectValue(o), nil
}
