package parse

import (
	"strings"
	"testing"

	"github.com/matano-go/matano/compiler/diag"
)

// benchProgram is a typical log-normalisation script, repeated.
var benchProgram = strings.Repeat(`
# normalise a CloudTrail-like record
.event.kind = "event"
.event.created = now()
ts, err = parse_timestamp(.eventTime, format: "%+")
if err == null { .@timestamp = ts } else { .@timestamp = now() }
.source.ip = del(.sourceIPAddress) ?? "0.0.0.0"
.user.name = .userIdentity."userName" || .userIdentity.arn
.tags = filter(array!(.tags ?? [])) -> |_i, t| { !is_null(t) && t != "" }
.related.ip = [.source.ip, .destination.ip]
. |= { "cloud": { "provider": "aws", "region": .awsRegion }, "n": 1 + 2 * 3 }
msg = "user {{ name }} did \"{{ action }}\"\n"
if match(string!(.eventName), r'^(Get|List|Describe)') { .event.type = ["access"] }
`, 20)

func BenchmarkLex(b *testing.B) {
	src := []byte(benchProgram)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		l := lexer{src: src}
		for l.next().kind != tEOF {
		}
	}
}

func BenchmarkParse(b *testing.B) {
	src := []byte(benchProgram)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		_, diags := File(diag.NewFile("", src))
		if len(diags) > 0 {
			b.Fatal(diag.FormatText(diags))
		}
	}
}
