package stdlib

import "time"

// ctxNow is the call's current time: the runtime's injected clock, or
// the wall clock when the caller (a test, an embedder) injected none.
func ctxNow(ctx *Context) time.Time {
	if ctx != nil && ctx.Now != nil {
		return ctx.Now()
	}
	return time.Now()
}

// ctxZone is the runtime's default time zone (UTC when unset).
func ctxZone(ctx *Context) *time.Location {
	if ctx != nil && ctx.Timezone != nil {
		return ctx.Timezone
	}
	return time.UTC
}

// inferYear is the year of a date logged without one (RFC 3164 syslog,
// klog): the current year, or the previous one for a December date read
// in January.
func inferYear(now time.Time, month int) int {
	if month == 12 && now.Month() == time.January {
		return now.Year() - 1
	}
	return now.Year()
}
