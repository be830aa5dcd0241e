package decode

import "github.com/matano-go/matano/runtime/vrl/value"

// Metadata describes the object being decoded. The caller fills it from
// the S3 event or GetObject response (or from the file, locally); the
// decoder uses ContentEncoding, ContentType and Key as compression hints
// and the caller uses Payload to run select_table_from_payload_metadata
// once per object.
type Metadata struct {
	Bucket string
	Key    string
	// Size is the object's size in bytes; with an uncompressed document it
	// presizes the buffer.
	Size int64
	// Sequencer is the S3 event's sequencer (Matano passes it to the
	// select_table_from_payload_metadata program).
	Sequencer       string
	ContentEncoding string
	ContentType     string
}

// Payload is the value Matano gives a log source's
// select_table_from_payload_metadata program:
//
//	{__metadata: {s3: {bucket: "...", key: "...", size: 123, sequencer: "..."}}}
//
// The caller runs the program on it once per object, before decoding, and
// treats a null result as the default table and an abort as "skip the
// object".
func (m Metadata) Payload() value.Value {
	s3 := value.NewSmallObject()
	s3.Set("bucket", value.Bytes(m.Bucket))
	s3.Set("key", value.Bytes(m.Key))
	s3.Set("sequencer", value.Bytes(m.Sequencer))
	s3.Set("size", value.Integer(m.Size))
	meta := value.NewSmallObject()
	meta.Set("s3", value.ObjectValue(s3))
	root := value.NewSmallObject()
	root.Set("__metadata", value.ObjectValue(meta))
	return value.ObjectValue(root)
}
