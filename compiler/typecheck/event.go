package typecheck

import "github.com/matano-go/matano/runtime/vrl/value"

// RecordEvent is the kind of the event a transform (and
// select_table_from_payload) starts from, as Matano's ingest builds it:
//
//	{ts: timestamp, json: object (JSON input), message: string (text
//	 input), related: {ip: [], hash: [], user: []}}
//
// A log source does not say whether its input is JSON or text (the
// decoder decides per record: a line that parses as a JSON object becomes
// .json, any other line .message), so .json is typed object-or-undefined
// and .message string-or-undefined. Programs that read either must
// therefore handle the missing case (string!(.message), .json.x is any),
// which is what running them on real data requires too.
//
// Every other field is typed any rather than absent: Matano compiles its
// programs against VRL's default event type (an object of anything), and
// with an exact object VRL rejects `.event.kind = "x"` (E642, the parent
// .event being undefined), which Matano accepts.
func RecordEvent() value.Kind {
	empty := func() value.Kind { return value.KindArrayOf(map[string]value.Kind{}, nil) }
	related := value.KindObjectOf(map[string]value.Kind{"ip": empty(), "hash": empty(), "user": empty()}, nil)
	return value.KindObjectOf(map[string]value.Kind{
		"ts":      value.KindTimestamp,
		"json":    value.KindObjectAny().OrUndefined(),
		"message": value.KindBytes.OrUndefined(),
		"related": related,
	}, value.KindAny().Ptr())
}

// PayloadEvent is the input of expand_records_from_payload: the whole
// decompressed object as bytes (runtime/decode.Expander).
func PayloadEvent() value.Kind {
	return value.KindObjectOf(map[string]value.Kind{"__raw": value.KindBytes}, value.KindAny().Ptr())
}

// MetadataEvent is the input of select_table_from_payload_metadata: the
// S3 object's metadata (runtime/decode.Metadata.Payload).
func MetadataEvent() value.Kind {
	s3 := value.KindObjectOf(map[string]value.Kind{
		"bucket":    value.KindBytes,
		"key":       value.KindBytes,
		"sequencer": value.KindBytes,
		"size":      value.KindInteger,
	}, nil)
	meta := value.KindObjectOf(map[string]value.Kind{"s3": s3}, nil)
	return value.KindObjectOf(map[string]value.Kind{"__metadata": meta}, value.KindAny().Ptr())
}
