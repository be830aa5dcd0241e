package stdlib

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// LogOutput is where log() writes, one line per call: the level and the
// value (strings as is, other values in their string form). Tests and
// embedders may replace it.
var LogOutput io.Writer = os.Stderr

// logMu serialises writes to LogOutput.
var logMu sync.Mutex

var coreLogLevels = []string{"trace", "debug", "info", "warn", "error"}

// log writes a value to LogOutput at a level (a literal, "info" by
// default) and returns null. A call site writes at most once per
// rate_limit_secs seconds (1 by default; 0 disables the limit).
func init() {
	params := []Param{
		reqParam("value", value.BitsAny),
		optParam("level", value.BitBytes),
		optParam("rate_limit_secs", value.BitInteger),
	}
	Register(&funcDef{ident: "log", params: params, compile: func(args *Args) (Call, error) {
		level, err := enumArg(args, 1, "level", coreLogLevels, "info")
		if err != nil {
			return nil, err
		}
		site := &logSite{level: level}
		return &funcCall{td: TypeDef{Kind: value.KindNull}, eval: site.log}, nil
	}})
}

// logSite is one compiled log() call and its rate-limit state.
type logSite struct {
	level string
	mu    sync.Mutex
	last  time.Time
	wrote bool
}

func (s *logSite) log(ctx *Context, args []value.Value, present []bool) (value.Value, error) {
	limit := argInt(args, present, 2, 1)
	if limit > 0 && ctx.Now != nil {
		now := ctx.Now()
		s.mu.Lock()
		suppressed := s.wrote && now.Sub(s.last) < time.Duration(limit)*time.Second
		if !suppressed {
			s.last, s.wrote = now, true
		}
		s.mu.Unlock()
		if suppressed {
			return value.Null, nil
		}
	}
	line := s.level + ": " + stringLossy(args[0]) + "\n"
	logMu.Lock()
	defer logMu.Unlock()
	_, _ = io.WriteString(LogOutput, line)
	return value.Null, nil
}
