package stdlib

import (
	"math"
	"strconv"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// coreHashKey encodes v so that two values get the same key exactly when
// value.Equal holds (types distinguished, 0.0 and -0.0 alike), for
// deduplicating with a map instead of comparing every pair.
func coreHashKey(v value.Value) string {
	var b strings.Builder
	coreWriteHashKey(&b, v)
	return b.String()
}

func coreWriteHashKey(b *strings.Builder, v value.Value) {
	switch v.Type() {
	case value.TypeBytes:
		b.WriteString("s" + strconv.Itoa(len(v.Str())) + ":" + v.Str())
	case value.TypeInteger:
		b.WriteString("i" + strconv.FormatInt(v.Int(), 10) + ";")
	case value.TypeFloat:
		f := v.Flt()
		if f == 0 {
			f = 0 // fold -0.0 into 0.0
		}
		b.WriteString("f" + strconv.FormatUint(math.Float64bits(f), 16) + ";")
	case value.TypeBoolean:
		b.WriteString("b" + strconv.FormatBool(v.Bool()) + ";")
	case value.TypeTimestamp:
		t := v.Time()
		b.WriteString("t" + strconv.FormatInt(t.Unix(), 10) + "." + strconv.Itoa(t.Nanosecond()) + ";")
	case value.TypeRegex:
		p := v.Re().Pattern
		b.WriteString("r" + strconv.Itoa(len(p)) + ":" + p)
	case value.TypeArray:
		b.WriteString("[" + strconv.Itoa(v.Arr().Len()) + ":")
		for _, item := range v.Arr().Items {
			coreWriteHashKey(b, item)
		}
	case value.TypeObject:
		b.WriteString("{" + strconv.Itoa(v.Obj().Len()) + ":")
		for _, e := range v.Obj().Entries() {
			b.WriteString(strconv.Itoa(len(e.Key)) + ":" + e.Key)
			coreWriteHashKey(b, e.Value)
		}
	default:
		b.WriteString("n;")
	}
}
