package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// dirname returns a path without its last component: "/" for the root,
// "." for a bare file name.
func init() {
	Register(&Spec{
		Ident:      "dirname",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			p := lossyUTF8(args[0].Str())
			if p == "/" {
				return value.Bytes("/"), nil
			}
			parent, ok := corePathParent(p)
			if !ok || parent == "" {
				return value.Bytes("."), nil
			}
			return value.Bytes(parent), nil
		},
	})
}
