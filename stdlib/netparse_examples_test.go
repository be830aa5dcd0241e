package stdlib

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// This file runs the upstream examples (shared/vrl-tests/function_examples.jsonl)
// of the parsing and network functions through a tiny evaluator that
// understands what those examples use: calls (with `!`), keyword arguments,
// literals, `name = expr` statements and variables. It lets the examples
// run before the real parser and interpreter exist.

const netparseCorpus = "../../shared/vrl-tests"

// netparseFunctions are the functions whose examples this file runs.
var netparseFunctions = map[string]bool{
	"parse_aws_alb_log": true, "parse_aws_cloudwatch_log_subscription_message": true,
	"parse_aws_vpc_flow_log": true, "parse_url": true, "parse_query_string": true,
	"parse_duration": true, "parse_bytes": true, "parse_int": true, "parse_float": true,
	"parse_xml": true, "parse_yaml": true, "parse_cbor": true, "parse_etld": true,
	"parse_user_agent": true, "parse_proto": true, "encode_proto": true,
	"community_id": true, "ip_aton": true, "ip_ntoa": true, "ip_ntop": true, "ip_pton": true,
	"ip_cidr_contains": true, "ip_subnet": true, "ip_to_ipv6": true, "ipv6_to_ipv4": true,
	"is_ipv4": true, "is_ipv6": true, "encrypt_ip": true, "decrypt_ip": true,
}

type netparseExample struct {
	Function string          `json:"function"`
	Title    string          `json:"title"`
	Source   string          `json:"source"`
	Expected json.RawMessage `json:"expected"`
	Error    *string         `json:"error"`
	Skip     bool            `json:"skip"`
	Line     int             `json:"line"`
}

func TestNetparseUpstreamExamples(t *testing.T) {
	f, err := os.Open(filepath.Join(netparseCorpus, "function_examples.jsonl"))
	if err != nil {
		t.Skipf("conformance corpus not available: %v", err)
	}
	defer f.Close()
	// Upstream names data files relative to its repository root.
	defer func(orig func(string) ([]byte, error)) { ReadDataFile = orig }(ReadDataFile)
	desc := writeTestDescriptor(t)
	ReadDataFile = func(path string) ([]byte, error) {
		if strings.HasPrefix(path, "tests/data/protobuf/") {
			return os.ReadFile(desc) // an equivalent descriptor built by the test
		}
		return os.ReadFile(filepath.Join(netparseCorpus, strings.TrimPrefix(path, "lib/tests/tests/")))
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	ran := 0
	for sc.Scan() {
		var ex netparseExample
		if err := json.Unmarshal(sc.Bytes(), &ex); err != nil {
			t.Fatal(err)
		}
		if !netparseFunctions[ex.Function] || ex.Skip {
			continue
		}
		if _, ok := Lookup(ex.Function); !ok {
			t.Errorf("%s: not registered", ex.Function)
			continue
		}
		ran++
		t.Run(fmt.Sprintf("%s/%d", ex.Function, ex.Line), func(t *testing.T) {
			got, err := netparseRun(ex.Source)
			if ex.Error != nil {
				want := *ex.Error
				if i := strings.Index(want, "): "); i >= 0 && strings.HasPrefix(want, "function call error") {
					want = want[i+3:]
				}
				if err == nil {
					t.Fatalf("source %q: want error %q, got %s", ex.Source, want, value.AppendJSON(nil, got))
				}
				if err.Error() != want {
					t.Fatalf("source %q:\nwant error %q\ngot  error %q", ex.Source, want, err.Error())
				}
				return
			}
			if err != nil {
				t.Fatalf("source %q: %v", ex.Source, err)
			}
			if g, w := netparseCanonJSON(t, value.AppendJSON(nil, got)), netparseCanonJSON(t, ex.Expected); g != w {
				t.Fatalf("source %q:\nwant %s\ngot  %s", ex.Source, w, g)
			}
		})
	}
	if ran == 0 {
		t.Fatal("no examples ran")
	}
}

// netparseCanonJSON re-encodes JSON with sorted keys, keeping number text
// (so 1 and 1.0 stay distinct).
func netparseCanonJSON(t *testing.T, b []byte) string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		t.Fatalf("bad json %s: %v", b, err)
	}
	out, _ := json.Marshal(x)
	return string(out)
}

// netparseEval evaluates a call of a registered function on constant
// arguments, as the interpreter will: compile (with every argument a
// literal), check argument kinds, then eval.
func netparseEval(name string, pos []value.Value, kw map[string]value.Value) (value.Value, error) {
	args := make([]any, 0, len(pos)+len(kw))
	for _, v := range pos {
		args = append(args, v)
	}
	for k, v := range kw {
		args = append(args, kwArg{k, v})
	}
	lc, err := compileLiterals(name, args, false)
	if err != nil {
		return value.Null, err
	}
	if lc.compileErr != nil {
		return value.Null, fmt.Errorf("compile: %w", lc.compileErr)
	}
	if lc.kindErr != nil {
		return value.Null, lc.kindErr
	}
	ctx := &Context{Now: func() time.Time { return time.Date(2021, 2, 3, 4, 5, 6, 0, time.UTC) }}
	out, err := lc.call.Eval(ctx, lc.vals, lc.present)
	if err == nil {
		if k := lc.call.TypeDef().Kind; k.Bits != 0 && value.KindOf(out).Bits&k.Bits == 0 {
			return value.Null, fmt.Errorf("%s returned %s outside its type %s", name, out.Type(), k)
		}
	}
	return out, err
}

// netparseRun evaluates a small VRL program: statements separated by
// newlines or `;`, each `ident = expr` or an expression.
func netparseRun(src string) (value.Value, error) {
	p := &netparseParser{src: src, vars: map[string]value.Value{}}
	var last value.Value
	for {
		p.skipSpace(true)
		if p.pos >= len(p.src) {
			return last, nil
		}
		start := p.pos
		if id := p.ident(); id != "" {
			p.skipSpace(false)
			if p.peek() == '=' && !strings.HasPrefix(p.src[p.pos:], "==") {
				p.pos++
				v, err := p.expr()
				if err != nil {
					return value.Null, err
				}
				p.vars[id] = v
				last = v
				continue
			}
		}
		p.pos = start
		v, err := p.expr()
		if err != nil {
			return value.Null, err
		}
		last = v
	}
}

type netparseParser struct {
	src  string
	pos  int
	vars map[string]value.Value
}

func (p *netparseParser) peek() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *netparseParser) skipSpace(newlines bool) {
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == ' ' || c == '\t' || c == '\r' || ((c == '\n' || c == ';') && newlines) {
			p.pos++
			continue
		}
		if c == '#' {
			for p.pos < len(p.src) && p.src[p.pos] != '\n' {
				p.pos++
			}
			continue
		}
		return
	}
}

func (p *netparseParser) ident() string {
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || (p.pos > start && c >= '0' && c <= '9') {
			p.pos++
			continue
		}
		break
	}
	return p.src[start:p.pos]
}

func (p *netparseParser) expect(c byte) error {
	p.skipSpace(true)
	if p.peek() != c {
		return fmt.Errorf("expected %q at %d in %q", c, p.pos, p.src)
	}
	p.pos++
	return nil
}

func (p *netparseParser) expr() (value.Value, error) {
	p.skipSpace(true)
	c := p.peek()
	switch {
	case c == '"':
		return p.str()
	case c == 's' && strings.HasPrefix(p.src[p.pos:], "s'"):
		p.pos += 2
		end := strings.IndexByte(p.src[p.pos:], '\'')
		if end < 0 {
			return value.Null, fmt.Errorf("unterminated raw string")
		}
		s := p.src[p.pos : p.pos+end]
		p.pos += end + 1
		return value.Bytes(s), nil
	case c == '-' || c >= '0' && c <= '9':
		start := p.pos
		p.pos++
		for p.pos < len(p.src) && strings.IndexByte("0123456789._eE", p.src[p.pos]) >= 0 {
			p.pos++
		}
		text := strings.ReplaceAll(p.src[start:p.pos], "_", "")
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			return value.Integer(i), nil
		}
		f, err := strconv.ParseFloat(text, 64)
		return value.Float(f), err
	case c == '[':
		p.pos++
		var items []value.Value
		for {
			p.skipSpace(true)
			if p.peek() == ']' {
				p.pos++
				return value.ArrayValue(items), nil
			}
			v, err := p.expr()
			if err != nil {
				return value.Null, err
			}
			items = append(items, v)
			p.skipSpace(true)
			if p.peek() == ',' {
				p.pos++
			}
		}
	case c == '{':
		p.pos++
		o := value.NewObject(4)
		for {
			p.skipSpace(true)
			if p.peek() == '}' {
				p.pos++
				return value.ObjectValue(o), nil
			}
			k, err := p.str()
			if err != nil {
				return value.Null, err
			}
			if err := p.expect(':'); err != nil {
				return value.Null, err
			}
			v, err := p.expr()
			if err != nil {
				return value.Null, err
			}
			o.Set(k.Str(), v)
			p.skipSpace(true)
			if p.peek() == ',' {
				p.pos++
			}
		}
	}
	id := p.ident()
	switch id {
	case "":
		return value.Null, fmt.Errorf("unexpected %q at %d in %q", c, p.pos, p.src)
	case "true":
		return value.True, nil
	case "false":
		return value.False, nil
	case "null":
		return value.Null, nil
	}
	if p.peek() == '!' {
		p.pos++
	}
	if p.peek() != '(' {
		v, ok := p.vars[id]
		if !ok {
			return value.Null, fmt.Errorf("undefined variable %s", id)
		}
		return v, nil
	}
	p.pos++
	var pos []value.Value
	kw := map[string]value.Value{}
	for {
		p.skipSpace(true)
		if p.peek() == ')' {
			p.pos++
			break
		}
		save := p.pos
		name := p.ident()
		p.skipSpace(false)
		if name != "" && p.peek() == ':' {
			p.pos++
			v, err := p.expr()
			if err != nil {
				return value.Null, err
			}
			kw[name] = v
		} else {
			p.pos = save
			v, err := p.expr()
			if err != nil {
				return value.Null, err
			}
			pos = append(pos, v)
		}
		p.skipSpace(true)
		if p.peek() == ',' {
			p.pos++
		}
	}
	return netparseEval(id, pos, kw)
}

func (p *netparseParser) str() (value.Value, error) {
	p.skipSpace(true)
	if p.peek() != '"' {
		return value.Null, fmt.Errorf("expected string at %d in %q", p.pos, p.src)
	}
	p.pos++
	var b strings.Builder
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		p.pos++
		switch c {
		case '"':
			return value.Bytes(b.String()), nil
		case '\\':
			e := p.src[p.pos]
			p.pos++
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '0':
				b.WriteByte(0)
			default:
				b.WriteByte(e)
			}
		default:
			b.WriteByte(c)
		}
	}
	return value.Null, fmt.Errorf("unterminated string")
}
