// Package decode is stage 3 of the ingest pipeline: it turns one raw
// object (a file, or an S3 object body) into a stream of records, the
// values a log source's VRL transform starts from.
//
// The same code runs under `matano ingest` and in the transformer Lambda,
// so it is pure Go and streaming: an object is decompressed (gzip, zstd,
// detected by name and by magic bytes), split (JSON lines, CSV, text lines,
// CloudWatch Logs subscription envelopes, or one JSON document expanded by
// the log source's expand_records_from_payload program) and wrapped in the
// record shape Matano's transformer gives a transform:
//
//	{ts: <ingest time>,          json: <object>,  related: {hash: [], ip: [], user: []}}   JSON lines, CSV, expanded objects
//	{ts: <ingest time>,          message: <line>, related: ...}                            text; a JSON-object line also gets json
//	{ts: <event timestamp>,      message: <msg>,  related: ...}                            CloudWatch log events (json too when the message is an object)
//
// Memory is bounded: lines, CSV rows and CloudWatch envelopes are limited
// to Options.MaxLineBytes (16 MiB by default) and an expanded document to
// Options.MaxDocumentBytes (256 MiB), which is the one case where a whole
// object must be held. A 1 GB JSON-lines object decodes in the memory of
// its longest line.
//
// # Errors lose nothing
//
// Input that cannot be decoded (a malformed line, a ragged CSV row, an
// over-long line, a truncated or corrupt gzip stream, a document over the
// bound) becomes a Record whose Err says where (line, byte offset, element
// index), why, and carries the raw bytes (at most Options.MaxRawBytes), so
// the caller can sideline it; decoding then goes on with the next line where
// that is possible. Only a failure to read the object itself (the network,
// the disk) ends decoding with Decoder.Err, because retrying the object may
// succeed; the caller must then discard what it decoded from this object.
package decode

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// Format is how a decompressed object is split into records.
type Format uint8

const (
	// FormatAuto picks the format from the options and the object name:
	// an Expand program means FormatDocument, CloudWatch means
	// FormatCloudWatch, CSV headers or ".csv" in the name (Matano's test)
	// mean FormatCSV, anything else FormatJSONLines.
	FormatAuto Format = iota
	// FormatJSONLines: one JSON object per non-empty line. A line that is
	// not a JSON object is a decode error.
	FormatJSONLines
	// FormatText: one record per non-empty line, {message: <line>}; a line
	// holding a JSON object also gets json (the message is kept).
	FormatText
	// FormatCSV: RFC 4180 rows keyed by Options.CSVHeaders or by the first
	// row.
	FormatCSV
	// FormatDocument: the whole object is one document handed to
	// Options.Expand, whose array result holds the records.
	FormatDocument
	// FormatCloudWatch: concatenated CloudWatch Logs subscription envelopes;
	// one record per log event.
	FormatCloudWatch
)

var formatNames = [...]string{"auto", "json_lines", "text", "csv", "document", "cloudwatch"}

// String returns the format's name as used in logs and stats.
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("format(%d)", f)
}

// Limits applied when the corresponding option is zero.
const (
	// DefaultMaxLineBytes bounds a line, a CSV row and a CloudWatch
	// envelope. CloudWatch caps an event at 256 KiB and Firehose a record
	// at 1000 KiB, so 16 MiB only stops input that is not line-shaped.
	DefaultMaxLineBytes = 16 << 20
	// DefaultMaxDocumentBytes bounds a document read for Expand.
	DefaultMaxDocumentBytes = 256 << 20
	// DefaultMaxRawBytes bounds the raw bytes kept in an error record: big
	// enough for any real log line, so sidelined lines are whole; only
	// over-long lines and documents are cut.
	DefaultMaxRawBytes = 1 << 20
)

// Expander runs a log source's expand_records_from_payload program. Its
// input is the object Matano gives that program, {__raw: <the whole
// decompressed object as bytes>} (so `parse_json!(.__raw).Records` expands a
// CloudTrail file); it returns the program's result. The result must be an
// array: each object element becomes a {ts, json} record and each string
// element a {ts, message} record. Return value.Null when the program
// aborted, which Matano treats as "no records". An error makes the whole
// document one decode error.
//
// The decoder does not depend on the VRL runtime; the caller compiles the
// program once and closes over it.
type Expander func(payload value.Value) (value.Value, error)

// Options configure one Decoder. The zero value decodes JSON lines with
// compression detected automatically. The ingest settings of a log source
// map onto it directly: ingest.compression → Compression (ParseCompression),
// ingest.csv_headers → CSVHeaders, ingest.expand_records_from_payload → a
// compiled program in Expand, ingest.{s3,sqs}_source.
// is_from_cloudwatch_log_subscription → CloudWatch.
type Options struct {
	Compression Compression
	Format      Format
	// CSVHeaders are the column names; when empty the first row is the
	// header.
	CSVHeaders []string
	// Expand, when set, makes the object one document (FormatDocument).
	Expand Expander
	// CloudWatch marks objects of CloudWatch Logs subscription envelopes.
	// With Expand, each expanded element is an envelope (as in Matano).
	CloudWatch bool
	// Meta describes the object (bucket, key, size, S3 headers). Its Key
	// defaults to the name given to Open.
	Meta Metadata
	// Now is the ingest clock, read once per record (default time.Now).
	Now func() time.Time

	MaxLineBytes     int   // default DefaultMaxLineBytes
	MaxDocumentBytes int64 // default DefaultMaxDocumentBytes
	MaxRawBytes      int   // default DefaultMaxRawBytes
}

// Stats are the counters of one decoded object.
type Stats struct {
	// Records is the number of records returned without an error.
	Records int64
	// Errors is the number of decode-error records.
	Errors int64
	// ControlMessages counts skipped CloudWatch CONTROL_MESSAGE envelopes.
	ControlMessages int64
	// BytesIn is the number of bytes read from the object (compressed).
	BytesIn int64
	// BytesOut is the number of decompressed bytes decoded.
	BytesOut int64
}

// Decoder yields the records of one object:
//
//	d, err := decode.Open(body, key, opt)
//	if err != nil { ... }         // the object could not be read at all
//	defer d.Close()
//	for d.Next() {
//		rec := d.Record()
//		if rec.Err != nil { sideline(rec.Err); continue }
//		transform(rec.Value)
//	}
//	if err := d.Err(); err != nil { ... } // read failure: retry the object
//
// A Decoder is not safe for concurrent use; decode objects in parallel
// with one Decoder each.
type Decoder struct {
	opt    Options
	name   string
	format Format

	comp, hint Compression
	src        *countReader // the object as given
	out        *countReader // the decompressed stream
	rel        releaser     // pooled readers to give back on Close

	rec   Record
	stats Stats
	err   error
	done  bool

	// The format state; only the one in use is set.
	lines *lineSource
	csv   *csvSource
	cw    *cloudWatchSource
	doc   *documentSource

	// pending holds records already decoded but not yet returned: the
	// events of a CloudWatch envelope, the elements of a document.
	pending []Record
	npend   int

	parser jsonParser

	// The cached ingest time (now) and the input offset it was read at.
	nowVal value.Value
	nowAt  int64
	nowSet bool
}

// Open prepares to decode r, the body of the object called name (a file
// path or an S3 key; its extension is a compression and CSV hint). It
// reads the first bytes to detect compression. The error is non-nil only
// when the options are invalid or r fails on that first read; malformed
// content is reported through records instead.
func Open(r io.Reader, name string, opt Options) (*Decoder, error) {
	if r == nil {
		return nil, errors.New("decode: nil reader")
	}
	if opt.MaxLineBytes <= 0 {
		opt.MaxLineBytes = DefaultMaxLineBytes
	}
	if opt.MaxDocumentBytes <= 0 {
		opt.MaxDocumentBytes = DefaultMaxDocumentBytes
	}
	if opt.MaxRawBytes <= 0 {
		opt.MaxRawBytes = DefaultMaxRawBytes
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Meta.Key == "" {
		opt.Meta.Key = name
	}
	if opt.Compression > CompressionZstd {
		return nil, fmt.Errorf("decode: invalid compression %d", opt.Compression)
	}
	d := &Decoder{opt: opt, name: name}
	d.format = chooseFormat(opt, name)
	if d.format == FormatDocument && opt.Expand == nil {
		return nil, errors.New("decode: the document format needs an Expand program")
	}
	if d.format > FormatCloudWatch {
		return nil, fmt.Errorf("decode: invalid format %d", opt.Format)
	}
	d.src = &countReader{r: r}
	if err := d.openStream(); err != nil {
		d.Close()
		return nil, err
	}
	switch d.format {
	case FormatJSONLines, FormatText:
		d.lines = &lineSource{w: newWindow(d.out, opt.MaxLineBytes)}
	case FormatCSV:
		d.csv = newCSVSource(newWindow(d.out, opt.MaxLineBytes), opt.CSVHeaders)
	case FormatCloudWatch:
		d.cw = &cloudWatchSource{w: newWindow(d.out, opt.MaxLineBytes)}
	case FormatDocument:
		d.doc = &documentSource{}
	}
	return d, nil
}

// chooseFormat resolves FormatAuto as its doc comment says.
func chooseFormat(opt Options, name string) Format {
	if opt.Format != FormatAuto {
		return opt.Format
	}
	switch {
	case opt.Expand != nil:
		return FormatDocument
	case opt.CloudWatch:
		return FormatCloudWatch
	case len(opt.CSVHeaders) > 0 || containsFold(name, ".csv"):
		return FormatCSV
	}
	return FormatJSONLines
}

// containsFold reports whether s contains the ASCII substring sub,
// ignoring case (a key "LOGS.CSV.GZ" is CSV too).
func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), sub)
}

// Next advances to the next record and reports whether there is one. It
// returns false at the end of the object or after a read failure (Err).
func (d *Decoder) Next() (ok bool) {
	if d.done {
		return false
	}
	// Panics are bugs (or come from the caller's Expander); they must not
	// take down a Lambda that is decoding other objects, so they end this
	// object with an error instead.
	defer func() {
		if p := recover(); p != nil {
			d.done, ok = true, false
			d.rec = Record{}
			d.err = fmt.Errorf("decode: internal error (bug) in %s: %v\n%s", d.name, p, debug.Stack())
		}
	}()
	d.rec = Record{}
	if d.nextPending() || d.step() {
		d.count()
		return true
	}
	d.done = true
	d.stats.BytesIn, d.stats.BytesOut = d.src.n, d.out.n
	if err := d.streamError(); err != nil {
		d.rec = Record{Err: err}
		d.count()
		return true
	}
	return false
}

func (d *Decoder) count() {
	if d.rec.Err != nil {
		d.stats.Errors++
	} else {
		d.stats.Records++
	}
}

// step decodes the next record of the current format into d.rec.
func (d *Decoder) step() bool {
	switch d.format {
	case FormatJSONLines, FormatText:
		return d.nextLine()
	case FormatCSV:
		return d.nextCSV()
	case FormatCloudWatch:
		return d.nextEnvelope()
	case FormatDocument:
		return d.nextDocument()
	}
	return false
}

// nextPending returns the next queued record, if any.
func (d *Decoder) nextPending() bool {
	if d.npend >= len(d.pending) {
		return false
	}
	d.rec = d.pending[d.npend]
	d.pending[d.npend] = Record{}
	d.npend++
	if d.npend == len(d.pending) {
		d.pending, d.npend = d.pending[:0], 0
	}
	return true
}

// queue makes records the next ones Next returns.
func (d *Decoder) queue(r Record) { d.pending = append(d.pending, r) }

// streamError classifies the error that ended the decompressed stream. A
// failure of the source reader is the caller's (d.err, retry); anything
// else — a corrupt or truncated compressed stream — is the object's fault
// and becomes one decode-error record at the offset where it happened.
func (d *Decoder) streamError() *Error {
	if d.err != nil {
		return nil
	}
	if err := d.src.sourceError(); err != nil {
		d.err = fmt.Errorf("decode: reading %s: %w", d.name, err)
		return nil
	}
	err := d.out.err
	if err == nil || err == io.EOF {
		return nil
	}
	return &Error{
		Kind:   KindDecode,
		Offset: d.out.n,
		Reason: fmt.Sprintf("%s stream: %v", d.comp, err),
	}
}

// Record returns the current record. It is valid until the next call to
// Next; its Value is owned by the caller (nothing in it is reused).
func (d *Decoder) Record() Record { return d.rec }

// Err returns the read failure that ended decoding, or nil. Decode errors
// are records, not Err.
func (d *Decoder) Err() error { return d.err }

// Stats returns the counters so far; BytesIn and BytesOut are final once
// Next has returned false.
func (d *Decoder) Stats() Stats {
	s := d.stats
	s.BytesIn, s.BytesOut = d.src.n, d.out.n
	return s
}

// Format returns the format in use (never FormatAuto).
func (d *Decoder) Format() Format { return d.format }

// Compression returns the compression in use and the one the name or the
// S3 headers suggested (CompressionNone when they suggested nothing). With
// CompressionAuto the magic bytes decide, so the two differ when an
// object's name lies about its content.
func (d *Decoder) Compression() (used, hinted Compression) { return d.comp, d.hint }

// Metadata returns the object's metadata, for the caller to run
// select_table_from_payload_metadata once per object (see
// Metadata.Payload).
func (d *Decoder) Metadata() Metadata { return d.opt.Meta }

// Close releases the pooled decompressors and buffers. It does not close
// the reader given to Open. Calling Close twice is harmless.
func (d *Decoder) Close() error {
	d.rel.release()
	if d.lines != nil {
		d.lines.w.release()
	}
	if d.csv != nil {
		d.csv.w.release()
	}
	if d.cw != nil {
		d.cw.w.release()
	}
	d.done = true
	return nil
}

// now is the ingest time of a record: the clock is read once per read of
// the input, so the records that arrived in one read (about fifty
// CloudTrail lines of a 64 KiB window) share the time it came in, and a
// slow stream still gets a fresh time with every read. Reading it per
// record took 0.12 s of a 1 GB ingest's CPU (the clock costs ~140 ns in
// a Firecracker VM, Lambda's kind of machine).
func (d *Decoder) now() value.Value {
	if !d.nowSet || d.nowAt != d.out.n {
		d.nowVal, d.nowAt, d.nowSet = value.Timestamp(d.opt.Now()), d.out.n, true
	}
	return d.nowVal
}

// countReader counts the bytes read through it and remembers the first
// error other than io.EOF, so a failure of the caller's reader can be told
// apart from corrupt data reported by a decompressor above it.
type countReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// sourceError reports the source's failure, ignoring a clean end.
func (c *countReader) sourceError() error {
	if c.err == io.EOF {
		return nil
	}
	return c.err
}
