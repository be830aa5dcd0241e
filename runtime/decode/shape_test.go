package decode

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// shapeLines are texts for the learned shapes (shape.go): each kind of
// object the trie can meet, and each way out of its fast paths. They are
// parsed in several orders by one parser, which must give what a fresh
// parser gives for every one of them: the learned state may change the
// speed, never the result or the error.
var shapeLines = []string{
	// Two shapes alternating at one place, keys out of order, nested
	// objects and arrays of objects.
	`{"type":"A","arn":"x","accountId":"1","sessionContext":{"b":1,"a":2},"list":[{"z":1,"y":2},{"y":3,"z":4}]}`,
	`{"type":"B","arn":"y","userName":"u","accountId":"2","sessionContext":{"b":3,"a":4},"list":[{"z":5,"y":6}]}`,
	// Already sorted; the same keys in another order; a prefix of a
	// learned sequence; a longer sequence through the same keys.
	`{"a":1,"b":2,"c":3}`, `{"c":1,"b":2,"a":3}`, `{"c":1,"b":2}`, `{"c":1,"b":2,"a":3,"0":4}`,
	// Duplicates, learned as sequences that sort every time.
	`{"c":1,"b":2,"c":3}`, `{"c":1,"c":2}`,
	// A key that is a prefix of another, and the other way round.
	`{"ab":1,"abc":2}`, `{"abc":1,"ab":2}`, `{"abcd":1}`, `{"a":1}`,
	// Keys around the inline compare's 16 and 24 bytes (with `":`),
	// and longer.
	`{"k234567890123":1,"k2345678901234":2,"k23456789012345":3}`,
	`{"k234567890123456789012":1,"k2345678901234567890123":2,"k23456789012345678901234567890":3}`,
	`{"k23456789012345678901234567890":1,"k23456789012345678901234567891":2}`,
	// Keys next to the end of the text (no room for the word loads).
	`{"type":"A"}`, `{"arn":1}`, `{"k2345678901234567890123":{}}`,
	// Whitespace around the colon, escapes in keys (the escaped key
	// equals a learned one), raw control bytes and invalid UTF-8.
	`{"type" :"A","arn": "x"}`, "{\"type\"\t:\"A\"}", `{"t\u0079pe":"A","arn":"x"}`, `{"a\"b":1,"type":"A"}`,
	"{\"k\x01\":1,\"\xff\":2}", "{\"k\x01\":3,\"\xff\":4}",
	// Errors after a learned key: the same messages and offsets.
	`{"type":`, `{"type"`, `{"type":"A"`, `{"type":"A",`, `{"type":"A","arn"}`, `{"type":}`, `{"type":"A" "arn":1}`,
	`{"type":"A","arn":"x","accountId":"1","sessionContext":{"b":1,"a"`, `{"ty`, `{"type":"A\`, `{"type":"\u12"}`,
	// Objects on either side of the stack buffers' sizes.
	`{"h":1,"g":2,"f":3,"e":4,"d":5,"c":6,"b":7,"a":8}`, `{"h":1,"g":2,"f":3,"e":4,"d":5,"c":6,"b":7,"a":8,"i":9}`,
	// Backslashes before, inside and after strings (strEnd).
	`{"a":"x\\y","b":"z","c":"\"q\""}`, `{"a":"x","b":"\\","c":"w"}`, `["\\","a","\"",""]`, `"\\"`, `"a\\`,
	`[[{"b":1,"a":2}],[{"a":1,"b":2}],[]]`, `{}`, `[]`,
}

// learnedParser returns a parser that has parsed every line of
// shapeLines.
func learnedParser() *jsonParser {
	p := new(jsonParser)
	for _, l := range shapeLines {
		p.parse(l)
	}
	return p
}

// parseResult renders a parse for comparison: the JSON of the value or
// the error.
func parseResult(p *jsonParser, s string) string {
	v, err := p.parse(s)
	if err != nil {
		return "error: " + err.Error()
	}
	return string(value.AppendJSON(nil, v))
}

func TestShapeLearnedParse(t *testing.T) {
	p := learnedParser()
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 4 {
		order := rng.Perm(len(shapeLines))
		for _, k := range order {
			l := shapeLines[k]
			want := parseResult(new(jsonParser), l)
			if got := parseResult(p, l); got != want {
				t.Errorf("round %d: %q:\n got %s\nwant %s", round, l, got, want)
			}
		}
	}
	if p.root.keys.first == nil || p.root.keys.closed {
		t.Fatalf("the root's first keys: %+v, want some learned", p.root.keys)
	}
}

// TestShapeRecognised checks that the second object of a shape is parsed
// through the trie: its keys are the learned copies, not substrings of
// the text, and the learned orders apply.
func TestShapeRecognised(t *testing.T) {
	var p jsonParser
	first := `{"type":"A","arn":"x","sessionContext":{"b":1,"a":2},"k23456789012345678901234567890":[{"z":1,"y":2}]}`
	if _, err := p.parse(first); err != nil {
		t.Fatal(err)
	}
	second := strings.Replace(first, `"A"`, `"B"`, 1)
	v, err := p.parse(second)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(value.AppendJSON(nil, v)), parseResult(new(jsonParser), second); got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	in := func(k string) bool {
		base, ptr := uintptr(unsafe.Pointer(unsafe.StringData(second))), uintptr(unsafe.Pointer(unsafe.StringData(k)))
		return ptr >= base && ptr < base+uintptr(len(second))
	}
	var walk func(v value.Value)
	walk = func(v value.Value) {
		switch v.Type() {
		case value.TypeObject:
			for _, e := range v.Obj().Entries() {
				if in(e.Key) {
					t.Errorf("key %q is a substring of the text: not recognised", e.Key)
				}
				walk(e.Value)
			}
		case value.TypeArray:
			for _, it := range v.Arr().Items {
				walk(it)
			}
		}
	}
	walk(v)
	for n := p.root.keys.first; n != nil; n = n.next.first {
		if n.next.first == nil && n.order != orderPermuted {
			t.Errorf("root's last key %q: order %d, want orderPermuted", n.key, n.order)
		}
	}
}

// TestShapeLimits feeds objects used as maps (a new key in every record)
// and checks that the trie stays within its limits, that a full list of
// alternatives is closed, and that the results stay right once it stops
// learning.
func TestShapeLimits(t *testing.T) {
	var p jsonParser
	for i := range 3000 {
		l := fmt.Sprintf(`{"user%d":{"id%d":%d,"x":[{"k%d":1}]},"a":%d}`, i, i, i, i, i)
		if got, want := parseResult(&p, l), parseResult(new(jsonParser), l); got != want {
			t.Fatalf("%s: got %s, want %s", l, got, want)
		}
	}
	if p.root.keys.first != nil || !p.root.keys.closed {
		t.Errorf("the root's first keys: %+v, want an empty closed list", p.root.keys)
	}
	p = jsonParser{}
	// Sequences of keys chosen among maxKeyAlts at each index: enough
	// of them to reach the node limit.
	rng := rand.New(rand.NewPCG(9, 10))
	for range 2000 {
		var b strings.Builder
		b.WriteString(`{"user0":{`)
		for k := range 8 {
			fmt.Fprintf(&b, `"f%d_%d":%d,`, k, rng.IntN(maxKeyAlts), k)
		}
		b.WriteString(`"z":0},"a":1}`)
		l := b.String()
		if got, want := parseResult(&p, l), parseResult(new(jsonParser), l); got != want {
			t.Fatalf("%s: got %s, want %s", l, got, want)
		}
	}
	if p.shapeNodes > maxShapeNodes {
		t.Errorf("%d nodes, want at most %d", p.shapeNodes, maxShapeNodes)
	}
	if p.shapeNodes < maxShapeNodes-8 {
		t.Errorf("%d nodes: the limit was not reached, the test is too small", p.shapeNodes)
	}
	// Known shapes still parse through the trie, new ones the general way.
	for _, l := range shapeLines {
		if got, want := parseResult(&p, l), parseResult(new(jsonParser), l); got != want {
			t.Errorf("%q: got %s, want %s", l, got, want)
		}
	}
}

// TestPermCycles checks the cycle lists learned orders are applied with
// against the permutations they come from.
func TestPermCycles(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 1; n <= stackFields; n++ {
		for range 20 {
			perm := make([]int32, n)
			for i, j := range rng.Perm(n) {
				perm[i] = int32(j)
			}
			got := make([]int, n)
			for i := range got {
				got[i] = i
			}
			for c := permCycles(perm, nil); len(c) > 0; {
				k := int(c[0])
				cyc := c[1 : 1+k]
				c = c[1+k:]
				if k < 2 {
					t.Fatalf("cycle of length %d", k)
				}
				first := got[cyc[0]]
				for t := 1; t < k; t++ {
					got[cyc[t-1]] = got[cyc[t]]
				}
				got[cyc[k-1]] = first
			}
			for i := range got {
				if got[i] != int(perm[i]) {
					t.Fatalf("perm %v: got %v", perm, got)
				}
			}
		}
	}
}

// TestStrEnd compares strEnd, called forward through a text as the
// parser does, and quoteIndex with byte loops, for quotes and
// backslashes at every position around the word boundaries.
func TestStrEnd(t *testing.T) {
	naive := func(s string, i int, bs bool) int {
		for ; i < len(s); i++ {
			if s[i] == '"' || bs && s[i] == '\\' {
				return i
			}
		}
		return len(s)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 5000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			switch r := rng.IntN(20); {
			case r == 0:
				b[i] = '"'
			case r == 1:
				b[i] = '\\'
			case r == 2:
				b[i] = '"' ^ 0x80
			default:
				b[i] = byte('a' + rng.IntN(26))
			}
		}
		s := string(b)
		var p jsonParser
		p.s, p.bs = s, indexByte(s, 0, '\\')
		for i := 0; i <= len(s); i += 1 + rng.IntN(4) {
			if got, want := p.strEnd(i), naive(s, i, true); got != want {
				t.Fatalf("strEnd(%q, %d) = %d, want %d", s, i, got, want)
			}
			if got, want := quoteIndex(s, i), naive(s, i, false); got != want {
				t.Fatalf("quoteIndex(%q, %d) = %d, want %d", s, i, got, want)
			}
		}
	}
}

// FuzzJSONParseLearned is FuzzJSONParse's differential test for the
// learned shapes: a parser that has learned shapeLines, and then the
// input itself, must parse the input as a fresh parser does, error
// messages included.
func FuzzJSONParseLearned(f *testing.F) {
	for _, s := range fuzzJSONSeeds {
		f.Add([]byte(s))
	}
	for _, s := range shapeLines {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want := parseResult(new(jsonParser), string(data))
		p := learnedParser()
		for round := range 3 {
			if got := parseResult(p, string(data)); got != want {
				t.Fatalf("round %d: parse(%q) = %s, fresh parser: %s", round, data, got, want)
			}
		}
	})
}

// BenchmarkParseNewKeys is the learned shapes' worst case: objects used
// as maps, a key never seen before in every record, so that the trie
// fills up and every field is then tried against it in vain.
func BenchmarkParseNewKeys(b *testing.B) {
	lines := make([]string, 8192)
	for i := range lines {
		lines[i] = fmt.Sprintf(`{"instances":{"i-%08x":{"state":"running","cpu%d":%d},"i-%08x":{"state":"stopped"}},"region":"us-east-1","id%d":"%x"}`,
			i*7919, i%100, i, i*104729, i%1000, i)
	}
	b.ReportAllocs()
	var p jsonParser
	i := 0
	for b.Loop() {
		if _, err := p.parse(lines[i%len(lines)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
