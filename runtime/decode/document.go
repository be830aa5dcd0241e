package decode

import (
	"fmt"
	"io"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// documentSource holds the state of FormatDocument: the object is read
// whole (bounded by Options.MaxDocumentBytes) and given to Options.Expand
// as {__raw: <bytes>}, as Matano gives it to expand_records_from_payload;
// the array the program returns holds the records.
type documentSource struct {
	read bool
}

// documentChunk is the read size while collecting a document.
const documentChunk = 256 << 10

func (d *Decoder) nextDocument() bool {
	if d.doc.read {
		return false
	}
	d.doc.read = true
	max := d.opt.MaxDocumentBytes
	var b strings.Builder
	if d.comp == CompressionNone && d.opt.Meta.Size > 0 && d.opt.Meta.Size <= max {
		b.Grow(int(d.opt.Meta.Size))
	}
	chunk := make([]byte, documentChunk)
	for {
		n, err := d.out.Read(chunk)
		b.Write(chunk[:n])
		if int64(b.Len()) > max {
			doc := b.String()
			e := d.decodeErrorString(0, 0, doc,
				fmt.Sprintf("document exceeds the limit of %d bytes (expand_records_from_payload needs the whole object in memory)", max))
			e.Truncated = true
			d.rec = Record{Err: e}
			return true
		}
		if err != nil {
			break
		}
	}
	if err := d.out.err; err != nil && err != io.EOF {
		// A truncated or unreadable object: expanding a part of it would
		// make up records; Next reports the stream error instead.
		return false
	}
	doc := b.String()
	if doc == "" {
		// Matano skips empty objects before reading them.
		return false
	}
	payload := value.NewSmallObject()
	payload.Set("__raw", value.Bytes(doc))
	res, err := d.opt.Expand(value.ObjectValue(payload))
	if err != nil {
		d.rec = Record{Err: d.decodeErrorString(0, 0, doc, "expand_records_from_payload: "+err.Error())}
		return true
	}
	if res.IsNull() {
		return false // the program aborted: no records
	}
	arr := res.Arr()
	if arr == nil {
		d.rec = Record{Err: d.decodeErrorString(0, 0, doc,
			fmt.Sprintf("expand_records_from_payload must return an array, got %s", res.Type()))}
		return true
	}
	for i, el := range arr.Items {
		if d.opt.CloudWatch {
			if e := d.expandEnvelope(el, 0, value.AppendJSON(nil, el)); e != nil {
				e.Index = i + 1
				d.queue(Record{Err: e})
			}
			continue
		}
		switch el.Type() {
		case value.TypeObject:
			d.parser.arena.begin()
			d.queue(Record{Value: d.parser.jsonRecord(d.now(), el)})
		case value.TypeBytes:
			d.queue(Record{Value: d.parser.messageRecord(d.now(), el.Str())})
		default:
			e := d.decodeError(0, 0, value.AppendJSON(nil, el),
				fmt.Sprintf("expanded record is %s, expected an object or a string", el.Type()))
			e.Index = i + 1
			d.queue(Record{Err: e})
		}
	}
	return d.nextPending()
}
