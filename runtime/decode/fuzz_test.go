package decode

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// FuzzDecode feeds arbitrary bytes through every format and compression
// setting, with small limits so the over-long paths run too. The decoder
// must not panic (Next turns a panic into Err, so an internal error fails
// the fuzz run), must never fail with Err on an in-memory reader, and its
// counters must match what it returned.
func FuzzDecode(f *testing.F) {
	entries, _ := os.ReadDir("testdata")
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join("testdata", e.Name()))
		if err == nil && len(b) < 4096 {
			for format := range uint8(6) {
				f.Add(b, format, uint8(0))
			}
		}
	}
	f.Add([]byte("{\"a\":1}\n{bad\n"), uint8(1), uint8(0))
	f.Add([]byte("a,b\n\"x\ny\",2\n"), uint8(3), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, format, comp uint8) {
		opt := Options{
			Format:           Format(format % 6),
			Compression:      Compression(comp % 4),
			MaxLineBytes:     64,
			MaxDocumentBytes: 256,
			MaxRawBytes:      16,
			Now:              testClock,
		}
		if opt.Format == FormatDocument || format%7 == 6 {
			opt.Expand = expandRecords
		}
		if format&0x80 != 0 {
			opt.CloudWatch = true
		}
		d, err := Open(bytes.NewReader(data), "fuzz", opt)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		defer d.Close()
		var recs, errs int64
		for d.Next() {
			rec := d.Record()
			if rec.Err != nil {
				errs++
				if len(rec.Err.Raw) > opt.MaxRawBytes || rec.Err.Reason == "" || rec.Err.Kind != KindDecode {
					t.Fatalf("bad error record %+v", rec.Err)
				}
				continue
			}
			recs++
			o := rec.Value.Obj()
			if o == nil {
				t.Fatalf("record is %s", rec.Value.Type())
			}
			if ts, _ := o.Get("ts"); ts.Type() != value.TypeTimestamp {
				t.Fatalf("ts is %s", ts.Type())
			}
		}
		if err := d.Err(); err != nil {
			t.Fatalf("Err on an in-memory reader: %v", err)
		}
		s := d.Stats()
		if s.Records != recs || s.Errors != errs {
			t.Fatalf("stats %+v, saw %d records and %d errors", s, recs, errs)
		}
		if s.BytesIn > int64(len(data)) {
			t.Fatalf("read %d of %d bytes", s.BytesIn, len(data))
		}
	})
}
