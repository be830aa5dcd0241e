package stdlib

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_etld finds a domain's effective top-level domain (public suffix)
// with the Public Suffix List, ICANN and private sections both:
//
//	parse_etld!("sub.sussex.ac.uk", plus_parts: 1)
//	  => {"etld": "ac.uk", "etld_plus": "sussex.ac.uk", "known_suffix": true}
//
// etld_plus is the suffix plus `plus_parts` more labels (capped at the
// domain). A suffix no rule matched is the last label, with known_suffix
// false. `psl` names a list file to use instead of the built-in list; it
// must be a literal and is read once at compile time.
func init() {
	Register(&funcDef{
		ident: "parse_etld",
		params: []Param{
			reqParam("value", value.BitBytes),
			optParam("plus_parts", value.BitInteger),
			optParam("psl", value.BitBytes),
		},
		compile: compileParseEtld,
	})
}

// ReadDataFile reads a data file a function argument names at compile
// time (parse_etld's psl list, parse_proto's and encode_proto's
// descriptor set). It is a variable so embedders, and the conformance
// harness whose paths are relative to the upstream repository, can
// resolve paths their own way.
var ReadDataFile = os.ReadFile

func compileParseEtld(args *Args) (Call, error) {
	var list *pslList
	if a := args.Get(2); a.Present {
		if a.Const == nil {
			return nil, &CompileError{
				Code:     610,
				Message:  "function compilation error: error[E402] this argument must be a static expression",
				ArgIndex: 2,
				Label:    `expected static expression for argument "psl"`,
			}
		}
		path := lossyUTF8(a.Const.Str())
		data, err := ReadDataFile(path)
		if err != nil {
			return nil, invalidArgument(2, "psl", value.Bytes(path), "Unable to read psl file")
		}
		list, err = parsePSL(string(data))
		if err != nil {
			return nil, invalidArgument(2, "psl", value.Bytes(path), "Unable to parse psl file")
		}
	}
	kind := value.KindObjectOf(map[string]value.Kind{
		"etld": value.KindBytes, "etld_plus": value.KindBytes, "known_suffix": value.KindBoolean,
	}, nil)
	return &funcCall{td: TypeDef{Kind: kind, Fallible: true}, eval: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
		domain := lossyUTF8(args[0].Str())
		plus := int64(0)
		if isPresent(present, 1) && args[1].Int() > 0 {
			plus = args[1].Int()
		}
		var suffix string
		var known bool
		if list != nil {
			suffix, known = list.suffix(domain)
		} else {
			suffix, known = defaultPublicSuffix(domain)
		}
		if suffix == "" {
			return value.Null, fmt.Errorf("unable to determine eTLD for %s", domain)
		}
		labels := strings.Split(domain, ".")
		take := int64(strings.Count(suffix, ".")+1) + plus
		if take > int64(len(labels)) {
			take = int64(len(labels))
		}
		o := value.NewObject(3)
		o.Set("etld", value.Bytes(suffix))
		o.Set("etld_plus", value.Bytes(strings.Join(labels[int64(len(labels))-take:], ".")))
		o.Set("known_suffix", value.Boolean(known))
		return value.ObjectValue(o), nil
	}}, nil
}

// defaultPublicSuffix uses the list compiled into x/net. A rule matched
// when the suffix is an ICANN one, or a private one (which has at least
// two labels); otherwise the implicit "*" rule produced the last label.
func defaultPublicSuffix(domain string) (string, bool) {
	if domain == "" {
		return "", false
	}
	s, icann := publicsuffix.PublicSuffix(domain)
	return s, icann || strings.Contains(s, ".")
}

// pslList is a public suffix list read from a file: normal, wildcard and
// exception rules keyed by their text.
type pslList struct {
	rules      map[string]bool // "a.b" and wildcard "*.a.b"
	exceptions map[string]bool // "!x.a.b" stored without the '!'
}

// parsePSL reads the Public Suffix List format: one rule per line (the
// first whitespace-separated token), "//" comments and blank lines
// skipped. A token with characters no domain rule can hold, or a file
// with no rules, is a parse error.
func parsePSL(text string) (*pslList, error) {
	l := &pslList{rules: map[string]bool{}, exceptions: map[string]bool{}}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		rule := strings.Fields(line)[0]
		exception := strings.HasPrefix(rule, "!")
		body := strings.TrimPrefix(rule, "!")
		if body == "" || strings.HasPrefix(body, ".") || strings.HasSuffix(body, ".") {
			return nil, fmt.Errorf("invalid rule %q", rule)
		}
		for _, r := range body {
			ok := r == '-' || r == '.' || r == '*' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f
			if !ok {
				return nil, fmt.Errorf("invalid rule %q", rule)
			}
		}
		body = strings.ToLower(body)
		if exception {
			l.exceptions[body] = true
		} else {
			l.rules[body] = true
		}
	}
	if len(l.rules) == 0 && len(l.exceptions) == 0 {
		return nil, errors.New("empty list")
	}
	return l, nil
}

// suffix applies the PSL algorithm: the longest matching rule wins, an
// exception rule beats others and yields its parent, and with no match
// the implicit "*" rule makes the last label the suffix (not known).
func (l *pslList) suffix(domain string) (string, bool) {
	d := strings.ToLower(strings.TrimSuffix(domain, "."))
	if d == "" {
		return "", false
	}
	labels := strings.Split(d, ".")
	orig := strings.Split(strings.TrimSuffix(domain, "."), ".")
	best := 0
	for i := len(labels) - 1; i >= 0; i-- {
		cand := strings.Join(labels[i:], ".")
		n := len(labels) - i
		if l.exceptions[cand] {
			return strings.Join(orig[i+1:], "."), true
		}
		wild := "*"
		if n > 1 {
			wild = "*." + strings.Join(labels[i+1:], ".")
		}
		if l.rules[cand] || l.rules[wild] {
			best = n
		}
	}
	if best == 0 {
		return orig[len(orig)-1], false
	}
	return strings.Join(orig[len(orig)-best:], "."), true
}
