package cast

import (
	"testing"

	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/schemas/ecs"
)

// BenchmarkCastECS casts a CloudTrail-like event (about 20 set fields)
// into a wide ECS table (the field sets a real log source selects): the
// realistic case, where hundreds of columns are never set (they cost
// nothing per row, and one shared all-null buffer at NewRecord).
func BenchmarkCastECS(b *testing.B) {
	s, probs := schema.Resolve(schema.Input{Table: "cloudtrail", ECSFieldNames: []string{
		"cloud", "event", "source", "user", "user_agent", "related", "error", "host", "network", "url",
	}}, ecs.Default())
	if len(probs) > 0 {
		b.Fatalf("%+v", probs)
	}
	as, err := s.Arrow()
	if err != nil {
		b.Fatal(err)
	}
	c, err := New(as)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Release()
	leaves := 0
	s.Walk(func(string, *schema.Field) { leaves++ })
	e := event(b, `{
	  "cloud":{"provider":"aws","region":"us-east-1","account":{"id":"123456789012"}},
	  "event":{"action":"ConsoleLogin","category":["authentication"],"kind":"event","outcome":"success","provider":"signin.amazonaws.com","type":["start"]},
	  "source":{"ip":"203.0.113.7","address":"203.0.113.7"},
	  "user":{"name":"alice","id":"AIDAEXAMPLE"},
	  "user_agent":{"original":"Mozilla/5.0"},
	  "related":{"ip":["203.0.113.7"],"user":["alice"]},
	  "aws":{"cloudtrail":{"event_version":"1.08"}}}`)
	if err := c.Append(e); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := c.Append(e); err != nil {
			b.Fatal(err)
		}
		if c.Len() == 4096 {
			c.NewRecord().Release()
		}
	}
	b.ReportMetric(float64(leaves), "schema-fields")
}
