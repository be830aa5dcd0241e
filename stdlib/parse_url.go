package stdlib

import (
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_url splits an absolute URL into scheme, username, password,
// host, port, path, query (an object of decoded parameters, the last of
// a repeated name winning) and fragment, normalised as the WHATWG URL
// standard says (see whatwg_url.go). A port equal to the scheme's
// default is dropped unless default_known_ports is true, which also fills
// in the default port of http, https, ws, wss and ftp when none is given.
func init() {
	Register(&Spec{
		Ident:      "parse_url",
		Parameters: []Param{reqParam("value", value.BitBytes), optParam("default_known_ports", value.BitBoolean)},
		Returns: value.KindObjectOf(map[string]value.Kind{
			"scheme":   value.KindBytes,
			"username": value.KindBytes,
			"password": value.KindBytes,
			"path":     {Bits: value.BitBytes | value.BitNull},
			"host":     value.KindBytes,
			"port":     {Bits: value.BitInteger | value.BitNull},
			"fragment": {Bits: value.BitBytes | value.BitNull},
			"query":    value.KindObjectOf(nil, value.KindBytes.Ptr()),
		}, nil),
		CanFail: true,
		Impl:    evalParseURL,
	})
}

func evalParseURL(_ *Context, args []value.Value, present []bool) (value.Value, error) {
	u, err := parseWHATWGURL(lossyUTF8(args[0].Str()))
	if err != nil {
		return value.Null, fmt.Errorf("unable to parse url: %s", err)
	}
	knownPorts := isPresent(present, 1) && args[1].Bool()
	o := value.NewObject(8)
	o.Set("scheme", value.Bytes(u.scheme))
	o.Set("username", value.Bytes(u.username))
	o.Set("password", value.Bytes(u.password))
	o.Set("path", value.Bytes(u.path))
	o.Set("host", netparseOptStr(u.host))
	switch {
	case u.port != nil:
		o.Set("port", value.Integer(int64(*u.port)))
	case knownPorts:
		if p, ok := urlDefaultPort(u.scheme); ok {
			o.Set("port", value.Integer(int64(p)))
		} else {
			o.Set("port", value.Null)
		}
	default:
		o.Set("port", value.Null)
	}
	o.Set("fragment", netparseOptStr(u.fragment))
	q := value.NewObject(0)
	if u.query != nil {
		for _, p := range parseFormPairs(*u.query) {
			q.Set(p.name, value.Bytes(p.value))
		}
	}
	o.Set("query", value.ObjectValue(q))
	return value.ObjectValue(o), nil
}

func netparseOptStr(s *string) value.Value {
	if s == nil {
		return value.Null
	}
	return value.Bytes(*s)
}
