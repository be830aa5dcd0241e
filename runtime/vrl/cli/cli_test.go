package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRunCommand pins the output contract of `matano vrl run`.
func TestRunCommand(t *testing.T) {
	prog := write(t, "p.vrl", `
if .n == 3 { abort "three" }
.seen = true
x, err = 10 / .n
if err != null { .err = err }
.f = 1.0
x
`)
	input := write(t, "in.jsonl", "{\"n\": 2}\n\n{\"n\": 0}\n{\"n\": 3}\n")
	var out, errOut bytes.Buffer
	code := RunCommand(prog, input, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d, stderr: %s", code, errOut.String())
	}
	want := `{"result": 5.0, "event": {"f":1.0,"n":2,"seen":true}}
{"result": 0.0, "event": {"err":"can't divide by zero","f":1.0,"n":0,"seen":true}}
{"error": "three", "aborted": true, "event": {"n":3}}
`
	if out.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestRunCommandNoInput(t *testing.T) {
	prog := write(t, "p.vrl", `.a = "x"; now() > t'2000-01-01T00:00:00Z'`)
	var out, errOut bytes.Buffer
	if code := RunCommand(prog, "", &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if got := out.String(); got != "{\"result\": true, \"event\": {\"a\":\"x\"}}\n" {
		t.Errorf("stdout = %q", got)
	}
}

func TestRunCommandRuntimeError(t *testing.T) {
	prog := write(t, "p.vrl", `to_int!(.s)`)
	input := write(t, "in.jsonl", `{"s": "x"}`+"\n")
	var out, errOut bytes.Buffer
	if code := RunCommand(prog, input, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	want := `{"error": "function call error for \"to_int\" at (0:11): Invalid integer \"x\": invalid digit found in string", "aborted": false, "event": {"s":"x"}}` + "\n"
	if out.String() != want {
		t.Errorf("stdout = %s\nwant     %s", out.String(), want)
	}
}

func TestRunCommandCompileError(t *testing.T) {
	prog := write(t, "p.vrl", `to_int(.s)`)
	var out, errOut bytes.Buffer
	if code := RunCommand(prog, "", &out, &errOut); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if out.Len() != 0 || !strings.Contains(errOut.String(), "error[E100]") {
		t.Errorf("stdout %q, stderr %q", out.String(), errOut.String())
	}
}

func TestRunCommandBadInputLine(t *testing.T) {
	prog := write(t, "p.vrl", `.`)
	input := write(t, "in.jsonl", "{\"a\":1}\nnot json\n")
	var out, errOut bytes.Buffer
	if code := RunCommand(prog, input, &out, &errOut); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], `{"error": "`) || !strings.Contains(lines[1], `invalid JSON`) {
		t.Errorf("stdout = %s", out.String())
	}
}

func TestCheckCommand(t *testing.T) {
	good := write(t, "good.vrl", `.a = 1`)
	bad := write(t, "bad.vrl", `.a = upcase(.b)`)
	var out bytes.Buffer
	if code := CheckCommand(good, &out, false); code != 0 || out.Len() != 0 {
		t.Errorf("good: exit %d, output %q", code, out.String())
	}
	out.Reset()
	if code := CheckCommand(bad, &out, false); code != 1 {
		t.Errorf("bad: exit %d", code)
	}
	if !strings.Contains(out.String(), "error[E103]") || !strings.Contains(out.String(), "bad.vrl:1:") {
		t.Errorf("bad: output %s", out.String())
	}
}
