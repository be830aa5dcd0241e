package stdlib

import (
	"testing"
	"time"
)

func TestParseKlogGlog(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "parse_klog", args: []any{tStr("I0505 17:59:40.692994   28133 klog.go:70] hello from klog")}, now: lpNow,
			want: `{"file":"klog.go","id":28133,"level":"info","line":70,"message":"hello from klog","timestamp":"2026-05-05T17:59:40.692994Z"}`},
		{fn: "parse_klog", args: []any{tStr("E1231 17:59:40.692994 1 a.go:1] x  ")}, now: time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC),
			want: `{"file":"a.go","id":1,"level":"error","line":1,"message":"x","timestamp":"2026-12-31T17:59:40.692994Z"}`},
		{fn: "parse_klog", args: []any{tStr("not klog")}, err: "failed parsing klog message"},
		{fn: "parse_klog", args: []any{tStr("X0505 17:59:40.692994 28133 klog.go:70] hello")}, err: `unrecognized log level "X"`},
		{fn: "parse_klog", args: []any{tStr("I0000 17:59:40.692994 28133 klog.go:70] hello")}, err: "failed parsing timestamp 0000 17:59:40.692994: input is out of range"},
		{fn: "parse_klog", args: []any{tStr("I0505 17:59:40.692994 99999999999999999999 klog.go:70] hello")}, err: "failed parsing id"},
		{fn: "parse_glog", args: []any{tStr("I20210131 14:48:54.411655 15520 main.c++:9] Hello world!")},
			want: `{"file":"main.c++","id":15520,"level":"info","line":9,"message":"Hello world!","timestamp":"2021-01-31T14:48:54.411655Z"}`},
		{fn: "parse_glog", args: []any{tStr("I20210000 14:48:54.411655 15520 main.c++:9] Hello world!")}, err: "failed parsing timestamp 20210000 14:48:54.411655: input is out of range"},
		{fn: "parse_glog", args: []any{tStr("nope")}, err: "failed parsing glog message"},
	})
}
