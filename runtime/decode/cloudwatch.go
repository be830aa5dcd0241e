package decode

import (
	"fmt"
	"math"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// cloudWatchSource splits objects of CloudWatch Logs subscription
// envelopes:
//
//	{"messageType": "DATA_MESSAGE", "owner": "123456789012",
//	 "logGroup": "/aws/lambda/f", "logStream": "...", "subscriptionFilters": [...],
//	 "logEvents": [{"id": "...", "timestamp": 1700000000000, "message": "..."}]}
//
// Firehose writes the envelopes back to back with nothing in between (and
// CloudWatch gzips each one, so the object is a multi-member gzip stream),
// so the splitter finds envelope boundaries by JSON structure, not by
// lines; newlines between envelopes are allowed too. Each log event becomes
// {ts: <event timestamp>, message: <message>} (plus json when the message
// is a JSON object), as in Matano. CONTROL_MESSAGE envelopes, which
// CloudWatch sends to check that the destination is reachable, carry no
// log data and are skipped and counted. An envelope may also be a JSON
// string holding the envelope, which is what an SQS message body looks
// like after one more encoding.
type cloudWatchSource struct {
	w *window
}

func (d *Decoder) nextEnvelope() bool {
	w := d.cw.w
	for {
		tok, off, total, tooLong, ok := w.readValue(d.opt.MaxRawBytes)
		if !ok {
			return false
		}
		if tooLong {
			e := d.decodeError(0, off, tok,
				fmt.Sprintf("envelope of %d bytes exceeds the limit of %d bytes", total, d.opt.MaxLineBytes))
			e.Truncated = true
			d.rec = Record{Err: e, Offset: off}
			return true
		}
		v, err := d.parser.parse(d.parser.arena.str(tok))
		if err != nil {
			d.rec = Record{Err: d.decodeError(0, off, tok, "CloudWatch envelope: "+err.Error()), Offset: off}
			return true
		}
		if e := d.expandEnvelope(v, off, tok); e != nil {
			d.rec = Record{Err: e, Offset: off}
			return true
		}
		if d.nextPending() {
			return true
		}
	}
}

// expandEnvelope queues one record per log event of env. It returns an
// error for an envelope that is not one; a bad event is queued as its own
// error record. raw is the envelope's text, for the error.
func (d *Decoder) expandEnvelope(env value.Value, off int64, raw []byte) *Error {
	if env.Type() == value.TypeBytes {
		inner, err := d.parser.parse(env.Str())
		if err != nil {
			return d.decodeError(0, off, raw, "CloudWatch envelope string: "+err.Error())
		}
		env = inner
	}
	o := env.Obj()
	if o == nil {
		return d.decodeError(0, off, raw, fmt.Sprintf("expected a CloudWatch Logs envelope (an object), got %s", env.Type()))
	}
	if mt, _ := o.Get("messageType"); mt.Type() == value.TypeBytes && mt.Str() == "CONTROL_MESSAGE" {
		d.stats.ControlMessages++
		return nil
	}
	events, _ := o.Get("logEvents")
	arr := events.Arr()
	if arr == nil {
		return d.decodeError(0, off, raw, "CloudWatch envelope has no logEvents array")
	}
	for i, ev := range arr.Items {
		ts, msg, reason := logEvent(ev)
		if reason != "" {
			e := d.decodeError(0, off, value.AppendJSON(nil, ev), reason)
			e.Index = i + 1
			d.queue(Record{Err: e, Offset: off})
			continue
		}
		d.queue(Record{Value: d.parser.messageRecord(ts, msg), Offset: off})
	}
	return nil
}

// logEvent extracts a log event's timestamp (milliseconds since the epoch)
// and message.
func logEvent(ev value.Value) (ts value.Value, msg, reason string) {
	o := ev.Obj()
	if o == nil {
		return value.Null, "", fmt.Sprintf("log event is %s, expected an object", ev.Type())
	}
	m, _ := o.Get("message")
	if m.Type() != value.TypeBytes {
		return value.Null, "", fmt.Sprintf("log event message is %s, expected a string", m.Type())
	}
	t, _ := o.Get("timestamp")
	var ms int64
	switch t.Type() {
	case value.TypeInteger:
		ms = t.Int()
	case value.TypeFloat:
		f := t.Flt()
		if math.IsNaN(f) || f < math.MinInt64 || f > math.MaxInt64 {
			return value.Null, "", "log event timestamp out of range"
		}
		ms = int64(f)
	default:
		return value.Null, "", fmt.Sprintf("log event timestamp is %s, expected milliseconds since the epoch", t.Type())
	}
	return value.Timestamp(time.UnixMilli(ms).UTC()), m.Str(), ""
}
