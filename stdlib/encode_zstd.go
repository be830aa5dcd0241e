package stdlib

import (
	"bytes"

	"github.com/klauspost/compress/zstd"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// encode_zstd compresses bytes into a Zstandard frame. Like upstream's
// streaming encoder the frame carries no content size and no checksum.
// Levels map onto the Go encoder's four speed classes (0 means zstd's
// default, 3).
func init() {
	Register(&Spec{
		Ident:      "encode_zstd",
		Parameters: []Param{reqParam("value", value.BitBytes), optParam("compression_level", value.BitInteger)},
		Returns:    value.KindBytes,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			level := int(int32(argInt(args, present, 1, 3)))
			if level == 0 {
				level = 3 // zstd's "default level"
			}
			var buf bytes.Buffer
			w, err := zstd.NewWriter(&buf,
				zstd.WithEncoderLevel(zstd.EncoderLevelFromZstd(level)),
				zstd.WithEncoderCRC(false),
				zstd.WithWindowSize(1<<21),
				zstd.WithEncoderConcurrency(1))
			if err != nil {
				return value.Null, err
			}
			w.Write([]byte(args[0].Str()))
			w.Close()
			return value.BytesFrom(zstdWindowLikeUpstream(buf.Bytes())), nil
		},
	})
}

// zstdWindowLikeUpstream rewrites the window descriptor of a frame whose
// header has no content size and no dictionary (FHD 0) to the 2 MiB window
// libzstd declares for streamed input at the default levels. The Go
// encoder declares the smallest window that fits short input; a larger
// declared window is equally valid and makes short outputs byte-identical
// to upstream's.
func zstdWindowLikeUpstream(frame []byte) []byte {
	if len(frame) > 5 && frame[4] == 0 && frame[5] < 0x58 {
		frame[5] = 0x58
	}
	return frame
}
