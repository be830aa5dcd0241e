package stdlib

import "testing"

func TestParseInfluxDB(t *testing.T) {
	metric := func(name, tags, ts, v string) string {
		s := `{"name":"` + name + `"`
		if tags != "" {
			s += `,"tags":` + tags
		}
		if ts != "" {
			s += `,"timestamp":"` + ts + `"`
		}
		return s + `,"kind":"absolute","gauge":{"value":` + v + `}}`
	}
	tags := `{"host":"A","region":"us-west"}`
	ts := "2020-05-26T10:26:13.254420Z"
	runCases(t, []fnCase{
		{fn: "parse_influxdb", args: []any{tStr("cpu,host=A,region=us-west usage_system=64i,usage_user=10u,temperature=50.5,on=true,sleep=false 1590488773254420000")},
			want: "[" + metric("cpu_usage_system", tags, ts, "64.0") + "," + metric("cpu_usage_user", tags, ts, "10.0") + "," +
				metric("cpu_temperature", tags, ts, "50.5") + "," + metric("cpu_on", tags, ts, "1.0") + "," + metric("cpu_sleep", tags, ts, "0.0") + "]"},
		{fn: "parse_influxdb", args: []any{tStr("cpu usage_system=64i,usage_user=10i")},
			want: "[" + metric("cpu_usage_system", "", "", "64.0") + "," + metric("cpu_usage_user", "", "", "10.0") + "]"},
		{fn: "parse_influxdb", args: []any{tStr("# comment\n\nm\\ x,t\\,k=v\\=1 f=1.5e+3\nm y=-2 -5")},
			want: "[" + metric("m x_f", `{"t,k":"v=1"}`, "", "1500.0") + "," + metric("m_y", "", "1969-12-31T23:59:59.999999995Z", "-2.0") + "]"},
		{fn: "parse_influxdb", args: []any{tStr(`cpu s="x"`)}, err: "Error while converting InfluxDB line protocol metric to Vector's metric model: field set values of type string are not supported"},
		{fn: "parse_influxdb", args: []any{tStr("cpu ")}, err: "InfluxDB line protocol parsing error: No fields were provided"},
		{fn: "parse_influxdb", args: []any{tStr("cpu f=1 x")}, err: "InfluxDB line protocol parsing error: Could not parse entire line. Found trailing content: ' x'"},
		{fn: "parse_influxdb", args: []any{tStr("cpu f=99999999999999999999i")}, err: "InfluxDB line protocol parsing error: Unable to parse integer value '99999999999999999999'"},
	})
}
