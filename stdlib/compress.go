package stdlib

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"hash/crc32"
	"io"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// Helpers shared by encode_gzip/encode_zlib and their decoders.
//
// Upstream compresses with flate2's miniz backend; Go's compress/flate
// produces valid streams of the same format but not always the same bytes
// for inputs long enough to contain matches. Decoding is exact.

// codecMaxDeflateLevel is upstream's highest accepted level (miniz's
// "uber" level 10, which Go's flate caps at 9).
const codecMaxDeflateLevel = 10

// deflateLevel validates a compression level argument as upstream does:
// the i64 is cast to u32 (so negative levels wrap to huge values and are
// rejected) and must be at most 10.
func deflateLevel(args []value.Value, present []bool, i int) (int, error) {
	level := uint32(argInt(args, present, i, 6))
	if level > codecMaxDeflateLevel {
		return 0, fmt.Errorf("compression level must be <= %d", codecMaxDeflateLevel)
	}
	if level > flate.BestCompression {
		level = flate.BestCompression
	}
	return int(level), nil
}

// deflateLevelTypeDef is upstream's type rule: infallible when the level
// is omitted or a constant integer no greater than 10.
func deflateLevelTypeDef(args *Args) TypeDef {
	ok := true
	if a := args.Get(1); a.Present {
		v, isConst := constArg(args, 1)
		ok = isConst && v.Type() == value.TypeInteger && v.Int() <= codecMaxDeflateLevel
	}
	return TypeDef{Kind: value.KindBytes, Fallible: !ok}
}

// deflateRaw compresses data into a raw DEFLATE stream. Go's writer ends
// every stream with an empty final stored block; miniz (upstream) instead
// marks its last real block final. When the stream holds one real block we
// rewrite it the miniz way, so short inputs compress to the same bytes as
// upstream; the rewrite is kept only if the result still decodes to data.
func deflateRaw(data []byte, level int) []byte {
	if len(data) == 0 {
		return []byte{3, 0} // one empty final fixed-Huffman block
	}
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, level)
	w.Write(data)
	w.Close()
	out := buf.Bytes()
	if tight := deflateTighten(out); tight != nil {
		got, err := io.ReadAll(flate.NewReader(bytes.NewReader(tight)))
		if err == nil && bytes.Equal(got, data) {
			return tight
		}
	}
	return out
}

// deflateTighten drops the trailing empty stored block (header bits, then
// LEN=0 and NLEN=0xFFFF) and sets BFINAL on the first block. It returns
// nil when the stream does not end that way.
func deflateTighten(s []byte) []byte {
	n := len(s)
	if n < 6 || !bytes.Equal(s[n-4:], []byte{0, 0, 0xFF, 0xFF}) || s[n-5] == 0 {
		return nil
	}
	out := append([]byte(nil), s[:n-4]...)
	last := out[len(out)-1]
	// The stored header's BFINAL bit is the highest set bit of its byte:
	// only zero padding follows it.
	h := 7
	for last&(1<<h) == 0 {
		h--
	}
	if h == 0 {
		out = out[:len(out)-1]
	} else {
		out[len(out)-1] = last &^ (1 << h)
	}
	if len(out) == 0 {
		return nil
	}
	out[0] |= 1
	return out
}

// gzipCompress writes one gzip member as flate2 does: no name, mtime 0,
// XFL 2 for the best level and 4 for the fastest, OS 255 (unknown).
func gzipCompress(data []byte, level int) []byte {
	xfl := byte(0)
	switch {
	case level >= flate.BestCompression:
		xfl = 2
	case level <= flate.BestSpeed:
		xfl = 4
	}
	out := []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 0xff}
	out = append(out, deflateRaw(data, level)...)
	out = binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(data))
	return binary.LittleEndian.AppendUint32(out, uint32(len(data)))
}

// zlibCompress writes a zlib stream (the header's level hint as Go's
// compress/zlib computes it).
func zlibCompress(data []byte, level int) []byte {
	var hdr [2]byte
	hdr[0] = 0x78
	switch {
	case level <= 1:
		hdr[1] = 0 << 6
	case level <= 5:
		hdr[1] = 1 << 6
	case level == 6:
		hdr[1] = 2 << 6
	default:
		hdr[1] = 3 << 6
	}
	hdr[1] += byte(31 - (uint16(hdr[0])<<8+uint16(hdr[1]))%31)
	out := append(hdr[:], deflateRaw(data, level)...)
	return binary.BigEndian.AppendUint32(out, adler32.Checksum(data))
}

// gunzipAll decodes every gzip member of data (a multi-member stream
// decodes to the concatenation, as flate2's MultiGzDecoder does).
func gunzipAll(data []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func unzlib(data []byte) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// deflateEncoder is encode_gzip or encode_zlib: bytes and an optional
// compression_level, compressed by compress.
func deflateEncoder(ident string, compress func(data []byte, level int) []byte) Function {
	return typedFunc(ident,
		[]Param{reqParam("value", value.BitBytes), optParam("compression_level", value.BitInteger)},
		deflateLevelTypeDef,
		func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			level, err := deflateLevel(args, present, 1)
			if err != nil {
				return value.Null, err
			}
			return value.BytesFrom(compress([]byte(args[0].Str()), level)), nil
		})
}
