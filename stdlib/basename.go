package stdlib

import "github.com/matano-go/matano/runtime/vrl/value"

// basename returns the last component of a path, or null when the path
// ends in a root or ".." (upstream's Path::file_name).
func init() {
	Register(&Spec{
		Ident:      "basename",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.Kind{Bits: value.BitBytes | value.BitNull},
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			comps := corePathComponents(lossyUTF8(args[0].Str()))
			if len(comps) == 0 {
				return value.Null, nil
			}
			last := comps[len(comps)-1]
			if last == "/" || last == "." || last == ".." {
				return value.Null, nil
			}
			return value.Bytes(last), nil
		},
	})
}
