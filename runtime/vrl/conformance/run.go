package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/matano-go/matano/runtime/vrl"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// Status is the outcome of one case.
type Status uint8

const (
	Pass Status = iota
	Fail
	Skip
)

func (s Status) String() string {
	switch s {
	case Pass:
		return "pass"
	case Fail:
		return "FAIL"
	}
	return "skip"
}

// Result is the outcome of one case, with what was expected and what came
// out when it failed.
type Result struct {
	Case   *Case
	Status Status
	// Reason says why a case failed or was skipped.
	Reason string
	Got    string
}

// Run runs one case. It never panics: a panic in the compiler, the
// interpreter or a stdlib function fails the case.
func Run(c *Case) (res Result) {
	res.Case = c
	defer func() {
		if r := recover(); r != nil {
			res.Status = Fail
			res.Reason = fmt.Sprintf("panic: %v", r)
		}
	}()
	if c.SkipReason != "" && !c.CompileOnly {
		return Result{Case: c, Status: Skip, Reason: c.SkipReason}
	}
	if c.Invalid != "" {
		return Result{Case: c, Status: Fail, Reason: c.Invalid}
	}
	comp := compile(c)
	if comp.errors {
		got := strings.TrimSpace(comp.rendered)
		want := strings.TrimSpace(c.Want)
		if c.IsExample {
			return fail(c, "compile error", got)
		}
		if (c.Approx && partialDiagnostics(got, want)) || got == want {
			return Result{Case: c, Status: Pass}
		}
		return fail(c, "compilation", got)
	}
	if c.CompileOnly {
		if c.SkipReason != "" {
			return Result{Case: c, Status: Skip, Reason: c.SkipReason}
		}
		return Result{Case: c, Status: Pass}
	}
	if c.CheckDiagnostics {
		got := strings.TrimSpace(comp.rendered)
		if (c.Approx && partialDiagnostics(got, strings.TrimSpace(c.Want))) || got == strings.TrimSpace(c.Want) {
			return Result{Case: c, Status: Pass}
		}
		return fail(c, "diagnostics", got)
	}
	if comp.warnings {
		return fail(c, "unexpected warnings", strings.TrimSpace(comp.rendered))
	}

	event, err := value.FromJSON(c.Event)
	if err != nil {
		return fail(c, "input: "+err.Error(), "")
	}
	target := &vrl.Target{
		Event:    event,
		Metadata: value.ObjectValue(value.NewObject(0)),
		Secrets:  map[string]string{"my_secret": "secret value", "datadog_api_key": "secret value"},
	}
	out, err := comp.program.Run(target, &vrl.Env{Now: time.Now, Timezone: time.UTC})
	if err == nil {
		return compareValue(c, out)
	}
	rerr, _ := err.(*vrl.Error)
	got := strings.TrimSpace(err.Error())
	want := c.Want
	if c.IsExample {
		if c.WantError == nil {
			return fail(c, "runtime error", got)
		}
		want = *c.WantError
	}
	want = strings.TrimSpace(want)
	if (c.Approx && partialDiagnostics(got, want)) || got == want {
		return Result{Case: c, Status: Pass}
	}
	if rerr != nil && rerr.Abort {
		w, ok := parseWant(want)
		if ok && jsonEqual(target.Event, w, false) {
			return Result{Case: c, Status: Pass}
		}
		return fail(c, "abort", got+"\nevent: "+string(value.AppendJSON(nil, target.Event)))
	}
	return fail(c, "runtime", got)
}

func fail(c *Case, reason, got string) Result {
	return Result{Case: c, Status: Fail, Reason: reason, Got: got}
}

// compareValue compares a successful result with the expectation.
func compareValue(c *Case, out value.Value) Result {
	got := string(value.AppendJSON(nil, out))
	if c.IsExample {
		if c.WantError != nil {
			return fail(c, "expected error "+strconv.Quote(*c.WantError), got)
		}
		w, ok := decodeJSON(c.WantJSON)
		if ok && jsonEqual(out, w, c.TypeOnly) {
			return Result{Case: c, Status: Pass}
		}
		return fail(c, "expectation", got)
	}
	want := c.Want
	var w any
	switch {
	case len(want) >= 3 && strings.HasPrefix(want, "r'") && strings.HasSuffix(want, "'"):
		pat := strings.ReplaceAll(want[2:len(want)-1], `\'`, "'")
		w = pat
		if _, err := regexp.Compile(pat); err != nil {
			w = want
		}
	case len(want) >= 3 && strings.HasPrefix(want, "t'") && strings.HasSuffix(want, "'"):
		w = want
		if t, err := time.Parse(time.RFC3339Nano, want[2:len(want)-1]); err == nil {
			w = value.FormatRFC3339(t)
		}
	case len(want) >= 3 && strings.HasPrefix(want, "s'") && strings.HasSuffix(want, "'"):
		w = want[2 : len(want)-1]
	default:
		var ok bool
		w, ok = parseWant(want)
		if !ok {
			w = want
		}
	}
	if jsonEqual(out, w, false) {
		return Result{Case: c, Status: Pass}
	}
	return fail(c, "expectation", got)
}

// parseWant parses an expectation as JSON, keeping numbers exact.
func parseWant(s string) (any, bool) {
	return decodeJSON([]byte(strings.TrimSpace(s)))
}

func decodeJSON(b []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if dec.More() {
		return nil, false
	}
	return v, true
}

// jsonEqual compares a VRL value, converted to JSON as the harness does
// (bytes → string, timestamp → RFC 3339, regex → pattern, NaN and
// infinities → null), with a decoded JSON value using serde_json's
// equality: an integer never equals a float. typeOnly compares only the
// JSON type at the top level.
func jsonEqual(v value.Value, w any, typeOnly bool) bool {
	if typeOnly {
		return jsonType(v) == wantType(w)
	}
	switch v.Type() {
	case value.TypeNull:
		return w == nil
	case value.TypeBoolean:
		b, ok := w.(bool)
		return ok && b == v.Bool()
	case value.TypeBytes:
		s, ok := w.(string)
		return ok && s == strings.ToValidUTF8(v.Str(), "\uFFFD")
	case value.TypeTimestamp:
		s, ok := w.(string)
		return ok && s == value.FormatRFC3339(v.Time())
	case value.TypeRegex:
		s, ok := w.(string)
		return ok && s == v.Re().Pattern
	case value.TypeInteger:
		n, ok := w.(json.Number)
		if !ok || isFloatLiteral(string(n)) {
			return false
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		return err == nil && i == v.Int()
	case value.TypeFloat:
		f := v.Flt()
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return w == nil
		}
		n, ok := w.(json.Number)
		if !ok {
			return false
		}
		if !isFloatLiteral(string(n)) {
			// serde_json keeps integers that fit 64 bits as integers.
			if _, err := strconv.ParseInt(string(n), 10, 64); err == nil {
				return false
			}
			if _, err := strconv.ParseUint(string(n), 10, 64); err == nil {
				return false
			}
		}
		x, err := strconv.ParseFloat(string(n), 64)
		return err == nil && x == f
	case value.TypeArray:
		a, ok := w.([]any)
		items := v.Arr().Items
		if !ok || len(a) != len(items) {
			return false
		}
		for i := range items {
			if !jsonEqual(items[i], a[i], false) {
				return false
			}
		}
		return true
	case value.TypeObject:
		m, ok := w.(map[string]any)
		o := v.Obj()
		if !ok || len(m) != o.Len() {
			return false
		}
		for _, e := range o.Entries() {
			x, ok := m[e.Key]
			if !ok || !jsonEqual(e.Value, x, false) {
				return false
			}
		}
		return true
	}
	return false
}

func isFloatLiteral(s string) bool { return strings.ContainsAny(s, ".eE") }

func jsonType(v value.Value) string {
	switch v.Type() {
	case value.TypeNull:
		return "null"
	case value.TypeBoolean:
		return "bool"
	case value.TypeInteger, value.TypeFloat:
		if v.Type() == value.TypeFloat && (math.IsInf(v.Flt(), 0) || math.IsNaN(v.Flt())) {
			return "null"
		}
		return "number"
	case value.TypeArray:
		return "array"
	case value.TypeObject:
		return "object"
	}
	return "string"
}

func wantType(w any) string {
	switch w.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case json.Number:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "string"
}

// partialDiagnostics is the `result: ~` comparison: the got lines that
// start with "error[E" are zipped with the expected lines, and each must
// contain its expected line.
func partialDiagnostics(got, want string) bool {
	var errs []string
	for _, l := range strings.Split(got, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "error[E") {
			errs = append(errs, l)
		}
	}
	wl := strings.Split(strings.TrimSpace(want), "\n")
	for i := 0; i < len(errs) && i < len(wl); i++ {
		if !strings.Contains(errs[i], wl[i]) {
			return false
		}
	}
	return true
}
