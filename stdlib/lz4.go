package stdlib

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/pierrec/lz4/v4"
)

// Helpers for encode_lz4/decode_lz4: the LZ4 block format (optionally
// prefixed with the uncompressed size as a little-endian u32, as
// lz4_flex's *_size_prepended functions do) and the LZ4 frame format.

// lz4FrameMagic starts every LZ4 frame.
var lz4FrameMagic = []byte{0x04, 0x22, 0x4D, 0x18}

// lz4CompressBlock compresses src into one LZ4 block. pierrec/lz4 gives
// up on incompressible input; upstream still emits a block, so we then
// write a literal-only block ourselves.
func lz4CompressBlock(src []byte) []byte {
	dst := make([]byte, lz4.CompressBlockBound(len(src)))
	var c lz4.Compressor
	n, err := c.CompressBlock(src, dst)
	if err == nil && n > 0 {
		return dst[:n]
	}
	return lz4LiteralBlock(src)
}

// lz4LiteralBlock is a block made of one sequence of literals only.
func lz4LiteralBlock(src []byte) []byte {
	out := make([]byte, 0, len(src)+len(src)/255+2)
	n := len(src)
	if n < 15 {
		out = append(out, byte(n<<4))
	} else {
		out = append(out, 0xF0)
		rest := n - 15
		for rest >= 255 {
			out = append(out, 255)
			rest -= 255
		}
		out = append(out, byte(rest))
	}
	return append(out, src...)
}

// lz4DecodeFrame decodes an LZ4 frame stream.
func lz4DecodeFrame(data []byte) ([]byte, error) {
	out, err := io.ReadAll(lz4.NewReader(bytes.NewReader(data)))
	if err != nil {
		return nil, fmt.Errorf("unable to decode value with lz4 frame decoder: %v", err)
	}
	return out, nil
}

// lz4DecodeBlock decodes one block. With prepended the block starts with
// its uncompressed size as a little-endian u32, which is then the output
// limit; otherwise the output may be at most bufSize bytes.
func lz4DecodeBlock(data []byte, bufSize int, prepended bool) ([]byte, error) {
	if prepended {
		if len(data) < 4 {
			return nil, lz4BlockError(errors.New("expected another byte, found none"))
		}
		bufSize = int(binary.LittleEndian.Uint32(data))
		data = data[4:]
	}
	out, err := lz4DecodeSequences(data, bufSize)
	if err != nil {
		return nil, lz4BlockError(err)
	}
	return out, nil
}

func lz4BlockError(err error) error {
	return fmt.Errorf("unable to decode value with lz4 block decoder: %v", err)
}

// lz4DecodeSequences decodes the sequences of a block into at most limit
// bytes, failing with lz4_flex's error texts (upstream's decoder) so
// corrupt input is reported the same way.
func lz4DecodeSequences(in []byte, limit int) ([]byte, error) {
	errMore := errors.New("expected another byte, found none")
	tooSmall := func(need int) error {
		return fmt.Errorf("provided output is too small for the decompressed data, actual %d, expected %d", limit, need)
	}
	readLen := func(pos *int) (int, error) {
		n := 0
		for {
			if *pos >= len(in) {
				return 0, errMore
			}
			b := in[*pos]
			*pos++
			n += int(b)
			if b != 255 {
				return n, nil
			}
		}
	}
	out := make([]byte, 0, min(limit, 4*len(in)+64))
	pos := 0
	for {
		if pos >= len(in) {
			return nil, errMore
		}
		token := in[pos]
		pos++
		lit := int(token >> 4)
		if lit == 15 {
			n, err := readLen(&pos)
			if err != nil {
				return nil, err
			}
			lit += n
		}
		if lit > 0 {
			if lit > len(in)-pos {
				return nil, errors.New("literal is out of bounds of the input")
			}
			if lit > limit-len(out) {
				return nil, tooSmall(len(out) + lit)
			}
			out = append(out, in[pos:pos+lit]...)
			pos += lit
		}
		if pos >= len(in) {
			return out, nil
		}
		if len(in)-pos < 2 {
			return nil, errMore
		}
		offset := int(binary.LittleEndian.Uint16(in[pos:]))
		pos += 2
		match := 4 + int(token&15)
		if match == 19 {
			n, err := readLen(&pos)
			if err != nil {
				return nil, err
			}
			match += n
		}
		if offset == 0 {
			return nil, errors.New("0 is not a valid match offset")
		}
		if offset > len(out) {
			return nil, errors.New("the offset to copy is not contained in the decompressed buffer")
		}
		if match > limit-len(out) {
			return nil, tooSmall(len(out) + match)
		}
		start := len(out) - offset
		for i := 0; i < match; i++ {
			out = append(out, out[start+i])
		}
	}
}
