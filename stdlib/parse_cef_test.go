package stdlib

import (
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

func TestParseCEF(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "parse_cef", args: []any{tStr("CEF:0|CyberArk|PTA|12.6|1|Suspected credentials theft|8|suser=mike2@prod1.domain.com shost=prod1.domain.com src=1.1.1.1 duser=andy@dev1.domain.com dhost=dev1.domain.com dst=2.2.2.2 cs1Label=ExtraData cs1=None cs2Label=EventID cs2=52b06812ec3500ed864c461e deviceCustomDate1Label=detectionDate deviceCustomDate1=1388577900000 cs3Label=PTAlink cs3=https://1.1.1.1/incidents/52b06812ec3500ed864c461e cs4Label=ExternalLink cs4=None")},
			want: `{"cefVersion":"0","deviceVendor":"CyberArk","deviceProduct":"PTA","deviceVersion":"12.6","deviceEventClassId":"1","name":"Suspected credentials theft","severity":"8","suser":"mike2@prod1.domain.com","shost":"prod1.domain.com","src":"1.1.1.1","duser":"andy@dev1.domain.com","dhost":"dev1.domain.com","dst":"2.2.2.2","cs1Label":"ExtraData","cs1":"None","cs2Label":"EventID","cs2":"52b06812ec3500ed864c461e","deviceCustomDate1Label":"detectionDate","deviceCustomDate1":"1388577900000","cs3Label":"PTAlink","cs3":"https://1.1.1.1/incidents/52b06812ec3500ed864c461e","cs4Label":"ExternalLink","cs4":"None"}`},
		{fn: "parse_cef", args: []any{tStr("Sep 29 08:26:10 host CEF:1|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232")},
			want: `{"cefVersion":"1","deviceVendor":"Security","deviceProduct":"threatmanager","deviceVersion":"1.0","deviceEventClassId":"100","name":"worm successfully stopped","severity":"10","src":"10.0.0.1","dst":"2.1.2.2","spt":"1232"}`},
		{fn: "parse_cef", args: []any{tStr("CEF:0|Dev|firewall|2.2|1|Connection denied|5|c6a1=2345:0425:2CA1:0000:0000:0567:5673:23b5 c6a1Label=Device IPv6 Address"), kw("translate_custom_fields", value.True)},
			want: `{"cefVersion":"0","deviceVendor":"Dev","deviceProduct":"firewall","deviceVersion":"2.2","deviceEventClassId":"1","name":"Connection denied","severity":"5","Device IPv6 Address":"2345:0425:2CA1:0000:0000:0567:5673:23b5"}`},
		{fn: "parse_cef", args: []any{tStr("CEF:1|Security|threatmanager|1.0|100|worm successfully stopped|10|")},
			want: `{"cefVersion":"1","deviceVendor":"Security","deviceProduct":"threatmanager","deviceVersion":"1.0","deviceEventClassId":"100","name":"worm successfully stopped","severity":"10"}`},
		{fn: "parse_cef", args: []any{tStr("CEF:0|CyberArk|PTA|12.6|1|Suspected credentials theft||suser=mike2@prod1.domain.com shost= src=1.1.1.1")},
			want: `{"cefVersion":"0","deviceVendor":"CyberArk","deviceProduct":"PTA","deviceVersion":"12.6","deviceEventClassId":"1","name":"Suspected credentials theft","severity":"","suser":"mike2@prod1.domain.com","shost":"","src":"1.1.1.1"}`},
		{fn: "parse_cef", args: []any{tStr(`CEF:0|security|threatmanager|1.0|100|Detected a \| in message. No action needed.|10|src=10.0.0.1 msg=Detected a threat.\n No action needed act=blocked a \= dst=1.1.1.1`)},
			want: `{"cefVersion":"0","deviceVendor":"security","deviceProduct":"threatmanager","deviceVersion":"1.0","deviceEventClassId":"100","name":"Detected a | in message. No action needed.","severity":"10","src":"10.0.0.1","msg":"Detected a threat.\n No action needed","act":"blocked a =","dst":"1.1.1.1"}`},
		{fn: "parse_cef", args: []any{tStr("CEF:0|Vendor|Product|1.0|100|Event|5|src=10.0.0.1 request=https://foo.com?id=foo&a=bar dst=2.2.2.2"), kw("strict", value.False)},
			want: `{"cefVersion":"0","deviceVendor":"Vendor","deviceProduct":"Product","deviceVersion":"1.0","deviceEventClassId":"100","name":"Event","severity":"5","src":"10.0.0.1","request":"https://foo.com?id=foo&a=bar","dst":"2.2.2.2"}`},
		{fn: "parse_cef", args: []any{tStr("CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|Unknown|act=Accept =0.0.0.0")}, err: "Could not parse whole line successfully"},
		{fn: "parse_cef", args: []any{tStr("CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|")},
			err: "0: at line 1, in Tag:\nCEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|\n                                                           ^\n\n1: at line 1, in Alt:\nCEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|\n                                                           ^\n\n"},
		{fn: "parse_cef", args: []any{tStr("CEF:0|CyberArk|PTA|12.6|1|Suspected credentials theft|8|cfp1=1.23"), kw("translate_custom_fields", value.True)}, err: "Custom field with missing label or value"},
		{fn: "parse_cef", args: []any{tStr("CEF:0|CyberArk|PTA|12.6|1|Suspected credentials theft|8|flexString1=1.23 flexString1=1.24 flexString1Label=Version"), kw("translate_custom_fields", value.True)}, err: "Custom field with duplicate value"},
		{fn: "parse_cef", args: []any{tStr(`CEF:1|"Security"|threatmanager|1.0|100|"worm successfully stopped"|10|src="10.0.0.1" dst=2.1.2.2 spt="1232"`)},
			want: `{"cefVersion":"1","deviceVendor":"Security","deviceProduct":"threatmanager","deviceVersion":"1.0","deviceEventClassId":"100","name":"worm successfully stopped","severity":"10","src":"10.0.0.1","dst":"2.1.2.2","spt":"1232"}`},
		{fn: "parse_cef", args: []any{tStr(`CEF:1|Security|threatmanager|1.0|100|worm successfully stopped|10|dst=2.1.2.2 path=\\home\\ spt=1232`)},
			want: `{"cefVersion":"1","deviceVendor":"Security","deviceProduct":"threatmanager","deviceVersion":"1.0","deviceEventClassId":"100","name":"worm successfully stopped","severity":"10","dst":"2.1.2.2","path":"\\home\\","spt":"1232"}`},
		{fn: "parse_cef", args: []any{tStr("CEF:1|Security|threatmanager|1.0|100|worm successfully stopped|10|dst=2.1.2.2 msg=Detected a threat. No action needed   ")},
			want: `{"cefVersion":"1","deviceVendor":"Security","deviceProduct":"threatmanager","deviceVersion":"1.0","deviceEventClassId":"100","name":"worm successfully stopped","severity":"10","dst":"2.1.2.2","msg":"Detected a threat. No action needed"}`},
		{fn: "parse_cef", args: []any{tStr("CEF:1|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 msg=status=ok reason=none dst=2.1.2.2"), kw("strict", value.False)},
			want: `{"cefVersion":"1","deviceVendor":"Security","deviceProduct":"threatmanager","deviceVersion":"1.0","deviceEventClassId":"100","name":"worm successfully stopped","severity":"10","src":"10.0.0.1","msg":"status=ok","reason":"none","dst":"2.1.2.2"}`},
		{fn: "parse_cef", args: []any{tStr("no header here")}, err: "0: at line 1, in TakeUntil:\nno header here\n^\n\n"},
	})
}

func TestParseCEFEscapes(t *testing.T) {
	runCases(t, []fnCase{
		{fn: "parse_cef", args: []any{tStr(`CEF:1|Security|threatmanager|1.0|100|worm successfully stopped|10|src=ip\=10.0.0.1 dst=2.1.2.2 spt=1232`)},
			want: `{"cefVersion":"1","deviceVendor":"Security","deviceProduct":"threatmanager","deviceVersion":"1.0","deviceEventClassId":"100","name":"worm successfully stopped","severity":"10","src":"ip=10.0.0.1","dst":"2.1.2.2","spt":"1232"}`},
		{fn: "parse_cef", args: []any{tStr(`CEF:1|Security|threatmanager|1.0|100|worm successfully stopped|10|dst=2.1.2.2 msg=Detected a threat.\r No action needed spt=1232`)},
			want: `{"cefVersion":"1","deviceVendor":"Security","deviceProduct":"threatmanager","deviceVersion":"1.0","deviceEventClassId":"100","name":"worm successfully stopped","severity":"10","dst":"2.1.2.2","msg":"Detected a threat.\n No action needed","spt":"1232"}`},
		{fn: "parse_cef", args: []any{tStr(`CEF:1|Security|threat\\manager|1.0|100|worm\|stopped|10|`)},
			want: `{"cefVersion":"1","deviceVendor":"Security","deviceProduct":"threat\\manager","deviceVersion":"1.0","deviceEventClassId":"100","name":"worm|stopped","severity":"10"}`},
		{fn: "parse_cef", args: []any{tStr(`CEF:1|Secu\rity|x|1.0|100|n|10|`)},
			err: "0: at line 1, in Satisfy:\nCEF:1|Secu\\rity|x|1.0|100|n|10|\n           ^\n\n1: at line 1, in Alt:\nCEF:1|Secu\\rity|x|1.0|100|n|10|\n      ^\n\n2: at line 1, in Count:\nCEF:1|Secu\\rity|x|1.0|100|n|10|\n     ^\n\n"},
		{fn: "parse_cef", args: []any{tStr(`CEF:1|a|b|c|d|e|10|k=v x=y\`)}, err: "Could not parse whole line successfully"},
	})
}
