package stdlib

import (
	"fmt"
	"math/big"
	"math/bits"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// crcParams is one parametrised CRC (the Rocksoft model).
type crcParams struct {
	width      uint
	poly, init crcU128
	refin      bool
	refout     bool
	xorout     crcU128
	check      crcU128
}

// crcU128 is a 128-bit register {hi, lo}.
type crcU128 struct{ hi, lo uint64 }

func (a crcU128) xor(b crcU128) crcU128 { return crcU128{a.hi ^ b.hi, a.lo ^ b.lo} }
func (a crcU128) and(b crcU128) crcU128 { return crcU128{a.hi & b.hi, a.lo & b.lo} }
func (a crcU128) shl1() crcU128         { return crcU128{a.hi<<1 | a.lo>>63, a.lo << 1} }
func (a crcU128) bit(i uint) bool {
	if i >= 64 {
		return a.hi>>(i-64)&1 == 1
	}
	return a.lo>>i&1 == 1
}

// mask returns the low width bits set.
func crcMask(width uint) crcU128 {
	if width >= 64 {
		return crcU128{1<<(width-64) - 1, ^uint64(0)}
	}
	return crcU128{0, 1<<width - 1}
}

// reflect reverses the low width bits of a.
func (a crcU128) reflect(width uint) crcU128 {
	// Reverse all 128 bits, then shift right by 128-width.
	r := crcU128{bits.Reverse64(a.lo), bits.Reverse64(a.hi)}
	s := 128 - width
	switch {
	case s >= 64:
		return crcU128{0, r.hi >> (s - 64)}
	case s == 0:
		return r
	}
	return crcU128{r.hi >> s, r.lo>>s | r.hi<<(64-s)}
}

func (a crcU128) String() string {
	if a.hi == 0 {
		return fmt.Sprint(a.lo)
	}
	n := new(big.Int).SetUint64(a.hi)
	n.Lsh(n, 64)
	return n.Or(n, new(big.Int).SetUint64(a.lo)).String()
}

// checksum computes the CRC of data bit by bit (any width from 3 to 82):
// each input bit, MSB first or LSB first when refin, is shifted through
// the register.
func (p *crcParams) checksum(data []byte) crcU128 {
	mask := crcMask(p.width)
	top := p.width - 1
	reg := p.init
	for _, b := range data {
		for i := 0; i < 8; i++ {
			var in bool
			if p.refin {
				in = b>>i&1 == 1
			} else {
				in = b>>(7-i)&1 == 1
			}
			fb := reg.bit(top) != in
			reg = reg.shl1().and(mask)
			if fb {
				reg = reg.xor(p.poly)
			}
		}
	}
	if p.refout {
		reg = reg.reflect(p.width)
	}
	return reg.xor(p.xorout).and(mask)
}

// crc returns the checksum as a decimal string. The algorithm name is
// case-insensitive; the call is infallible when it is omitted or a
// constant naming a known algorithm.
func init() {
	Register(typedFunc("crc",
		[]Param{reqParam("value", value.BitBytes), optParam("algorithm", value.BitBytes)},
		func(args *Args) TypeDef {
			valid := constValidUpper(args, 1, func(s string) bool { _, ok := crcCatalog[s]; return ok })
			return TypeDef{Kind: value.KindBytes, Fallible: !valid}
		},
		func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			name := strings.ToUpper(lossyUTF8(argStr(args, present, 1, "CRC_32_ISO_HDLC")))
			p, ok := crcCatalog[name]
			if !ok {
				return value.Null, fmt.Errorf("Invalid CRC algorithm: %s", name)
			}
			return value.Bytes(p.checksum([]byte(args[0].Str())).String()), nil
		}))
}
