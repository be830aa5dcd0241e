package decode

import (
	"bufio"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Compression is the compression of an object (ingest.compression).
type Compression uint8

const (
	// CompressionAuto detects gzip and zstd by their magic bytes. The name
	// and S3 headers are only a hint: they are wrong often enough (a ".gz"
	// key whose body S3 served decompressed, a ".json" key that is gzip)
	// that the bytes must decide.
	CompressionAuto Compression = iota
	CompressionNone
	CompressionGzip
	CompressionZstd
)

var compressionNames = [...]string{"auto", "none", "gzip", "zstd"}

// String returns the setting's canonical name.
func (c Compression) String() string {
	if int(c) < len(compressionNames) {
		return compressionNames[c]
	}
	return fmt.Sprintf("compression(%d)", c)
}

// ParseCompression parses an ingest.compression setting. It accepts the
// spellings Matano accepts: "auto" (also "infer" and empty), "none",
// "gzip" ("gz"), "zstd" ("zst").
func ParseCompression(s string) (Compression, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto", "infer":
		return CompressionAuto, nil
	case "none":
		return CompressionNone, nil
	case "gzip", "gz":
		return CompressionGzip, nil
	case "zstd", "zst":
		return CompressionZstd, nil
	}
	return CompressionAuto, fmt.Errorf("unknown compression %q (want auto, gzip, zstd or none)", s)
}

// sniff detects a compressed stream from its first bytes: gzip's 1f 8b
// and zstd's frame magic 28 b5 2f fd or a skippable frame (5? 2a 4d 18),
// which a zstd stream may start with.
func sniff(b []byte) Compression {
	switch {
	case len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b:
		return CompressionGzip
	case len(b) >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd:
		return CompressionZstd
	case len(b) >= 4 && b[0]&0xf0 == 0x50 && b[1] == 0x2a && b[2] == 0x4d && b[3] == 0x18:
		return CompressionZstd
	}
	return CompressionNone
}

// hintFromMeta is what the object's metadata claims, in Matano's order:
// Content-Encoding, then Content-Type, then the key's extension.
func hintFromMeta(m Metadata, name string) Compression {
	switch strings.ToLower(m.ContentEncoding) {
	case "gzip", "x-gzip":
		return CompressionGzip
	case "zstd":
		return CompressionZstd
	}
	switch strings.ToLower(m.ContentType) {
	case "application/gzip", "application/x-gzip":
		return CompressionGzip
	case "application/zstd":
		return CompressionZstd
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".gz", ".gzip":
		return CompressionGzip
	case ".zst", ".zstd":
		return CompressionZstd
	}
	return CompressionNone
}

// peekSize is the bufio buffer put in front of the object. It is also the
// read size towards S3, so it is large enough to keep request overhead
// per byte small.
const peekSize = 64 << 10

// maxZstdWindow bounds the memory a zstd frame may ask for. zstd -19 uses
// 8 MiB windows and --long 128 MiB; the library's default of 512 MiB would
// let one hostile object take most of a Lambda's memory.
const maxZstdWindow = 128 << 20

// openStream detects the compression and sets d.out to the decompressed
// stream. With CompressionAuto one nested layer is detected too: a
// Firehose delivery stream with GZIP compression wraps CloudWatch data that
// CloudWatch has already gzipped. Errors from the decompressor's header are
// left in the stream (they become a decode-error record); only a failure
// of the source is returned.
func (d *Decoder) openStream() error {
	br := d.rel.bufio(d.src)
	peek, err := br.Peek(4)
	if err != nil {
		if serr := d.src.sourceError(); serr != nil {
			return fmt.Errorf("decode: reading %s: %w", d.name, serr)
		}
	}
	d.hint = hintFromMeta(d.opt.Meta, d.name)
	c := d.opt.Compression
	if c == CompressionAuto {
		c = sniff(peek)
	}
	d.comp = c
	r := d.decompress(c, br)
	if d.opt.Compression == CompressionAuto && c != CompressionNone {
		inner := d.rel.bufio(r)
		peek, _ := inner.Peek(4)
		r = inner
		if c2 := sniff(peek); c2 != CompressionNone {
			r = d.decompress(c2, inner)
		}
	}
	d.out = &countReader{r: r}
	return nil
}

// decompress wraps r in a pooled decompressor for c.
func (d *Decoder) decompress(c Compression, r io.Reader) io.Reader {
	switch c {
	case CompressionGzip:
		zr, _ := gzipPool.Get().(*gzip.Reader)
		if zr == nil {
			zr = new(gzip.Reader)
		}
		d.rel.gz = append(d.rel.gz, zr)
		// Reset reads the first member's header; a broken one is the
		// object's fault and surfaces as the stream's error.
		if err := zr.Reset(r); err != nil {
			return errReader{err}
		}
		zr.Multistream(true) // Firehose and `cat a.gz b.gz` write several members
		return zr
	case CompressionZstd:
		zd, _ := zstdPool.Get().(*zstd.Decoder)
		if zd == nil {
			var err error
			// One decoder goroutine: objects are decoded in parallel
			// already, and synchronous decoding needs no Close to stop
			// goroutines if a caller forgets.
			zd, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(maxZstdWindow))
			if err != nil {
				return errReader{err}
			}
		}
		d.rel.zs = append(d.rel.zs, zd)
		if err := zd.Reset(r); err != nil {
			return errReader{err}
		}
		return zd
	}
	return r
}

// errReader is a stream that failed before its first byte.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// Decompressors and read buffers are pooled: a gzip reader carries a
// 32 KiB window and tables, a zstd decoder several MiB, and the
// transformer decodes many small objects (CloudTrail writes one per
// account, region and five minutes).
var (
	gzipPool  sync.Pool
	zstdPool  sync.Pool
	bufioPool sync.Pool
)

// releaser remembers the pooled objects a Decoder took.
type releaser struct {
	bufs []*bufio.Reader
	gz   []*gzip.Reader
	zs   []*zstd.Decoder
}

func (r *releaser) bufio(src io.Reader) *bufio.Reader {
	br, _ := bufioPool.Get().(*bufio.Reader)
	if br == nil {
		br = bufio.NewReaderSize(src, peekSize)
	} else {
		br.Reset(src)
	}
	r.bufs = append(r.bufs, br)
	return br
}

func (r *releaser) release() {
	for _, br := range r.bufs {
		br.Reset(nil)
		bufioPool.Put(br)
	}
	for _, zr := range r.gz {
		gzipPool.Put(zr)
	}
	for _, zd := range r.zs {
		if zd.Reset(nil) == nil {
			zstdPool.Put(zd)
		}
	}
	*r = releaser{}
}
