package stdlib

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_aws_cloudwatch_log_subscription_message parses the JSON message a
// CloudWatch Logs subscription delivers (through Kinesis Firehose) into
// snake_case fields; each log event's millisecond timestamp becomes a
// timestamp. As upstream's strict serde model, every field is required
// and unknown fields are rejected.
func init() {
	event := value.KindObjectOf(map[string]value.Kind{
		"id": value.KindBytes, "timestamp": value.KindTimestamp, "message": value.KindBytes,
	}, nil)
	Register(&Spec{
		Ident:      "parse_aws_cloudwatch_log_subscription_message",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns: value.KindObjectOf(map[string]value.Kind{
			"owner":                value.KindBytes,
			"message_type":         value.KindBytes,
			"log_group":            value.KindBytes,
			"log_stream":           value.KindBytes,
			"subscription_filters": value.KindArrayOf(nil, value.KindBytes.Ptr()),
			"log_events":           value.KindArrayOf(nil, &event),
		}, nil),
		CanFail: true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			v, err := parseCloudWatchSubscription([]byte(args[0].Str()))
			if err != nil {
				return value.Null, fmt.Errorf("unable to parse: %s", err)
			}
			return v, nil
		},
	})
}

var cloudWatchMessageFields = []string{"owner", "messageType", "logGroup", "logStream", "subscriptionFilters", "logEvents"}

func parseCloudWatchSubscription(data []byte) (value.Value, error) {
	var msg map[string]json.RawMessage
	if err := netparseStrictJSON(data, &msg, "struct AwsCloudWatchLogsSubscriptionMessage"); err != nil {
		return value.Null, err
	}
	if err := checkJSONFields(msg, cloudWatchMessageFields); err != nil {
		return value.Null, err
	}
	var owner, messageType, logGroup, logStream string
	var filters []string
	var rawEvents []map[string]json.RawMessage
	for _, f := range []struct {
		name string
		dst  any
		what string
	}{
		{"owner", &owner, "a string"},
		{"messageType", &messageType, "a string"},
		{"logGroup", &logGroup, "a string"},
		{"logStream", &logStream, "a string"},
		{"subscriptionFilters", &filters, "a sequence"},
		{"logEvents", &rawEvents, "a sequence"},
	} {
		if err := netparseStrictJSON(msg[f.name], f.dst, f.what); err != nil {
			return value.Null, err
		}
	}
	switch messageType {
	case "DATA_MESSAGE", "CONTROL_MESSAGE":
	default:
		return value.Null, fmt.Errorf("unknown variant `%s`, expected `CONTROL_MESSAGE` or `DATA_MESSAGE`", messageType)
	}
	events := make([]value.Value, len(rawEvents))
	for i, raw := range rawEvents {
		if raw == nil {
			return value.Null, errors.New("invalid type: null, expected struct AwsCloudWatchLogEvent")
		}
		if err := checkJSONFields(raw, []string{"id", "timestamp", "message"}); err != nil {
			return value.Null, err
		}
		var id, message string
		var ms int64
		if err := netparseStrictJSON(raw["id"], &id, "a string"); err != nil {
			return value.Null, err
		}
		if err := netparseStrictJSON(raw["timestamp"], &ms, "i64"); err != nil {
			return value.Null, err
		}
		if err := netparseStrictJSON(raw["message"], &message, "a string"); err != nil {
			return value.Null, err
		}
		ev := value.NewObject(3)
		ev.Set("id", value.Bytes(id))
		ev.Set("message", value.Bytes(message))
		ev.Set("timestamp", value.Timestamp(time.UnixMilli(ms).UTC()))
		events[i] = value.ObjectValue(ev)
	}
	fs := make([]value.Value, len(filters))
	for i, f := range filters {
		fs[i] = value.Bytes(f)
	}
	o := value.NewObject(6)
	o.Set("owner", value.Bytes(owner))
	o.Set("message_type", value.Bytes(messageType))
	o.Set("log_group", value.Bytes(logGroup))
	o.Set("log_stream", value.Bytes(logStream))
	o.Set("subscription_filters", value.ArrayValue(fs))
	o.Set("log_events", value.ArrayValue(events))
	return value.ObjectValue(o), nil
}

// checkJSONFields rejects unknown and missing fields as serde's
// deny_unknown_fields model does.
func checkJSONFields(obj map[string]json.RawMessage, fields []string) error {
	for k := range obj {
		found := false
		for _, f := range fields {
			found = found || f == k
		}
		if !found {
			quoted := make([]string, len(fields))
			for i, f := range fields {
				quoted[i] = "`" + f + "`"
			}
			return fmt.Errorf("unknown field `%s`, expected one of %s", k, strings.Join(quoted, ", "))
		}
	}
	for _, f := range fields {
		if _, ok := obj[f]; !ok {
			return fmt.Errorf("missing field `%s`", f)
		}
	}
	return nil
}

// netparseStrictJSON decodes one JSON document into dst, rejecting null
// for non-pointer targets and trailing data; what names the expected
// type in errors.
func netparseStrictJSON(data []byte, dst any, what string) error {
	trimmed := bytes.TrimSpace(data)
	if string(trimmed) == "null" {
		return fmt.Errorf("invalid type: null, expected %s", what)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return fmt.Errorf("invalid type: %s, expected %s", te.Value, what)
		}
		return err
	}
	if dec.More() {
		return errors.New("trailing characters")
	}
	return nil
}
