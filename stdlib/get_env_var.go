package stdlib

import (
	"errors"
	"os"
	"unicode/utf8"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// get_env_var returns an environment variable of the process, failing
// with Rust's std::env::VarError texts when it is unset or not Unicode.
func init() {
	Register(&Spec{
		Ident:      "get_env_var",
		Parameters: []Param{reqParam("name", value.BitBytes)},
		Returns:    value.KindBytes,
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			v, ok := os.LookupEnv(lossyUTF8(args[0].Str()))
			if !ok {
				return value.Null, errors.New("environment variable not found")
			}
			if !utf8.ValidString(v) {
				return value.Null, errors.New("environment variable was not valid unicode: " + rustDebugStr(lossyUTF8(v)))
			}
			return value.Bytes(v), nil
		},
	})
}
