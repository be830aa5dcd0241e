package stdlib

import (
	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_apache_log reads an Apache access log line in the common or
// combined format, or an error log line (the classic layout or the
// threaded-MPM ErrorLogFormat). The format is a compile-time enum.
func init() {
	Register(&funcDef{ident: "parse_apache_log", params: []Param{
		{Keyword: "value", Kind: value.BitBytes, Required: true},
		{Keyword: "format", Kind: value.BitBytes, Required: true},
		{Keyword: "timestamp_format", Kind: value.BitBytes},
	}, compile: compileApacheLog})
}

func compileApacheLog(args *Args) (Call, error) {
	format, err := enumArg(args, 1, "format", []string{"common", "combined", "error"}, "")
	if err != nil {
		return nil, err
	}
	c := &apacheLogCall{format: format}
	return &funcCall{td: c.typeDef(), eval: c.eval}, nil
}

type apacheLogCall struct{ format string }

func (c *apacheLogCall) typeDef() TypeDef {
	fields := map[string]value.KindBits{}
	switch c.format {
	case "common", "combined":
		for k, v := range webLogCommonFields {
			fields[k] = v
		}
		if c.format == "combined" {
			fields["referrer"] = value.BitBytes
			fields["agent"] = value.BitBytes
		}
	case "error":
		fields = map[string]value.KindBits{
			"timestamp": value.BitTimestamp, "module": value.BitBytes, "severity": value.BitBytes,
			"thread": value.BitBytes, "port": value.BitBytes, "message": value.BitBytes,
		}
	}
	return TypeDef{Kind: webLogKind(fields), Fallible: true}
}

func (c *apacheLogCall) eval(ctx *Context, args []value.Value, present []bool) (value.Value, error) {
	format := webLogDefaultTimeFormat
	if present[2] && !args[2].IsNull() {
		format = lossyUTF8(args[2].Str())
	}
	res := webLogApacheCommon
	switch c.format {
	case "combined":
		res = webLogApacheCombined
	case "error":
		res = webLogApacheError
	}
	return webLogParse(res, lossyUTF8(args[0].Str()), format, ctxZone(ctx), c.format)
}
