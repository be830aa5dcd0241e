package stdlib

import (
	"testing"
	"time"
)

func TestParseSyslog(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "parse_syslog", args: []any{tStr(`<13>1 2020-03-13T20:45:38.119Z dynamicwireless.name non 2426 ID931 [exampleSDID@32473 iut="3" eventSource= "Application" eventID="1011"] Try to override the THX port, maybe it will reboot the neural interface!`)},
			want: `{"appname":"non","exampleSDID@32473":{"eventID":"1011","eventSource":"Application","iut":"3"},"facility":"user","hostname":"dynamicwireless.name","message":"Try to override the THX port, maybe it will reboot the neural interface!","msgid":"ID931","procid":2426,"severity":"notice","timestamp":"2020-03-13T20:45:38.119Z","version":1}`},
		{fn: "parse_syslog", args: []any{tStr(`<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8`)}, now: lpNow,
			want: `{"facility":"auth","severity":"crit","hostname":"mymachine","appname":"su","message":"'su root' failed for lonvick on /dev/pts/8","timestamp":"2026-10-11T22:14:15Z"}`},
		{fn: "parse_syslog", args: []any{tStr(`<190>Dec 28 2016 16:49:07 plertrood-thinkpad-x220 nginx[1234]: 127.0.0.1 - - "GET / HTTP/1.1"`)},
			want: `{"facility":"local7","severity":"info","hostname":"plertrood-thinkpad-x220","appname":"nginx","procid":1234,"message":"127.0.0.1 - - \"GET / HTTP/1.1\"","timestamp":"2016-12-28T16:49:07Z"}`},
		{fn: "parse_syslog", args: []any{tStr(`<13>1 2019-02-13T19:48:34+00:00 74794bfb6795 root 8449 - [incorrect x] message`)},
			want: `{"facility":"user","severity":"notice","version":1,"timestamp":"2019-02-13T19:48:34Z","hostname":"74794bfb6795","appname":"root","procid":8449,"message":"message"}`},
		{fn: "parse_syslog", args: []any{tStr(`<13>1 2019-02-13T19:48:34+00:00 host app - - - hello`)},
			want: `{"facility":"user","severity":"notice","version":1,"timestamp":"2019-02-13T19:48:34Z","hostname":"host","appname":"app","message":"hello"}`},
		{fn: "parse_syslog", args: []any{tStr(`not a syslog line`)}, err: "unable to parse input as valid syslog message"},
		// A December message read in January belongs to last year.
		{fn: "parse_syslog", args: []any{tStr(`Dec 31 23:59:59 host app: bye`)}, now: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
			want: `{"hostname":"host","appname":"app","message":"bye","timestamp":"2026-12-31T23:59:59Z"}`},
		{fn: "parse_linux_authorization", args: []any{tStr(`Mar 23 01:49:58 localhost sshd[1111]: Accepted publickey for eng from 10.1.1.1 port 8888 ssh2: RSA SHA256:foobar`)}, now: lpNow,
			want: `{"appname":"sshd","hostname":"localhost","message":"Accepted publickey for eng from 10.1.1.1 port 8888 ssh2: RSA SHA256:foobar","procid":1111,"timestamp":"2026-03-23T01:49:58Z"}`},
	})
}

// Cases from syslog_loose's own tests (RFC 3164 variants).
func TestParseSyslog3164Variants(t *testing.T) {
	y2020 := time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC)
	runCases(t, []fnCase{
		{fn: "parse_syslog", args: []any{tStr("<34>Oct 11 22:14:15 : a message")}, now: y2020,
			want: `{"facility":"auth","severity":"crit","timestamp":"2020-10-11T22:14:15Z","message":"a message"}`},
		{fn: "parse_syslog", args: []any{tStr(`<134>Oct 30 16:05:54 opsaudit  {"username": "admin"}`)}, now: y2020,
			want: `{"facility":"local0","severity":"info","timestamp":"2020-10-30T16:05:54Z","hostname":"opsaudit","message":"{\"username\": \"admin\"}"}`},
		{fn: "parse_syslog", args: []any{tStr("<34>OCT 11 22:14:15 mymachine: a message")}, now: y2020,
			want: `{"facility":"auth","severity":"crit","timestamp":"2020-10-11T22:14:15Z","hostname":"mymachine","message":"a message"}`},
		{fn: "parse_syslog", args: []any{tStr("<54> 1970-01-01T00:01:31+00:00 host :")},
			want: `{"facility":"lpr","severity":"info","timestamp":"1970-01-01T00:01:31Z","hostname":"host","message":""}`},
		{fn: "parse_syslog", args: []any{tStr("<34>2020-10-11T22:14:15.00Z mymachine app[323]: a message")},
			want: `{"facility":"auth","severity":"crit","timestamp":"2020-10-11T22:14:15Z","hostname":"mymachine","appname":"app","procid":323,"message":"a message"}`},
		{fn: "parse_syslog", args: []any{tStr("<131>Jun 8 11:54:08 master apache_error [Tue Jun 08 11:54:08.929301 2021] [php7:emerg] [pid 1374899] [client 95.223.77.60:41888] rest of message")}, now: y2020,
			want: `{"facility":"local0","severity":"err","timestamp":"2020-06-08T11:54:08Z","hostname":"master","appname":"apache_error","message":"[Tue Jun 08 11:54:08.929301 2021] [php7:emerg] [pid 1374899] [client 95.223.77.60:41888] rest of message"}`},
		{fn: "parse_syslog", args: []any{tStr(`<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"] BOMAn application event log entry`)},
			want: `{"facility":"local4","severity":"notice","version":1,"timestamp":"2003-10-11T22:14:15.003Z","hostname":"mymachine.example.com","appname":"evntslog","msgid":"ID47","exampleSDID@32473":{"iut":"3","eventSource":"Application","eventID":"1011"},"examplePriority@32473":{"class":"high"},"message":"BOMAn application event log entry"}`},
		{fn: "parse_syslog", args: []any{tStr(`<13>1 2019-02-13T19:48:34+00:00 host app 1 - [meta k="a\"b\]c\\d\x"] m`)},
			want: `{"facility":"user","severity":"notice","version":1,"timestamp":"2019-02-13T19:48:34Z","hostname":"host","appname":"app","procid":1,"meta":{"k":"a\"b]c\\d\\x"},"message":"m"}`},
	})
}
