package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// zip pairs up the items of two arrays, or, given one array of arrays,
// groups their items by position; the result is as long as the shortest
// input. Like upstream the call is typed infallible, although an item of
// the single array that is not an array is a run-time error.
func init() {
	Register(&Spec{
		Ident:      "zip",
		Parameters: []Param{reqParam("array_0", value.BitArray), optParam("array_1", value.BitArray)},
		Returns:    value.KindArrayAny(),
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			var arrays [][]value.Value
			if isPresent(present, 1) {
				arrays = [][]value.Value{args[0].Arr().Items, args[1].Arr().Items}
			} else {
				for _, a := range args[0].Arr().Items {
					if a.Type() != value.TypeArray {
						return value.Null, TypeError(value.BitArray, a)
					}
					arrays = append(arrays, a.Arr().Items)
				}
			}
			if len(arrays) == 0 {
				return value.ArrayValue([]value.Value{}), nil
			}
			n := len(arrays[0])
			for _, a := range arrays[1:] {
				n = min(n, len(a))
			}
			rows := make([]value.Value, n)
			for i := range rows {
				row := make([]value.Value, len(arrays))
				for k, a := range arrays {
					row[k] = a[i]
				}
				rows[i] = value.ArrayValue(row)
			}
			return value.ArrayValue(rows), nil
		},
	})
}
