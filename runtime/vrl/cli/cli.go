// Package cli implements the logic of `matano vrl run` and `matano vrl
// check`; cmd/matano parses the flags and calls RunCommand and
// CheckCommand.
package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/matano-go/matano/compiler/vrl/check"
	"github.com/matano-go/matano/runtime/vrl"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// checkConfig is the configuration both commands compile with: VRL's
// defaults, unused-expression warnings included.
func checkConfig() check.Config { return check.Config{UnusedWarnings: true} }

// RunCommand runs the program at programPath once per line of the JSON
// Lines file inputPath ("-" for standard input; once with {} when
// inputPath is empty) and writes one JSON line per event to stdout:
//
//	{"result": V, "event": E}
//	{"error": "<VRL runtime error>", "aborted": true|false, "event": E}
//
// Values are converted to JSON as VRL's test harness does (see
// value.AppendJSON). Diagnostics go to stderr; a program that does not
// compile exits 1 without reading the input. A line that is not valid JSON
// produces an error line and makes the exit code 1; runtime errors and
// aborts are results, not failures (exit 0).
func RunCommand(programPath, inputPath string, stdout, stderr io.Writer) int {
	src, err := os.ReadFile(programPath)
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return 1
	}
	prog, diags := vrl.CompileSource(programPath, src, checkConfig())
	if len(diags) > 0 {
		io.WriteString(stderr, vrl.RenderDiagnostics(diags, false))
	}
	if prog == nil {
		return 1
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	env := &vrl.Env{Now: time.Now, Timezone: time.UTC}
	if inputPath == "" {
		writeRun(out, prog, value.ObjectValue(value.NewObject(0)), env)
		return 0
	}
	var in io.Reader
	if inputPath == "-" {
		in = os.Stdin
	} else {
		f, err := os.Open(inputPath)
		if err != nil {
			fmt.Fprintf(stderr, "error: %v\n", err)
			return 1
		}
		defer f.Close()
		in = f
	}
	code := 0
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		event, err := value.FromJSON(line)
		if err != nil {
			code = 1
			writeError(out, fmt.Sprintf("%s:%d: invalid JSON: %v", inputPath, lineNo, err), false, value.Null)
			continue
		}
		writeRun(out, prog, event, env)
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(stderr, "error: reading %s: %v\n", inputPath, err)
		return 1
	}
	return code
}

func writeRun(out *bufio.Writer, prog *vrl.Program, event value.Value, env *vrl.Env) {
	target := &vrl.Target{Event: event, Metadata: value.ObjectValue(value.NewObject(0))}
	res, err := prog.Run(target, env)
	if err != nil {
		abort := false
		if e, ok := err.(*vrl.Error); ok {
			abort = e.Abort
		}
		writeError(out, err.Error(), abort, target.Event)
		return
	}
	b := append([]byte(`{"result": `), value.AppendJSON(nil, res)...)
	b = append(b, `, "event": `...)
	b = value.AppendJSON(b, target.Event)
	b = append(b, "}\n"...)
	out.Write(b)
}

func writeError(out *bufio.Writer, msg string, abort bool, event value.Value) {
	b := append([]byte(`{"error": `), value.AppendJSON(nil, value.Bytes(msg))...)
	if abort {
		b = append(b, `, "aborted": true`...)
	} else {
		b = append(b, `, "aborted": false`...)
	}
	b = append(b, `, "event": `...)
	b = value.AppendJSON(b, event)
	b = append(b, "}\n"...)
	out.Write(b)
}

// CheckCommand compiles the program at path and prints its diagnostics
// (with ANSI colours when color is set). It returns 1 when there are
// errors, 0 otherwise (warnings alone do not fail).
func CheckCommand(path string, stdout io.Writer, color bool) int {
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(stdout, "error: %v\n", err)
		return 1
	}
	_, diags := vrl.CompileSource(path, src, checkConfig())
	if len(diags) > 0 {
		io.WriteString(stdout, vrl.RenderDiagnostics(diags, color))
	}
	if diags.HasErrors() {
		return 1
	}
	return 0
}
