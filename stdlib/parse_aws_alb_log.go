package stdlib

import (
	"errors"
	"fmt"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_aws_alb_log parses an Application Load Balancer access log entry
// into its named fields. "-" stands for a missing value (null); the
// processing times are floats and the byte counts integers. In strict
// mode (the default) text left after the last known field is an error;
// strict_mode: false ignores fields AWS may add later.
//
// The parser mirrors upstream's field by field, including its error
// texts, which quote the failing parser combinator the way nom prints it
// ("Parsing Error: (\"rest\", TakeWhile1)").
func init() {
	strOrNull := value.Kind{Bits: value.BitBytes | value.BitNull}
	known := map[string]value.Kind{
		"actions_executed": strOrNull, "chosen_cert_arn": strOrNull, "classification_reason": strOrNull,
		"classification": strOrNull, "client_host": value.KindBytes, "domain_name": strOrNull,
		"elb_status_code": value.KindBytes, "elb": value.KindBytes, "error_reason": strOrNull,
		"matched_rule_priority": strOrNull, "received_bytes": value.KindInteger, "redirect_url": strOrNull,
		"request_creation_time": value.KindBytes, "request_method": value.KindBytes,
		"request_processing_time": value.KindFloat, "request_protocol": value.KindBytes,
		"request_url": value.KindBytes, "response_processing_time": value.KindFloat,
		"sent_bytes": value.KindInteger, "ssl_cipher": strOrNull, "ssl_protocol": strOrNull,
		"target_group_arn": value.KindBytes, "target_host": strOrNull, "target_port_list": strOrNull,
		"target_processing_time": value.KindFloat, "target_status_code_list": strOrNull,
		"target_status_code": strOrNull, "timestamp": value.KindBytes, "trace_id": value.KindBytes,
		"type": value.KindBytes, "user_agent": value.KindBytes, "traceability_id": strOrNull,
	}
	Register(&Spec{
		Ident:      "parse_aws_alb_log",
		Parameters: []Param{reqParam("value", value.BitBytes), optParam("strict_mode", value.BitBoolean)},
		Returns:    value.KindObjectOf(known, nil),
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			strict := true
			if isPresent(present, 1) {
				strict = args[1].Bool()
			}
			o, err := parseALBLog(lossyUTF8(args[0].Str()), strict)
			if err != nil {
				return value.Null, err
			}
			return value.ObjectValue(o), nil
		},
	})
}

// albParser is a cursor over the log line with nom-like failure reports.
type albParser struct {
	in  string
	out *value.Object
}

// albError is a failed combinator: the input it failed on and its kind.
type albError struct {
	rest, kind string
	unit       bool // the list parsers report a bare "()" error
	incomplete bool
}

func (e *albError) Error() string {
	switch {
	case e.incomplete:
		return "Parsing requires more data"
	case e.unit:
		return "Parsing Error: ()"
	}
	return "Parsing Error: (" + rustDebugStr(e.rest) + ", " + e.kind + ")"
}

// spaceThen reads ' ' followed by one or more characters accepted by ok.
func (p *albParser) spaceThen(ok func(rune) bool) (string, string, error) {
	if !strings.HasPrefix(p.in, " ") {
		return "", "", &albError{rest: p.in, kind: "Char"}
	}
	rest := p.in[1:]
	end := strings.IndexFunc(rest, func(r rune) bool { return !ok(r) })
	if end < 0 {
		end = len(rest)
	}
	if end == 0 {
		return "", "", &albError{rest: rest, kind: "TakeWhile1"}
	}
	return rest[:end], rest[end:], nil
}

// quoted reads ` "...“` with backslash escapes.
func (p *albParser) quoted() (string, string, error) {
	if !strings.HasPrefix(p.in, ` "`) {
		return "", "", &albError{rest: p.in, kind: "Tag"}
	}
	rest := p.in[2:]
	var b strings.Builder
	escaped := false
	for i, r := range rest {
		switch {
		case r == '\\' && !escaped:
			escaped = true
		case r == '"' && !escaped:
			return b.String(), rest[i+1:], nil
		default:
			b.WriteRune(r)
			escaped = false
		}
	}
	return "", "", &albError{incomplete: true}
}

func (p *albParser) fail(name string, err error) error {
	return fmt.Errorf("failed to get field `%s`: %s", name, err)
}

// set stores a string field, "-" meaning null.
func (p *albParser) set(name, s string) {
	if s == "-" {
		p.out.Set(name, value.Null)
		return
	}
	p.out.Set(name, value.Bytes(s))
}

func (p *albParser) token(name string, ok func(rune) bool) error {
	s, rest, err := p.spaceThen(ok)
	if err != nil {
		return p.fail(name, err)
	}
	p.in = rest
	p.set(name, s)
	return nil
}

func (p *albParser) anything(name string) error {
	return p.token(name, func(r rune) bool { return r != ' ' })
}

func (p *albParser) quotedField(name string) error {
	s, rest, err := p.quoted()
	if err != nil {
		return p.fail(name, err)
	}
	p.in = rest
	p.set(name, s)
	return nil
}

// number reads a token and converts it; a conversion failure is nom's
// MapRes error reported at the token's start.
func (p *albParser) number(name string, float bool) error {
	start := p.in
	s, rest, err := p.spaceThen(func(r rune) bool { return r >= '0' && r <= '9' || r == '-' || (float && r == '.') })
	if err != nil {
		return p.fail(name, err)
	}
	if float {
		f, err := parseRustFloat(s)
		if err != nil || f != f {
			return p.fail(name, &albError{rest: start, kind: "MapRes"})
		}
		p.out.Set(name, value.Float(f))
	} else {
		n, err := parseRustInt(s, 10)
		if err != nil {
			return p.fail(name, &albError{rest: start, kind: "MapRes"})
		}
		p.out.Set(name, value.Integer(n))
	}
	p.in = rest
	return nil
}

// list reads `"-"` (empty), a quoted token or a bare token, as an array.
func (p *albParser) list(name string, ok func(rune) bool) error {
	if strings.HasPrefix(p.in, ` "-"`) {
		p.in = p.in[4:]
		p.out.Set(name, value.ArrayValue([]value.Value{}))
		return nil
	}
	if strings.HasPrefix(p.in, ` "`) {
		rest := p.in[2:]
		end := strings.IndexFunc(rest, func(r rune) bool { return !ok(r) })
		if end > 0 && rest[end] == '"' {
			p.in = rest[end+1:]
			p.out.Set(name, value.ArrayValue([]value.Value{value.Bytes(rest[:end])}))
			return nil
		}
	}
	s, rest, err := p.spaceThen(ok)
	if err != nil {
		return p.fail(name, &albError{unit: true})
	}
	p.in = rest
	p.out.Set(name, value.ArrayValue([]value.Value{value.Bytes(s)}))
	return nil
}

func parseALBLog(input string, strict bool) (*value.Object, error) {
	p := &albParser{in: input, out: value.NewObject(32)}
	digitOrLower := func(r rune) bool { return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' }
	timeChars := func(r rune) bool {
		return r >= '0' && r <= '9' || r == '.' || r == '-' || r == ':' || r == 'T' || r == 'Z'
	}
	hostChars := func(r rune) bool {
		return r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r == '.' || r == ':' || r == '-'
	}
	statusChars := func(r rune) bool { return r >= '0' && r <= '9' || r == '-' }

	// type: the line's first token, with no leading space.
	end := strings.IndexFunc(p.in, func(r rune) bool { return !digitOrLower(r) })
	if end < 0 {
		end = len(p.in)
	}
	if end == 0 {
		return nil, p.fail("type", &albError{rest: p.in, kind: "TakeWhile1"})
	}
	p.set("type", p.in[:end])
	p.in = p.in[end:]

	steps := []func() error{
		func() error { return p.token("timestamp", timeChars) },
		func() error { return p.anything("elb") },
		func() error { return p.token("client_host", hostChars) },
		func() error { return p.token("target_host", hostChars) },
		func() error { return p.number("request_processing_time", true) },
		func() error { return p.number("target_processing_time", true) },
		func() error { return p.number("response_processing_time", true) },
		func() error { return p.token("elb_status_code", statusChars) },
		func() error { return p.token("target_status_code", statusChars) },
		func() error { return p.number("received_bytes", false) },
		func() error { return p.number("sent_bytes", false) },
		p.request,
		func() error { return p.quotedField("user_agent") },
		func() error { return p.anything("ssl_cipher") },
		func() error { return p.anything("ssl_protocol") },
		func() error { return p.anything("target_group_arn") },
		func() error { return p.quotedField("trace_id") },
		func() error { return p.quotedField("domain_name") },
		func() error { return p.quotedField("chosen_cert_arn") },
		func() error { return p.token("matched_rule_priority", statusChars) },
		func() error { return p.token("request_creation_time", timeChars) },
		func() error { return p.quotedField("actions_executed") },
		func() error { return p.quotedField("redirect_url") },
		func() error { return p.quotedField("error_reason") },
		func() error { return p.list("target_port_list", hostChars) },
		func() error {
			return p.list("target_status_code_list", func(r rune) bool { return r >= '0' && r <= '9' })
		},
		func() error { return p.quotedField("classification") },
		func() error { return p.quotedField("classification_reason") },
		func() error {
			// traceability_id: present only as " TID_..."
			if !strings.HasPrefix(p.in, " TID_") {
				p.out.Set("traceability_id", value.Null)
				return nil
			}
			s, rest, _ := p.spaceThen(func(r rune) bool { return r != ' ' })
			p.in = rest
			p.out.Set("traceability_id", value.Bytes(s))
			return nil
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	if p.in != "" && strict {
		return nil, fmt.Errorf(`Log should be fully consumed: "%s"`, p.in)
	}
	return p.out, nil
}

// request splits the quoted request line into method, URL and protocol.
func (p *albParser) request() error {
	req, rest, err := p.quoted()
	if err != nil {
		return p.fail("request", err)
	}
	p.in = rest
	method, tail, ok := strings.Cut(req, " ")
	p.set("request_method", method)
	if !ok {
		return errors.New("failed to get field `request_url`")
	}
	i := strings.LastIndexByte(tail, ' ')
	if i < 0 {
		p.set("request_protocol", tail)
		return errors.New("failed to get field `request_url`")
	}
	p.set("request_protocol", tail[i+1:])
	p.out.Set("request_url", value.Bytes(tail[:i]))
	return nil
}
