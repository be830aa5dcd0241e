package stdlib

import (
	"crypto/rand"
	"errors"

	"github.com/matano-go/matano/runtime/vrl/value"
)

const randomBytesMax = 64 * 1024

// randomBytesLength validates the requested length as upstream does.
func randomBytesLength(n int64) (int, error) {
	if n < 0 {
		return 0, errors.New("Length cannot be negative")
	}
	if n > randomBytesMax {
		return 0, errors.New("Length is too large. Maximum is 64k")
	}
	return int(n), nil
}

// random_bytes returns length cryptographically secure random bytes
// (at most 64 KiB). A constant out-of-range length is a compile error; a
// constant valid one makes the call infallible.
func init() {
	Register(&funcDef{
		ident:  "random_bytes",
		params: []Param{reqParam("length", value.BitInteger)},
		compile: func(args *Args) (Call, error) {
			fallible := true
			if v, ok := constArg(args, 0); ok && v.Type() == value.TypeInteger {
				if _, err := randomBytesLength(v.Int()); err != nil {
					return nil, invalidArgument(0, "length", v, err.Error())
				}
				fallible = false
			}
			return &funcCall{td: TypeDef{Kind: value.KindBytes, Fallible: fallible}, eval: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
				n, err := randomBytesLength(args[0].Int())
				if err != nil {
					return value.Null, err
				}
				b := make([]byte, n)
				rand.Read(b)
				return value.BytesFrom(b), nil
			}}, nil
		},
	})
}
