package validate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/matano-go/matano/compiler/diag"
	"github.com/matano-go/matano/compiler/load"
)

// pythonChecker is the program python3 runs. It reads a JSON list of
// {"name", "src"} from stdin and writes one JSON result per file: the
// syntax error (from ast.parse, then compile for the errors only the
// compiler finds, such as `return` outside a function) or whether a
// top-level `detect` function exists, plus the other top-level function
// names for did-you-mean hints. One process checks every file, because
// starting Python costs more than parsing hundreds of small files.
const pythonChecker = `
import ast, json, sys

def check(name, src):
    out = {"name": name}
    try:
        tree = ast.parse(src, filename=name)
        compile(tree, name, "exec", dont_inherit=True)
    except SyntaxError as e:
        out["error"] = {
            "msg": e.msg or "invalid syntax",
            "line": e.lineno or 0,
            "col": e.offset or 0,
            "end_line": getattr(e, "end_lineno", None) or 0,
            "end_col": getattr(e, "end_offset", None) or 0,
        }
        return out
    except (ValueError, TypeError) as e:
        out["error"] = {"msg": str(e), "line": 0, "col": 0, "end_line": 0, "end_col": 0}
        return out
    funcs = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            funcs.append({"name": node.name, "line": node.lineno, "col": node.col_offset + 1})
    out["functions"] = funcs
    return out

files = json.load(sys.stdin)
json.dump({"executable": sys.executable, "results": [check(f["name"], f["src"]) for f in files]}, sys.stdout)
`

// interpreters caches, per interpreter name, the real executable the
// checker reported (sys.executable). Version managers such as pyenv put a
// shell-script shim on PATH that costs about 0.4 s per start on this
// machine, ten times the checker itself; later runs in the same process
// (tests, editor integrations, watch mode) skip it.
var interpreters sync.Map // name → executable path

func resolveInterpreter(name string) (string, error) {
	if exe, ok := interpreters.Load(name); ok {
		return exe.(string), nil
	}
	return exec.LookPath(name)
}

func rememberInterpreter(name, used, reported string) {
	if reported == "" || reported == used {
		return
	}
	if st, err := os.Stat(reported); err == nil && !st.IsDir() {
		interpreters.Store(name, reported)
	}
}

type pyFile struct {
	Name string `json:"name"`
	Src  string `json:"src"`
}

type pyResult struct {
	Name  string `json:"name"`
	Error *struct {
		Msg     string `json:"msg"`
		Line    int    `json:"line"`
		Col     int    `json:"col"`
		EndLine int    `json:"end_line"`
		EndCol  int    `json:"end_col"`
	} `json:"error"`
	Functions []struct {
		Name string `json:"name"`
		Line int    `json:"line"`
		Col  int    `json:"col"`
	} `json:"functions"`
}

// pythonTimeout bounds the checker; it parses, never runs, user code.
const pythonTimeout = time.Minute

// checkPython compiles every detect.py in one python3 process and checks
// that it defines detect. Without python3 it warns once and skips.
func checkPython(p *load.Project, interpreter string) diag.List {
	files := map[string]*diag.File{}
	var input []pyFile
	for _, d := range p.Detections {
		if d.Python == nil {
			continue
		}
		files[d.Python.Name] = d.Python
		input = append(input, pyFile{Name: d.Python.Name, Src: string(d.Python.Src)})
	}
	if len(input) == 0 {
		return nil
	}
	sort.Slice(input, func(i, j int) bool { return input[i].Name < input[j].Name })
	if interpreter == "" {
		interpreter = "python3"
	}
	path, err := resolveInterpreter(interpreter)
	if err != nil {
		return diag.List{{
			Severity: diag.Warning, Code: diag.CodePythonUnavailable,
			Summary: fmt.Sprintf("%s not found: %d detect.py files were not checked", interpreter, len(input)),
			Hint:    "install Python 3 or put python3 on PATH",
		}}
	}
	stdin, err := json.Marshal(input)
	if err != nil {
		return diag.List{{Severity: diag.Bug, Code: diag.CodePythonCheckFailed, Summary: "cannot encode detect.py files: " + err.Error()}}
	}
	ctx, cancel := context.WithTimeout(context.Background(), pythonTimeout)
	defer cancel()
	// -I: isolated mode, so the user's PYTHONPATH or site-packages cannot
	// change what the checker does; -S skips site import for speed.
	cmd := exec.CommandContext(ctx, path, "-I", "-S", "-c", pythonChecker)
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := err.Error()
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			msg = "timed out after " + pythonTimeout.String()
		}
		return diag.List{{
			Severity: diag.Error, Code: diag.CodePythonCheckFailed,
			Summary: "checking detect.py files failed: " + msg,
			Detail:  lastLines(stderr.String(), 5),
		}}
	}
	var out struct {
		Executable string     `json:"executable"`
		Results    []pyResult `json:"results"`
	}
	err = json.Unmarshal(stdout.Bytes(), &out)
	results := out.Results
	if err == nil {
		rememberInterpreter(interpreter, path, out.Executable)
	} else {
		return diag.List{{
			Severity: diag.Bug, Code: diag.CodePythonCheckFailed,
			Summary: "the Python checker returned malformed output: " + err.Error(),
		}}
	}
	var diags diag.List
	for _, r := range results {
		f := files[r.Name]
		if f == nil {
			continue
		}
		diags.Append(pythonDiagnostics(f, r))
	}
	return diags
}

func pythonDiagnostics(f *diag.File, r pyResult) diag.List {
	if e := r.Error; e != nil {
		sp := diag.Span{File: f}
		if e.Line > 0 {
			sp.Start = charOffset(f, e.Line, e.Col)
			sp.End = sp.Start
			if e.EndLine == e.Line && e.EndCol > e.Col {
				sp.End = charOffset(f, e.EndLine, e.EndCol)
			} else if sp.Start < len(f.Src) && f.Src[sp.Start] != '\n' {
				_, size := utf8.DecodeRune(f.Src[sp.Start:])
				sp.End = sp.Start + size
			}
		}
		return diag.List{{
			Severity: diag.Error, Code: diag.CodePythonSyntax,
			Summary: "Python syntax error: " + e.Msg,
			Subject: sp,
			Labels:  []diag.Label{{Span: sp, Message: e.Msg, Primary: true}},
		}}
	}
	var names []string
	for _, fn := range r.Functions {
		if fn.Name == "detect" {
			return nil
		}
		names = append(names, fn.Name)
	}
	d := diag.Diagnostic{
		Severity: diag.Error, Code: diag.CodeMissingDetect,
		Summary: "detect.py does not define a top-level detect function",
		Subject: diag.Span{File: f},
		Notes:   []string{"Matano calls detect(record) for every record of the detection's tables and alerts when it returns True"},
	}
	if s := load.Suggest("detect", names); s != "" {
		for _, fn := range r.Functions {
			if fn.Name == s {
				start := charOffset(f, fn.Line, fn.Col)
				// Point at the name after "def " / "async def ".
				if i := bytes.Index(f.Src[start:], []byte(fn.Name)); i >= 0 {
					start += i
				}
				d.Subject = diag.Span{File: f, Start: start, End: start + len(fn.Name)}
				d.Hint = fmt.Sprintf("rename %s to detect", fn.Name)
			}
		}
	} else {
		d.Hint = "define it: def detect(record): ..."
	}
	return diag.List{d}
}

// charOffset converts Python's 1-based line and character column to a
// byte offset (Python counts code points).
func charOffset(f *diag.File, line, col int) int {
	off := f.Offset(line, 1)
	for c := 1; c < col && off < len(f.Src) && f.Src[off] != '\n'; c++ {
		_, size := utf8.DecodeRune(f.Src[off:])
		off += size
	}
	return off
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
