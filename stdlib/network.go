package stdlib

import (
	"fmt"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// dns_lookup, reverse_dns and http_request exist upstream but make network
// calls, which matano transforms must never do (a security data lake's
// transforms run on untrusted data and must be reproducible). They are
// registered with upstream's exact parameters and types so programs that
// mention them type-check as upstream's do, and every call fails at run
// time with networkDisabled.

// networkDisabled is the run-time error of a network function.
func networkDisabled(name string) evalFunc {
	err := fmt.Errorf("function %q is disabled: matano transforms do not make network calls", name)
	return func(*Context, []value.Value, []bool) (value.Value, error) { return value.Null, err }
}

// dnsLookupKind is upstream's return type of dns_lookup.
func dnsLookupKind() value.Kind {
	obj := func(fields map[string]value.Kind) value.Kind { return value.KindObjectOf(fields, nil) }
	rdata := obj(map[string]value.Kind{
		"class": value.KindBytes, "domainName": value.KindBytes, "rData": value.KindBytes,
		"recordType": value.KindBytes, "recordTypeId": value.KindInteger, "ttl": value.KindInteger,
	})
	question := obj(map[string]value.Kind{
		"class": value.KindBytes, "domainName": value.KindBytes,
		"questionType": value.KindBytes, "questionTypeId": value.KindInteger,
	})
	header := obj(map[string]value.Kind{
		"aa": value.KindBoolean, "ad": value.KindBoolean, "anCount": value.KindInteger,
		"arCount": value.KindInteger, "cd": value.KindBoolean, "nsCount": value.KindInteger,
		"opcode": value.KindInteger, "qdCount": value.KindInteger, "qr": value.KindInteger,
		"ra": value.KindBoolean, "rcode": value.KindInteger, "rd": value.KindBoolean, "tc": value.KindBoolean,
	})
	bytesOrNull := value.Kind{Bits: value.BitBytes | value.BitNull}
	return obj(map[string]value.Kind{
		"fullRcode":     value.KindInteger,
		"rcodeName":     bytesOrNull,
		"time":          bytesOrNull,
		"timePrecision": bytesOrNull,
		"answers":       value.KindArrayOf(nil, rdata.Ptr()),
		"authority":     value.KindArrayOf(nil, rdata.Ptr()),
		"additional":    value.KindArrayOf(nil, rdata.Ptr()),
		"header":        header,
		"question":      value.KindArrayOf(nil, question.Ptr()),
	})
}
