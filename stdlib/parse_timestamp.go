package stdlib

import (
	"fmt"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_timestamp reads a string with a chrono strptime format. A format
// that carries an offset (%z, %:z, %#z, %Z, %+) is read as written; any
// other is wall-clock time in `timezone`, or the runtime's default zone.
// A timestamp passes through unchanged.
//
// A literal format (the usual case) is compiled once per call site
// (timefmt_compiled.go), with a fast path for zero-padded input read in
// UTC.
func init() {
	params := []Param{
		{Keyword: "value", Kind: value.BitBytes | value.BitTimestamp, Required: true},
		{Keyword: "format", Kind: value.BitBytes, Required: true},
		{Keyword: "timezone", Kind: value.BitBytes},
	}
	Register(&funcDef{ident: "parse_timestamp", params: params, compile: func(args *Args) (Call, error) {
		var format *tfStrptime
		if s, ok := constStr(args, 1); ok {
			format = tfCompileFormat(lossyUTF8(s))
		}
		// A literal time zone is loaded once too (time.LoadLocation
		// reads and parses the zone's tzdata on every call); an unknown
		// one still fails at run time, as upstream's does.
		var zone *time.Location
		if s, ok := constStr(args, 2); ok {
			zone, _ = tfLoadZone(lossyUTF8(s))
		}
		return &funcCall{td: TypeDef{Kind: value.KindTimestamp, Fallible: true},
			eval: func(ctx *Context, args []value.Value, present []bool) (value.Value, error) {
				return parseTimestamp(ctx, format, zone, args, present)
			}}, nil
	}})
}

// parseTimestamp is the call; format and zone are the compiled literal
// format and time zone, or nil when computed at run time (or, for zone,
// unknown).
func parseTimestamp(ctx *Context, format *tfStrptime, zone *time.Location, args []value.Value, present []bool) (value.Value, error) {
	v := args[0]
	if v.Type() == value.TypeTimestamp {
		return v, nil
	}
	loc := ctxZone(ctx)
	if zone != nil {
		loc = zone
	} else if present[2] && !args[2].IsNull() {
		name := lossyUTF8(args[2].Str())
		l, ok := tfLoadZone(name)
		if !ok {
			return value.Null, fmt.Errorf("unable to parse timezone: %s", name)
		}
		loc = l
	}
	if format != nil && format.fixed != nil && loc == time.UTC {
		if t, ok := format.fixed.parseUTC(v.Str()); ok {
			return value.Timestamp(t), nil
		}
	}
	s := lossyUTF8(v.Str())
	var t time.Time
	var err error
	if format != nil {
		t, err = format.parse(s, loc)
	} else {
		t, err = tfParseFormat(s, lossyUTF8(args[1].Str()), loc)
	}
	if err != nil {
		return value.Null, fmt.Errorf("Invalid timestamp %s: %v", rustDebugStr(s), err)
	}
	return value.Timestamp(t), nil
}
