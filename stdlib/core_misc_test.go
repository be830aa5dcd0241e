package stdlib

import "testing"

// Upstream examples of the math, time, syslog and assertion functions with literal arguments
// (generated from function_examples.jsonl).
var miscExamples = []fnCase{
	{fn: "abs", args: []any{tJSON("-42")}, want: `42`},
	{fn: "abs", args: []any{tJSON("-42.2")}, want: `42.2`},
	{fn: "abs", args: []any{tJSON("10")}, want: `10`},
	{fn: "assert", args: []any{tJSON("false")}, err: "assertion failed"},
	{fn: "assert_eq", args: []any{tJSON("1"), tJSON("1")}, want: `true`},
	{fn: "assert_eq", args: []any{tJSON("127"), tArr(tJSON("1"), tJSON("2"), tJSON("3"))}, err: "assertion failed: 127 == [1, 2, 3]"},
	{fn: "assert_eq", args: []any{tJSON("1"), tJSON("0"), kw("message", tStr("Unequal integers"))}, err: "Unequal integers"},
	{fn: "ceil", args: []any{tJSON("4.345")}, want: `5.0`},
	{fn: "ceil", args: []any{tJSON("4.345"), kw("precision", tJSON("2"))}, want: `4.35`},
	{fn: "ceil", args: []any{tJSON("5")}, want: `5`},
	{fn: "floor", args: []any{tJSON("9.8")}, want: `9.0`},
	{fn: "floor", args: []any{tJSON("4.345"), kw("precision", tJSON("2"))}, want: `4.34`},
	{fn: "from_unix_timestamp", args: []any{tJSON("5")}, want: `"1970-01-01T00:00:05Z"`},
	{fn: "from_unix_timestamp", args: []any{tJSON("5000"), kw("unit", tStr("milliseconds"))}, want: `"1970-01-01T00:00:05Z"`},
	{fn: "from_unix_timestamp", args: []any{tJSON("5000"), kw("unit", tStr("microseconds"))}, want: `"1970-01-01T00:00:00.005Z"`},
	{fn: "from_unix_timestamp", args: []any{tJSON("5000"), kw("unit", tStr("nanoseconds"))}, want: `"1970-01-01T00:00:00.000005Z"`},
	{fn: "get_timezone_name", args: []any{}, want: `"UTC"`, sameType: true},
	{fn: "log", args: []any{tStr("Hello, World!"), kw("level", tStr("info")), kw("rate_limit_secs", tJSON("60"))}, want: `null`},
	{fn: "mod", args: []any{tJSON("5"), tJSON("2")}, want: `1`},
	{fn: "now", args: []any{}, want: `"2012-03-04T12:34:56.789012345Z"`, sameType: true},
	{fn: "round", args: []any{tJSON("4.345")}, want: `4.0`},
	{fn: "round", args: []any{tJSON("4.345"), kw("precision", tJSON("2"))}, want: `4.35`},
	{fn: "round", args: []any{tJSON("5.5")}, want: `6.0`},
	{fn: "round", args: []any{tJSON("5.45")}, want: `5.0`},
	{fn: "to_syslog_facility", args: []any{tJSON("4")}, want: `"auth"`},
	{fn: "to_syslog_facility", args: []any{tJSON("500")}, err: "facility code 500 not valid"},
	{fn: "to_syslog_facility_code", args: []any{tStr("authpriv")}, want: `10`},
	{fn: "to_syslog_facility_code", args: []any{tStr("foobar")}, err: "syslog facility 'foobar' not valid"},
	{fn: "to_syslog_level", args: []any{tJSON("5")}, want: `"notice"`},
	{fn: "to_syslog_level", args: []any{tJSON("500")}, err: "severity level 500 not valid"},
	{fn: "to_syslog_severity", args: []any{tStr("alert")}, want: `1`},
	{fn: "to_syslog_severity", args: []any{tStr("foobar")}, err: "syslog level foobar not valid"},
	{fn: "to_unix_timestamp", args: []any{tTS("2021-01-01T00:00:00+00:00")}, want: `1609459200`},
	{fn: "to_unix_timestamp", args: []any{tTS("2021-01-01T00:00:00Z"), kw("unit", tStr("milliseconds"))}, want: `1609459200000`},
	{fn: "to_unix_timestamp", args: []any{tTS("2021-01-01T00:00:00Z"), kw("unit", tStr("microseconds"))}, want: `1609459200000000`},
	{fn: "to_unix_timestamp", args: []any{tTS("2021-01-01T00:00:00Z"), kw("unit", tStr("nanoseconds"))}, want: `1609459200000000000`},
}

func TestCoreMiscExamples(t *testing.T) { runCases(t, miscExamples) }
