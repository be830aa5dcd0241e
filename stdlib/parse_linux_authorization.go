package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// parse_linux_authorization reads /var/log/auth.log lines; upstream it is
// parse_syslog under another name (the lines are RFC 3164 messages).
func init() {
	Register(&Spec{
		Ident:      "parse_linux_authorization",
		Parameters: []Param{{Keyword: "value", Kind: value.BitBytes, Required: true}},
		Returns:    syslogReturnKind(),
		CanFail:    true,
		Impl:       parseSyslogImpl,
	})
}
