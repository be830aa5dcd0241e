package stdlib

// Syslog facility and severity names by code (RFC 5424 with the names
// upstream uses), for the to_syslog_* functions and parse_syslog.

var syslogFacilityNames = [...]string{
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
	"authpriv", "ftp", "ntp", "security", "console", "solaris-cron",
	"local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
}

var syslogSeverities = [...]string{"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"}

// syslogSeverityAliases are the extra level names to_syslog_severity
// accepts.
var syslogSeverityAliases = map[string]int64{"panic": 0, "error": 3, "warn": 4}
