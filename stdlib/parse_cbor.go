package stdlib

import (
	"fmt"
	"math"
	"math/big"
	"reflect"
	"time"

	"github.com/fxamacker/cbor/v2"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_cbor decodes one CBOR data item (RFC 8949) into a VRL value: text
// and byte strings to strings, integers to integers (floats beyond i64),
// floats, booleans, null/undefined to null, arrays, and maps with string
// keys to objects. Tags are transparent: the tagged content is returned,
// with two exceptions the decoder library imposes: the date/time tags 0
// and 1 both become RFC 3339 strings (upstream returns tag 1's epoch
// number as is), and bignums (tags 2 and 3) become floats.
func init() {
	Register(&Spec{
		Ident:      "parse_cbor",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindJSON(),
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			var x any
			if err := cborDecMode.Unmarshal([]byte(args[0].Str()), &x); err != nil {
				return value.Null, fmt.Errorf("unable to parse cbor: %s", err)
			}
			v, err := cborValue(x)
			if err != nil {
				return value.Null, fmt.Errorf("unable to parse cbor: %s", err)
			}
			return v, nil
		},
	})
}

var cborDecMode = func() cbor.DecMode {
	m, err := cbor.DecOptions{
		DefaultMapType:        reflect.TypeOf(map[any]any(nil)),
		UnrecognizedTagToAny:  cbor.UnrecognizedTagContentToAny,
		TimeTagToAny:          cbor.TimeTagToRFC3339Nano,
		BigIntDec:             cbor.BigIntDecodeValue,
		MaxNestedLevels:       256,
		ExtraReturnErrors:     cbor.ExtraDecErrorNone,
		DupMapKey:             cbor.DupMapKeyQuiet,
		IntDec:                cbor.IntDecConvertNone,
		DefaultByteStringType: reflect.TypeOf([]byte(nil)),
	}.DecMode()
	if err != nil {
		panic(err)
	}
	return m
}()

func cborValue(x any) (value.Value, error) {
	switch t := x.(type) {
	case nil:
		return value.Null, nil
	case bool:
		return value.Boolean(t), nil
	case string:
		return value.Bytes(t), nil
	case []byte:
		return value.BytesFrom(t), nil
	case uint64:
		if t > math.MaxInt64 {
			return value.Float(float64(t)), nil
		}
		return value.Integer(int64(t)), nil
	case int64:
		return value.Integer(t), nil
	case float64:
		return value.Float(t), nil
	case float32:
		return value.Float(float64(t)), nil
	case big.Int:
		f, _ := new(big.Float).SetInt(&t).Float64()
		return value.Float(f), nil
	case *big.Int:
		f, _ := new(big.Float).SetInt(t).Float64()
		return value.Float(f), nil
	case time.Time:
		return value.Bytes(t.Format(time.RFC3339Nano)), nil
	case cbor.Tag:
		return cborValue(t.Content)
	case cbor.SimpleValue:
		return value.Integer(int64(t)), nil
	case []any:
		items := make([]value.Value, len(t))
		for i, e := range t {
			v, err := cborValue(e)
			if err != nil {
				return value.Null, err
			}
			items[i] = v
		}
		return value.ArrayValue(items), nil
	case map[any]any:
		o := value.NewObject(len(t))
		for k, e := range t {
			ks, ok := k.(string)
			if !ok {
				return value.Null, fmt.Errorf("invalid type: map key %v, expected a string", k)
			}
			v, err := cborValue(e)
			if err != nil {
				return value.Null, err
			}
			o.Set(ks, v)
		}
		return value.ObjectValue(o), nil
	}
	return value.Null, fmt.Errorf("unsupported CBOR item %T", x)
}
