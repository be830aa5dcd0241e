package stdlib

import (
	"encoding/binary"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// seahash returns the SeaHash of the bytes (the seahash crate's default
// seeds), reinterpreted as a signed 64-bit integer.
func init() {
	Register(&Spec{
		Ident:      "seahash",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindInteger,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			return value.Integer(int64(seaHash([]byte(args[0].Str())))), nil
		},
	})
}

func seaDiffuse(x uint64) uint64 {
	const p = 0x6eed0e9da4d94a4f
	x *= p
	a, b := x>>32, x>>60
	x ^= a >> b
	return x * p
}

// seaHash feeds the input as little-endian 64-bit words (the last one
// zero-padded) round-robin into four lanes, then mixes the lanes with the
// length.
func seaHash(buf []byte) uint64 {
	lanes := [4]uint64{0x16f11fe89b0d677c, 0xb480a793d8e6c86c, 0x6fe2e5aaf078ebc9, 0x14f994a4c5259381}
	i := 0
	for off := 0; off < len(buf); off += 8 {
		var word uint64
		if off+8 <= len(buf) {
			word = binary.LittleEndian.Uint64(buf[off:])
		} else {
			var tmp [8]byte
			copy(tmp[:], buf[off:])
			word = binary.LittleEndian.Uint64(tmp[:])
		}
		lanes[i] = seaDiffuse(lanes[i] ^ word)
		i = (i + 1) & 3
	}
	return seaDiffuse(lanes[0] ^ lanes[1] ^ lanes[2] ^ lanes[3] ^ uint64(len(buf)))
}
