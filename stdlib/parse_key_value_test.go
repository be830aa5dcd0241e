package stdlib

import (
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

func TestParseKeyValue(t *testing.T) {
	logfmt := `@timestamp="Sun Jan 10 16:47:39 EST 2021" level=info msg="Stopping all fetchers" tag#production=stopping_fetchers id=ConsumerFetcherManager-1382721708341 module=kafka.consumer.ConsumerFetcherManager`
	logfmtWant := `{"@timestamp":"Sun Jan 10 16:47:39 EST 2021","level":"info","msg":"Stopping all fetchers","tag#production":"stopping_fetchers","id":"ConsumerFetcherManager-1382721708341","module":"kafka.consumer.ConsumerFetcherManager"}`
	runCases(t, []fnCase{
		{fn: "parse_key_value", args: []any{tStr("zork=zook zonk=nork")}, want: `{"zork":"zook","zonk":"nork"}`},
		{fn: "parse_key_value", args: []any{tStr(logfmt)}, want: logfmtWant},
		{fn: "parse_key_value", args: []any{tStr(`path:"/cart_link", host:store.app.com, fwd: "102.30.171.16", dyno: web.1, connect:0ms, service:87ms, status:304, bytes:632, protocol:https`),
			kw("field_delimiter", tStr(",")), kw("key_value_delimiter", tStr(":"))},
			want: `{"path":"/cart_link","host":"store.app.com","fwd":"102.30.171.16","dyno":"web.1","connect":"0ms","service":"87ms","status":"304","bytes":"632","protocol":"https"}`},
		{fn: "parse_key_value", args: []any{tStr("env:prod,service:backend,region:eu-east1,beta"), kw("field_delimiter", tStr(",")), kw("key_value_delimiter", tStr(":"))},
			want: `{"env":"prod","service":"backend","region":"eu-east1","beta":true}`},
		{fn: "parse_key_value", args: []any{tStr(`at=info,method=GET,path="/index",status=200,tags=dev,tags=dummy`), kw("field_delimiter", tStr(",")), kw("key_value_delimiter", tStr("="))},
			want: `{"at":"info","method":"GET","path":"/index","status":"200","tags":["dev","dummy"]}`},
		{fn: "parse_key_value", args: []any{tStr(`app=my-app ip=1.2.3.4 user= msg=hello-world`), kw("whitespace", tStr("strict"))},
			want: `{"app":"my-app","ip":"1.2.3.4","user":"","msg":"hello-world"}`},
		{fn: "parse_key_value", args: []any{tStr(`a = 1 b="x \"y\" z" c='q'`)}, want: `{"a":"1","b":"x \"y\" z","c":"q"}`},
		{fn: "parse_key_value", args: []any{tStr(`a=1 a a=2`)}, want: `{"a":["1","2"]}`},
		{fn: "parse_key_value", args: []any{tStr(`foo`), kw("accept_standalone_key", value.False)}, err: "0: at line 1, in Tag:\nfoo\n   ^\n\n1: at line 1, in ManyMN:\nfoo\n   ^\n\n"},
		{fn: "parse_key_value", args: []any{tStr(`=foo`), kw("accept_standalone_key", value.False)}, err: "0: at line 1, in Verify:\n=foo\n^\n\n"},
		{fn: "parse_key_value", args: []any{tStr(``)}, err: "0: in Verify, got empty input\n\n"},
		{fn: "parse_key_value", args: []any{tStr(`a=1,b=2`), kw("field_delimiter", tStr(";")), kw("accept_standalone_key", value.False)}, want: `{"a":"1,b=2"}`},
		{fn: "parse_logfmt", args: []any{tStr("zork=zook zonk=nork")}, want: `{"zork":"zook","zonk":"nork"}`},
		{fn: "parse_logfmt", args: []any{tStr(logfmt)}, want: logfmtWant},
		{fn: "parse_logfmt", args: []any{tStr("zork=zook plonk zonk=nork")}, want: `{"plonk":true,"zork":"zook","zonk":"nork"}`},
	})
}

// Cases from upstream's parse_key_value tests.
func TestParseKeyValueUpstream(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "parse_key_value", args: []any{tStr("foo= bar= tar=data"), kw("whitespace", tStr("strict"))}, want: `{"foo":"","bar":"","tar":"data"}`},
		{fn: "parse_key_value", args: []any{tStr(`"zork one" : "zoog\"zink\"zork"        nonk          : nink`), kw("key_value_delimiter", tStr(":"))}, want: `{"zork one":"zoog\"zink\"zork","nonk":"nink"}`},
		{fn: "parse_key_value", args: []any{tStr(`"zork one":"zoog\"zink\"zork", nonk:nink`), kw("key_value_delimiter", tStr(":")), kw("field_delimiter", tStr(","))}, want: `{"zork one":"zoog\"zink\"zork","nonk":"nink"}`},
		{fn: "parse_key_value", args: []any{tStr(`"zork one" : "zoog\"zink\"zork"  ,      nonk          : nink`), kw("key_value_delimiter", tStr(":")), kw("field_delimiter", tStr(","))}, want: `{"zork one":"zoog\"zink\"zork","nonk":"nink"}`},
		{fn: "parse_key_value", args: []any{tStr(`"zork one" -- "zoog\"zink\"zork"  ||    nonk          -- nink`), kw("key_value_delimiter", tStr("--")), kw("field_delimiter", tStr("||"))}, want: `{"zork one":"zoog\"zink\"zork","nonk":"nink"}`},
		{fn: "parse_key_value", args: []any{tStr("I am not a valid line."), kw("key_value_delimiter", tStr("--")), kw("field_delimiter", tStr("||")), kw("accept_standalone_key", value.False)},
			err: "0: at line 1, in Tag:\nI am not a valid line.\n                      ^\n\n1: at line 1, in ManyMN:\nI am not a valid line.\n                      ^\n\n"},
		{fn: "parse_key_value", args: []any{tStr("zork: zoog, nonk: nink norgle: noog"), kw("key_value_delimiter", tStr(":")), kw("field_delimiter", tStr(","))}, want: `{"zork":"zoog","nonk":"nink norgle: noog"}`},
		{fn: "parse_key_value", args: []any{tStr(`zork: zoog, nonk: "nink" norgle: noog`), kw("key_value_delimiter", tStr(":")), kw("field_delimiter", tStr(","))}, want: `{"zork":"zoog","nonk":"\"nink\" norgle: noog"}`},
		{fn: "parse_key_value", args: []any{tStr("To: tom\ntest: \"tom\" test"), kw("key_value_delimiter", tStr(":")), kw("field_delimiter", tStr("\n"))}, want: `{"To":"tom","test":"\"tom\" test"}`},
		{fn: "parse_key_value", args: []any{tStr("To: tom\ntest: \"tom test\"  "), kw("key_value_delimiter", tStr(":")), kw("field_delimiter", tStr("\n"))}, want: `{"To":"tom","test":"tom test"}`},
		{fn: "parse_key_value", args: []any{tStr(`Cc:"tom" Cc:"bob"`), kw("key_value_delimiter", tStr(":"))}, want: `{"Cc":["tom","bob"]}`},
		{fn: "parse_key_value", args: []any{tStr(`Cc Cc:"bob"`), kw("key_value_delimiter", tStr(":"))}, want: `{"Cc":"bob"}`},
		{fn: "parse_key_value", args: []any{tStr(`level=info field="escaped tabs \t\t"`)}, want: `{"field":"escaped tabs \\t\\t","level":"info"}`},
		{fn: "parse_key_value", args: []any{tStr(`level=info field="quote -> \" <-"`)}, want: `{"field":"quote -> \" <-","level":"info"}`},
		{fn: "parse_key_value", args: []any{tStr(`level=error field="no quote here ""`)}, err: "could not parse whole line successfully"},
		{fn: "parse_key_value", args: []any{tStr("level=info =(key)")}, want: `{"=(key)":true,"level":"info"}`},
		{fn: "parse_key_value", args: []any{tStr("argh=no =")}, want: `{"argh":"no","=":true}`},
		{fn: "parse_key_value", args: []any{tStr("argh=no '=")}, want: `{"argh":"no","'":""}`},
		{fn: "parse_key_value", args: []any{tStr(`argh="no ="`)}, want: `{"argh":"no ="}`},
		{fn: "parse_key_value", args: []any{tStr(`\="oh boy"`)}, want: `{"\\":"oh boy"}`},
	})
}
