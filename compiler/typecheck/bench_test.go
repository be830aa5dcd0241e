package typecheck

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/schema"
)

// benchTransform is a realistic ~40-statement transform: timestamp
// parsing, conversions, conditionals, ECS categorisation, related.*.
const benchTransform = `.ts = parse_timestamp(string!(.json.time), "%+") ?? .ts
.event.kind = "event"
.event.category = ["network"]
.event.type = ["connection"]
.event.action = downcase(string(.json.action) ?? "unknown")
.event.outcome = if .json.ok == true { "success" } else { "failure" }
.event.duration = to_int(.json.duration_ns) ?? null
.event.id = string(.json.id) ?? null
.source.ip = string(.json.src) ?? null
.source.port = to_int(.json.sport) ?? null
.source.bytes = to_int(.json.sbytes) ?? null
.destination.ip = string(.json.dst) ?? null
.destination.port = to_int(.json.dport) ?? null
.destination.bytes = to_int(.json.dbytes) ?? null
.network.transport = downcase(string(.json.proto) ?? "tcp")
.network.bytes = (to_int(.json.sbytes) ?? 0) + (to_int(.json.dbytes) ?? 0)
.user.name = string(.json.user) ?? null
.user.id = string(.json.uid) ?? null
.host.name = string(.json.host) ?? null
.host.ip = [string(.json.host_ip) ?? "0.0.0.0"]
.url.original = string(.json.url) ?? null
.http.request.method = upcase(string(.json.method) ?? "GET")
.http.response.status_code = to_int(.json.status) ?? null
.user_agent.original = string(.json.ua) ?? null
if .source.ip != null {
  .related.ip = push(.related.ip, .source.ip)
}
if .destination.ip != null {
  .related.ip = push(.related.ip, .destination.ip)
}
if .user.name != null {
  .related.user = push(.related.user, .user.name)
}
.vendor.session = string(.json.session) ?? null
.vendor.score = to_float(.json.score) ?? null
.vendor.flags = array(.json.flags) ?? []
.vendor.tags = ["a", "b"]
tmp = string(.json.raw) ?? ""
.vendor.raw_len = length(tmp)
.message = string(.json.msg) ?? null
.tags = ["bench"]
.labels = {"env": "prod"}
`

const benchSchema = `schema:
  ecs_field_names:
    - event.kind
    - event.category
    - event.type
    - event.action
    - event.outcome
    - event.duration
    - event.id
    - source.ip
    - source.port
    - source.bytes
    - destination.ip
    - destination.port
    - destination.bytes
    - network.transport
    - network.bytes
    - user.name
    - user.id
    - host.name
    - host.ip
    - url.original
    - http.request.method
    - http.response.status_code
    - user_agent.original
    - related.ip
    - related.user
    - message
  fields:
    - name: vendor
      type:
        type: struct
        fields:
          - {name: session, type: string}
          - {name: score, type: double}
          - {name: flags, type: {type: list, element: string}}
          - {name: tags, type: {type: list, element: string}}
          - {name: raw_len, type: long}
`

func benchProject(b *testing.B, n int) *load.Project {
	fsys := fstest.MapFS{"matano.config.yml": {Data: []byte(config)}}
	for i := 0; i < n; i++ {
		src := fmt.Sprintf("name: src%03d\n%stransform: |\n  %s", i, benchSchema,
			strings.ReplaceAll(strings.TrimSuffix(benchTransform, "\n"), "\n", "\n  ")+"\n")
		fsys[fmt.Sprintf("log_sources/src%03d/log_source.yml", i)] = &fstest.MapFile{Data: []byte(src)}
	}
	p, ld := load.Load(fsys, "bench")
	if len(ld) != 0 {
		b.Fatalf("bench project does not load: %v", ld)
	}
	return p
}

// BenchmarkTypecheck100 resolves the schemas of and type-checks 100 log
// sources with ~40-statement transforms: the time typecheck adds to
// `matano validate` on a large directory (goal: under 200 ms).
func BenchmarkTypecheck100(b *testing.B) {
	p := benchProject(b, 100)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		schemas, sd := schema.Project(p)
		if l := Project(p, schemas); len(l)+len(sd) != 0 {
			b.Fatalf("unexpected diagnostics:\n%v", append(sd, l...))
		}
	}
}
