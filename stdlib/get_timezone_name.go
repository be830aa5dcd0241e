package stdlib

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// get_timezone_name returns the name of the runtime's default time zone
// ("UTC" unless configured): an IANA name, or for the machine's local zone
// the name the system gives it (TZ, or the /etc/localtime link).
func init() {
	Register(&Spec{
		Ident:   "get_timezone_name",
		Returns: value.KindBytes,
		CanFail: true,
		Impl: func(ctx *Context, _ []value.Value, _ []bool) (value.Value, error) {
			loc := ctx.Timezone
			if loc == nil {
				return value.Bytes("UTC"), nil
			}
			if loc != time.Local {
				return value.Bytes(loc.String()), nil
			}
			return value.Bytes(localZoneName(ctx)), nil
		},
	})
}

// localZoneName names the machine's zone, falling back to its current UTC
// offset ("+02:00") as upstream does.
func localZoneName(ctx *Context) string {
	if tz := os.Getenv("TZ"); tz != "" {
		return strings.TrimPrefix(tz, ":")
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if _, name, ok := strings.Cut(filepath.ToSlash(target), "zoneinfo/"); ok {
			return name
		}
	}
	var now time.Time
	if ctx.Now != nil {
		now = ctx.Now()
	}
	return now.In(time.Local).Format("-07:00")
}
