package stdlib

import (
	"errors"
	"regexp"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_nginx_log reads an nginx access log line (combined, the packaged
// `main` format, or ingress-nginx's upstreaminfo) or an error log line.
// The format is a compile-time enum; `referrer` captures are renamed to
// `referer` as upstream does.
func init() {
	Register(&funcDef{ident: "parse_nginx_log", params: []Param{
		{Keyword: "value", Kind: value.BitBytes, Required: true},
		{Keyword: "format", Kind: value.BitBytes, Required: true},
		{Keyword: "timestamp_format", Kind: value.BitBytes},
	}, compile: compileNginxLog})
}

func compileNginxLog(args *Args) (Call, error) {
	format, err := enumArg(args, 1, "format", []string{"combined", "error", "ingress_upstreaminfo", "main"}, "")
	if err != nil {
		return nil, err
	}
	c := &nginxLogCall{format: format}
	return &funcCall{td: c.typeDef(), eval: c.eval}, nil
}

type nginxLogCall struct{ format string }

var (
	nginxCombined = regexp.MustCompile(unicodeRE(`^\s*(-|(?P<client>\S+))\s+\-\s+(-|(?P<user>\S+))\s+\[(?P<timestamp>.+)\]\s+` +
		`"(?P<request>[^"]*)"\s+(?P<status>\d+)\s+(?P<size>\d+)\s+"(?P<referer>[^"]*)"\s+"(?P<agent>[^"]*)"` +
		`(\s+"(-|(?P<compression>[^"]+))")?\s*$`))
	nginxIngress = regexp.MustCompile(unicodeRE(`^\s*(-|(?P<remote_addr>\S+))\s+\-\s+(-|(?P<remote_user>\S+))\s+` +
		`\[(?P<timestamp>[^\]]+)\]\s+"(?P<request>[^"]*)"\s+(?P<status>\d+)\s+(?P<body_bytes_size>\d+)\s+` +
		`"(-|(?P<http_referer>[^"]*))"\s+"(-|(?P<http_user_agent>[^"]+))"\s+(?P<request_length>\d+)\s+` +
		`(?P<request_time>\d+\.\d+)\s+\[(?P<proxy_upstream_name>[^\]]+)\]\s+\[(?P<proxy_alternative_upstream_name>[^\]]+)?\]\s+` +
		`(?P<upstream_addr>\S+)\s+(-|(?P<upstream_response_length>\d+))\s+(-|(?P<upstream_response_time>\d+\.\d+))\s+` +
		`(-|(?P<upstream_status>\d+))\s+(?P<req_id>\S+)\s*$`))
	nginxMain = regexp.MustCompile(unicodeRE(`^\s*(-|(?P<remote_addr>\S+))\s+\-\s+(-|(?P<remote_user>\S+))\s+` +
		`\[(?P<timestamp>[^\]]+)\]\s+"(?P<request>[^"]*)"\s+(?P<status>\d+)\s+(?P<body_bytes_size>\d+)\s+` +
		`"(-|(?P<http_referer>[^"]*))"\s+"(-|(?P<http_user_agent>[^"]+))"\s+"(-|(?P<http_x_forwarded_for>[^"]+))"\s*$`))
	nginxError = regexp.MustCompile(unicodeRE(`^\s*(?P<timestamp>.+)\s+\[(?P<severity>\w+)\]\s+(?P<pid>\d+)#(?P<tid>\d+):` +
		`(\s+\*(?P<cid>\d+))?\s+(?P<message>.+?)(,\s+excess:\s+(?P<excess>[^\s,]+),?\sby\szone\s"(?P<zone>[^,]+)")?` +
		`(,\s+client:\s+(?P<client>[^,]+))?(,\s+server:\s+(?P<server>[^,]*))?(,\s+request:\s+"(?P<request>[^"]*)")?` +
		`(,\s+upstream:\s+"(?P<upstream>[^"]*)")?(,\s+host:\s+"(?P<host>[^"]*)")?(,\s+refer?rer:\s+"(?P<referer>[^"]*)")?\s*$`))
)

func (c *nginxLogCall) typeDef() TypeDef {
	b, i, f, ts := value.BitBytes, value.BitInteger, value.BitFloat, value.BitTimestamp
	n, u := value.BitNull, value.BitUndefined
	var fields map[string]value.KindBits
	switch c.format {
	case "combined":
		fields = map[string]value.KindBits{"client": b, "user": b | n, "timestamp": ts, "request": b, "status": i,
			"size": i, "referer": b | n, "agent": b | n, "compression": b | n}
	case "ingress_upstreaminfo":
		fields = map[string]value.KindBits{"remote_addr": b | u, "remote_user": b | u, "timestamp": ts, "request": b,
			"status": i, "body_bytes_size": i, "http_referer": b | u, "http_user_agent": b | u, "request_length": i,
			"request_time": f, "proxy_upstream_name": b, "proxy_alternative_upstream_name": b | u, "upstream_addr": b,
			"upstream_response_length": i, "upstream_response_time": f, "upstream_status": i, "req_id": b}
	case "main":
		fields = map[string]value.KindBits{"remote_addr": b | u, "remote_user": b | u, "timestamp": ts, "request": b,
			"status": i, "body_bytes_size": i, "http_referer": b | u, "http_user_agent": b | u, "http_x_forwarded_for": b | u}
	default:
		fields = map[string]value.KindBits{"timestamp": ts, "severity": b, "pid": i, "tid": i, "cid": i, "message": b,
			"excess": f | n, "zone": b | n, "client": b | n, "server": b | n, "request": b | n, "upstream": b | n,
			"host": b | n, "port": b | n}
	}
	known := make(map[string]value.Kind, len(fields))
	for k, bits := range fields {
		known[k] = value.Kind{Bits: bits}
	}
	return TypeDef{Kind: value.KindObjectOf(known, nil), Fallible: true}
}

func (c *nginxLogCall) eval(ctx *Context, args []value.Value, present []bool) (value.Value, error) {
	format := webLogDefaultTimeFormat
	re := nginxCombined
	switch c.format {
	case "error":
		format, re = "%Y/%m/%d %H:%M:%S", nginxError
	case "ingress_upstreaminfo":
		re = nginxIngress
	case "main":
		re = nginxMain
	}
	if present[2] && !args[2].IsNull() {
		format = lossyUTF8(args[2].Str())
	}
	s := lossyUTF8(args[0].Str())
	m := re.FindStringSubmatchIndex(s)
	if m == nil {
		return value.Null, errors.New("failed parsing log line")
	}
	v, err := webLogFields(re, s, m, format, ctxZone(ctx))
	if err != nil {
		return value.Null, err
	}
	if r, ok := v.Obj().Get("referrer"); ok {
		v.Obj().Delete("referrer")
		v.Obj().Set("referer", r)
	}
	return v, nil
}
