package stdlib

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

func TestParseAndFormatTimestamp(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "parse_timestamp", args: []any{tStr("10-Oct-2020 16:00+00:00"), kw("format", tStr("%v %R %:z"))}, want: `"2020-10-10T16:00:00Z"`},
		{fn: "parse_timestamp", args: []any{tStr("16/10/2019 12:00:00"), kw("format", tStr("%d/%m/%Y %H:%M:%S")), kw("timezone", tStr("Asia/Taipei"))}, want: `"2019-10-16T04:00:00Z"`},
		{fn: "parse_timestamp", args: []any{tStr("06/Nov/2014:19:10:38 +0600"), tStr("%d/%b/%Y:%H:%M:%S %z")}, want: `"2014-11-06T13:10:38Z"`},
		{fn: "parse_timestamp", args: []any{tStr("2022-02-01T02:00:00Z"), tStr("%Y-%m-%dT%H:%M:%SZ")}, want: `"2022-02-01T02:00:00Z"`},
		{fn: "parse_timestamp", args: []any{value.Timestamp(lpNow), tStr("%s")}, want: `"2026-11-27T01:02:03Z"`},
		{fn: "parse_timestamp", args: []any{tStr("nope"), tStr("%Y")}, err: `Invalid timestamp "nope": input contains invalid characters`},
		{fn: "parse_timestamp", args: []any{tStr("2020"), tStr("%Y"), tStr("Mars/Olympus")}, err: "unable to parse timezone: Mars/Olympus"},
		{fn: "format_timestamp", args: []any{lts("2020-10-21T16:00:00Z"), kw("format", tStr("%+"))}, want: `"2020-10-21T16:00:00+00:00"`},
		{fn: "format_timestamp", args: []any{lts("2020-10-21T16:00:00Z"), kw("format", tStr("%v %R"))}, want: `"21-Oct-2020 16:00"`},
		{fn: "format_timestamp", args: []any{lts("2021-02-10T23:32:00Z"), kw("format", tStr("%d %B %Y %H:%M"))}, want: `"10 February 2021 23:32"`},
		{fn: "format_timestamp", args: []any{lts("2021-02-10T23:32:00Z"), kw("format", tStr("%d %B %Y %H:%M")), kw("timezone", tStr("Europe/Berlin"))}, want: `"11 February 2021 00:32"`},
		{fn: "format_timestamp", args: []any{lts("1970-01-01T00:00:10Z"), tStr("%+"), tStr("Europe/Berlin")}, want: `"1970-01-01T01:00:10+01:00"`},
		{fn: "format_timestamp", args: []any{lts("1970-01-01T00:00:10Z"), tStr("%s")}, want: `"10"`},
		{fn: "format_timestamp", args: []any{lts("1970-01-01T00:00:10Z"), tStr("%Q INVALID")}, err: "invalid format"},
	})
}

func lts(s string) value.Value {
	t, err := tfParseRFC3339(s)
	if err != nil {
		panic(err)
	}
	return value.Timestamp(t)
}

func TestParseGroksAliasSources(t *testing.T) {
	path := filepath.Join(t.TempDir(), "aliases.json")
	if err := os.WriteFile(path, []byte(`{"PATTERN_A": "%{PATTERN_B}", "PATTERN_B": "username=%{USERNAME:username}"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	runCases(t, []fnCase{
		{fn: "parse_groks", args: []any{tStr("username=foo"), kw("patterns", tJSON(`["%{PATTERN_A}"]`)), kw("alias_sources", value.ArrayValue([]value.Value{tStr(path)}))},
			want: `{"username":"foo"}`},
		{fn: "parse_groks", args: []any{tStr("x"), kw("patterns", tJSON(`["%{PATTERN_A}"]`)), kw("alias_sources", value.ArrayValue([]value.Value{tStr(path + ".missing")}))},
			compileErr: "Unable to open alias source file"},
	})
}

func TestParseSyslogShapes(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "parse_syslog", args: []any{tStr("<13>Feb 13 20:07:26 74794bfb6795 root[8539]:syslog message")}, now: lpNow,
			want: `{"appname":"root","facility":"user","hostname":"74794bfb6795","message":"syslog message","procid":8539,"severity":"notice","timestamp":"2026-02-13T20:07:26Z"}`},
		{fn: "parse_common_log", args: []any{tStr(`5.86.210.12 - zieme4647 [03/Feb/2021:21:13:55 -0200] "GET /embrace/supply-chains/dynamic/vertical HTTP/1.0" 201 20574`)},
			want: `{"host":"5.86.210.12","user":"zieme4647","timestamp":"2021-02-03T23:13:55Z","message":"GET /embrace/supply-chains/dynamic/vertical HTTP/1.0","method":"GET","path":"/embrace/supply-chains/dynamic/vertical","protocol":"HTTP/1.0","size":20574,"status":201}`},
		{fn: "parse_tokens", args: []any{tStr(`[06/Nov/2014:19:10:38 +0600] 66.249.65.159 GET /news/53f8d72920ba2744fe873ebc.html 204 1245 5943 2.412 6.433 sessions_show app_name env_here 42 127.0.0.1 foo 123 "error message here" 456`)},
			want: `["06/Nov/2014:19:10:38 +0600","66.249.65.159","GET","/news/53f8d72920ba2744fe873ebc.html","204","1245","5943","2.412","6.433","sessions_show","app_name","env_here","42","127.0.0.1","foo","123","error message here","456"]`},
	})
}
