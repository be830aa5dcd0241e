package stdlib

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// uuid_from_friendly_id converts a Friendly ID (a UUID's 128-bit value in
// base62, alphabet 0-9A-Za-z) back to the hyphenated UUID.
func init() {
	Register(&Spec{
		Ident:      "uuid_from_friendly_id",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			n, err := base62Decode(lossyUTF8(args[0].Str()))
			if err != nil {
				return value.Null, fmt.Errorf("failed to decode friendly id: %v", err)
			}
			var u [16]byte
			n.FillBytes(u[:])
			return value.Bytes(uuidFormat(u)), nil
		},
	})
}

var base62Max = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 128), big.NewInt(1))

// base62Decode decodes a base62 number that must fit in 128 bits, with
// the base62 crate's error texts.
func base62Decode(s string) (*big.Int, error) {
	if s == "" {
		return nil, errors.New("Encoded input is an empty string")
	}
	start := 0
	for start < len(s) && s[start] == '0' {
		start++
	}
	digits := s[start:]
	n := new(big.Int)
	b62 := big.NewInt(62)
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		var d int64
		switch {
		case c >= '0' && c <= '9':
			d = int64(c - '0')
		case c >= 'A' && c <= 'Z':
			d = int64(c-'A') + 10
		case c >= 'a' && c <= 'z':
			d = int64(c-'a') + 36
		default:
			return nil, fmt.Errorf("Encoded input contains the invalid byte b'%s' at index %d", base62Escape(c), start+i)
		}
		n.Mul(n, b62).Add(n, big.NewInt(d))
	}
	if len(digits) > 22 || n.Cmp(base62Max) > 0 {
		return nil, errors.New("Decoded number cannot fit into a `u128`")
	}
	return n, nil
}

// base62Escape is Rust's ascii::escape_default for one byte.
func base62Escape(c byte) string {
	switch c {
	case '\t':
		return `\t`
	case '\r':
		return `\r`
	case '\n':
		return `\n`
	case '\\', '\'', '"':
		return `\` + string(c)
	}
	if c >= 0x20 && c < 0x7f {
		return string(c)
	}
	return `\x` + strconv.FormatUint(uint64(c)>>4, 16) + strconv.FormatUint(uint64(c)&15, 16)
}
