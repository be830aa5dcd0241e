package stdlib

import (
	"encoding/binary"
	"errors"
	"math/big"
	"math/bits"
	"strings"

	"github.com/zeebo/xxh3"

	"github.com/matano-go/matano/runtime/vrl/value"
)

var xxhashVariants = map[string]bool{"XXH32": true, "XXH64": true, "XXH3-64": true, "XXH3-128": true}

// xxhash returns the xxHash of the bytes (seed 0): XXH32, XXH64 and
// XXH3-64 as integers (64-bit results reinterpreted as signed), XXH3-128
// as a decimal string. Upstream declares the return type as bytes; we
// keep its declaration so programs type-check the same way.
func init() {
	Register(typedFunc("xxhash",
		[]Param{reqParam("value", value.BitBytes), optParam("variant", value.BitBytes)},
		func(args *Args) TypeDef {
			valid := constValidUpper(args, 1, func(s string) bool { return xxhashVariants[s] })
			return TypeDef{Kind: value.KindBytes, Fallible: !valid}
		},
		func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			data := []byte(args[0].Str())
			switch strings.ToUpper(lossyUTF8(argStr(args, present, 1, "XXH32"))) {
			case "XXH32":
				return value.Integer(int64(xxh32(data, 0))), nil
			case "XXH64":
				return value.Integer(int64(xxh64(data, 0))), nil
			case "XXH3-64":
				return value.Integer(int64(xxh3.Hash(data))), nil
			case "XXH3-128":
				h := xxh3.Hash128(data)
				n := new(big.Int).SetUint64(h.Hi)
				n.Lsh(n, 64).Or(n, new(big.Int).SetUint64(h.Lo))
				return value.Bytes(n.String()), nil
			}
			return value.Null, errors.New("Variant must be either 'XXH32', 'XXH64', 'XXH3-64', or 'XXH3-128'")
		}))
}

const (
	xxP32a uint32 = 2654435761
	xxP32b uint32 = 2246822519
	xxP32c uint32 = 3266489917
	xxP32d uint32 = 668265263
	xxP32e uint32 = 374761393
)

// xxh32 is the 32-bit xxHash.
func xxh32(b []byte, seed uint32) uint32 {
	n := len(b)
	var h uint32
	if n >= 16 {
		v1, v2, v3, v4 := seed+xxP32a+xxP32b, seed+xxP32b, seed, seed-xxP32a
		for len(b) >= 16 {
			v1 = bits.RotateLeft32(v1+binary.LittleEndian.Uint32(b)*xxP32b, 13) * xxP32a
			v2 = bits.RotateLeft32(v2+binary.LittleEndian.Uint32(b[4:])*xxP32b, 13) * xxP32a
			v3 = bits.RotateLeft32(v3+binary.LittleEndian.Uint32(b[8:])*xxP32b, 13) * xxP32a
			v4 = bits.RotateLeft32(v4+binary.LittleEndian.Uint32(b[12:])*xxP32b, 13) * xxP32a
			b = b[16:]
		}
		h = bits.RotateLeft32(v1, 1) + bits.RotateLeft32(v2, 7) + bits.RotateLeft32(v3, 12) + bits.RotateLeft32(v4, 18)
	} else {
		h = seed + xxP32e
	}
	h += uint32(n)
	for len(b) >= 4 {
		h = bits.RotateLeft32(h+binary.LittleEndian.Uint32(b)*xxP32c, 17) * xxP32d
		b = b[4:]
	}
	for _, c := range b {
		h = bits.RotateLeft32(h+uint32(c)*xxP32e, 11) * xxP32a
	}
	h ^= h >> 15
	h *= xxP32b
	h ^= h >> 13
	h *= xxP32c
	h ^= h >> 16
	return h
}

const (
	xxP64a uint64 = 11400714785074694791
	xxP64b uint64 = 14029467366897019727
	xxP64c uint64 = 1609587929392839161
	xxP64d uint64 = 9650029242287828579
	xxP64e uint64 = 2870177450012600261
)

func xx64Round(acc, in uint64) uint64 {
	return bits.RotateLeft64(acc+in*xxP64b, 31) * xxP64a
}

func xx64Merge(acc, v uint64) uint64 {
	return (acc^xx64Round(0, v))*xxP64a + xxP64d
}

// xxh64 is the 64-bit xxHash.
func xxh64(b []byte, seed uint64) uint64 {
	n := len(b)
	var h uint64
	if n >= 32 {
		v1, v2, v3, v4 := seed+xxP64a+xxP64b, seed+xxP64b, seed, seed-xxP64a
		for len(b) >= 32 {
			v1 = xx64Round(v1, binary.LittleEndian.Uint64(b))
			v2 = xx64Round(v2, binary.LittleEndian.Uint64(b[8:]))
			v3 = xx64Round(v3, binary.LittleEndian.Uint64(b[16:]))
			v4 = xx64Round(v4, binary.LittleEndian.Uint64(b[24:]))
			b = b[32:]
		}
		h = bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) + bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
		h = xx64Merge(h, v1)
		h = xx64Merge(h, v2)
		h = xx64Merge(h, v3)
		h = xx64Merge(h, v4)
	} else {
		h = seed + xxP64e
	}
	h += uint64(n)
	for len(b) >= 8 {
		h ^= xx64Round(0, binary.LittleEndian.Uint64(b))
		h = bits.RotateLeft64(h, 27)*xxP64a + xxP64d
		b = b[8:]
	}
	if len(b) >= 4 {
		h ^= uint64(binary.LittleEndian.Uint32(b)) * xxP64a
		h = bits.RotateLeft64(h, 23)*xxP64b + xxP64c
		b = b[4:]
	}
	for _, c := range b {
		h ^= uint64(c) * xxP64e
		h = bits.RotateLeft64(h, 11) * xxP64a
	}
	h ^= h >> 33
	h *= xxP64b
	h ^= h >> 29
	h *= xxP64c
	h ^= h >> 32
	return h
}
