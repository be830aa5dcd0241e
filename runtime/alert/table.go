package alert

import (
	"encoding/json"
	"time"

	"github.com/matano-go/matano/compiler/load"
	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/vrl/value"
	"github.com/matano-go/matano/schemas/ecs"
)

// TableName is the alerts table every Matano lake has.
const TableName = "matano_alerts"

// CopiedFieldSets are the ECS field sets copied from a matched record
// onto its alert row, so alerts can be queried by who and what they are
// about without joining back to the source table. The set is Matano's
// common core plus the sets most detections key on; a field of the record
// outside them is dropped from the row (it stays in original_event).
// process, file, service and observer are left out on purpose: together
// they are ~760 of ECS's leaf columns, and every alert data file pays
// for each column in its footer.
var CopiedFieldSets = []string{
	"cloud", "destination", "dns", "event", "host", "http", "network",
	"related", "source", "url", "user", "user_agent",
}

// alertFields are the matano.* columns, as Matano's matano_alerts has
// them. rule.deduplication_window is in minutes, as configured.
var alertFields = []struct{ name, typ string }{
	{"matano.alert.activated", "boolean"},
	{"matano.alert.context", "string"}, // alert_context() as JSON
	{"matano.alert.created", "timestamp"},
	{"matano.alert.dedupe", "string"},
	{"matano.alert.description", "string"},
	{"matano.alert.first_matched_at", "timestamp"},
	{"matano.alert.id", "string"},
	{"matano.alert.original_event", "string"}, // the matched record as JSON
	{"matano.alert.original_event_id", "string"},
	{"matano.alert.original_timestamp", "timestamp"},
	{"matano.alert.reference", "string"},
	{"matano.alert.rule.deduplication_window", "int"},
	{"matano.alert.rule.match.id", "string"},
	{"matano.alert.rule.name", "string"},
	{"matano.alert.rule.severity", "string"},
	{"matano.alert.rule.threshold", "int"},
	{"matano.alert.runbook", "string"},
	{"matano.alert.severity", "string"},
	{"matano.alert.title", "string"},
	{"matano.table", "string"},
}

// Schema returns the resolved schema of matano_alerts: ts (the match's
// processing time), the matano.* columns, the copied ECS field sets and
// the columns every table has.
func Schema() *schema.Schema {
	var fields []load.Field
	for _, f := range alertFields {
		fields = append(fields, load.Field{Name: f.name, Type: load.Type{Name: f.typ}})
	}
	str := load.Type{Name: "string"}
	for _, name := range []string{"matano.alert.destinations", "matano.alert.rule.destinations"} {
		fields = append(fields, load.Field{Name: name, Type: load.Type{Name: "list", Element: &str}})
	}
	s, problems := schema.Resolve(schema.Input{Table: TableName, ECSFieldNames: CopiedFieldSets, Fields: fields}, ecs.Default())
	if len(problems) > 0 {
		// The inputs are constants: a problem is a bug in this file or a
		// catalogue that lost a field set.
		panic("alert: matano_alerts schema: " + problems[0].Message)
	}
	return s
}

// Value builds the row's event for the lake (and for printing): the
// record's copied field sets with event.kind "signal", then matano.*.
// String timestamps of the record (it arrives as JSON) are parsed back
// into timestamps where s has a timestamp column, so the cast accepts
// them; a value that does not parse is left out rather than sidelining
// the whole alert.
func (r *Row) Value(s *schema.Schema) value.Value {
	out := value.NewObject(len(CopiedFieldSets) + 3)
	var rec *value.Object
	if v, err := value.FromJSON(r.Record); err == nil {
		rec = v.Obj()
	}
	var origTS value.Value
	if rec != nil {
		for _, set := range CopiedFieldSets {
			if v, ok := rec.Get(set); ok {
				out.Set(set, v)
			}
		}
		if ts, ok := rec.Get("ts"); ok {
			origTS = ts
		}
	}
	ev, ok := out.Get("event")
	if !ok || ev.Obj() == nil {
		ev = value.ObjectValue(value.NewObject(1))
		out.Set("event", ev)
	}
	ev.Obj().Set("kind", value.Bytes("signal"))

	rule := value.NewObject(6)
	rule.Set("name", value.Bytes(r.Rule.Name))
	rule.Set("severity", value.Bytes(r.Rule.Severity))
	rule.Set("threshold", value.Integer(int64(r.Rule.Threshold)))
	rule.Set("deduplication_window", value.Integer(int64(r.Rule.Window/time.Minute)))
	rule.Set("destinations", stringList(r.Rule.Destinations))
	match := value.NewObject(1)
	match.Set("id", value.Bytes(r.MatchID))
	rule.Set("match", value.ObjectValue(match))

	a := value.NewObject(20)
	a.Set("id", value.Bytes(r.AlertID))
	if !r.Created.IsZero() {
		a.Set("created", value.Timestamp(r.Created))
	}
	a.Set("first_matched_at", value.Timestamp(r.FirstMatchedAt))
	a.Set("activated", value.Boolean(r.Activated))
	a.Set("dedupe", value.Bytes(r.Dedupe))
	a.Set("title", value.Bytes(r.Title))
	a.Set("severity", value.Bytes(r.Severity))
	setString(a, "description", r.Description)
	setString(a, "runbook", r.Runbook)
	setString(a, "reference", r.Reference)
	a.Set("destinations", stringList(r.Destinations))
	if len(r.Context) > 0 {
		a.Set("context", value.Bytes(string(r.Context)))
	}
	a.Set("original_timestamp", origTS)
	a.Set("original_event", value.Bytes(string(r.Record)))
	if rec != nil {
		if ev, ok := rec.Get("event"); ok && ev.Obj() != nil {
			if id, ok := ev.Obj().Get("id"); ok && id.Type() == value.TypeBytes {
				a.Set("original_event_id", id)
			}
		}
	}
	a.Set("rule", value.ObjectValue(rule))

	m := value.NewObject(2)
	m.Set("alert", value.ObjectValue(a))
	m.Set("table", value.Bytes(r.Table))
	out.Set("matano", value.ObjectValue(m))
	out.Set("ts", value.Timestamp(r.MatchedAt))

	v := value.ObjectValue(out)
	if s != nil {
		v = fixTimestamps(v, s.Columns)
	}
	return v
}

func setString(o *value.Object, key, s string) {
	if s != "" {
		o.Set(key, value.Bytes(s))
	}
}

func stringList(ss []string) value.Value {
	if len(ss) == 0 {
		return value.Null
	}
	items := make([]value.Value, len(ss))
	for i, s := range ss {
		items[i] = value.Bytes(s)
	}
	return value.ArrayValue(items)
}

// fixTimestamps walks v along fields and turns RFC 3339 strings in
// timestamp columns into timestamps, dropping strings that do not parse.
func fixTimestamps(v value.Value, fields []*schema.Field) value.Value {
	o := v.Obj()
	if o == nil {
		return v
	}
	for _, f := range fields {
		c, ok := o.Get(f.Name)
		if !ok {
			continue
		}
		if fixed, keep := fixValue(c, f.Type); !keep {
			o.Delete(f.Name)
		} else {
			o.Set(f.Name, fixed)
		}
	}
	return v
}

func fixValue(v value.Value, t *schema.Type) (value.Value, bool) {
	switch t.Kind {
	case "timestamp", "timestamptz":
		if v.Type() != value.TypeBytes {
			return v, true
		}
		ts, err := time.Parse(time.RFC3339Nano, v.Str())
		if err != nil {
			return value.Null, false
		}
		return value.Timestamp(ts), true
	case "struct":
		return fixTimestamps(v, t.Fields), true
	case "list":
		if a := v.Arr(); a != nil {
			for i, it := range a.Items {
				if fixed, keep := fixValue(it, t.Element.Type); keep {
					a.Items[i] = fixed
				} else {
					a.Items[i] = value.Null
				}
			}
		}
	}
	return v, true
}

// MarshalJSON renders the row as it is written to matano_alerts (without
// schema-driven timestamp parsing: the record's fields as they came).
func (r Row) MarshalJSON() ([]byte, error) {
	return value.AppendJSON(nil, r.Value(nil)), nil
}

var _ json.Marshaler = Row{}
