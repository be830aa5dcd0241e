package stdlib

import (
	"errors"
	"regexp"
	"strconv"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_regex returns the first match's captures as an object: named
// groups by name (null when a group did not take part), and with
// numeric_groups also every participating group by its position among the
// participating groups (upstream skips non-participating groups before
// numbering them). A constant pattern gives the object's known fields.
func init() {
	Register(regexParseDef("parse_regex", false))
}

// regexParseDef is parse_regex (all false) and parse_regex_all: their type
// depends on the capture names of a constant pattern.
func regexParseDef(name string, all bool) *funcDef {
	return &funcDef{ident: name, params: []Param{
		{Keyword: "value", Kind: value.BitBytes, Required: true},
		{Keyword: "pattern", Kind: value.BitRegex, Required: true},
		{Keyword: "numeric_groups", Kind: value.BitBoolean},
	}, compile: func(args *Args) (Call, error) {
		var re *regexp.Regexp
		if c := args.Get(1).Const; c != nil && c.Type() == value.TypeRegex && c.Re() != nil {
			re = c.Re().Regexp
		}
		c := &regexParseCall{all: all, static: re}
		return &funcCall{td: c.typeDef(), eval: c.eval}, nil
	}}
}

type regexParseCall struct {
	all    bool
	static *regexp.Regexp
}

// regexCaptureKind is upstream's regex_kind: every group index may be
// bytes or null, named groups are bytes.
func regexCaptureKind(re *regexp.Regexp) value.Kind {
	known := map[string]value.Kind{}
	for i := 0; i <= re.NumSubexp(); i++ {
		known[strconv.Itoa(i)] = value.Kind{Bits: value.BitBytes | value.BitNull}
	}
	for _, n := range re.SubexpNames() {
		if n != "" {
			known[n] = value.KindBytes
		}
	}
	return value.KindObjectOf(known, nil)
}

func (c *regexParseCall) typeDef() TypeDef {
	var obj value.Kind
	if c.static != nil {
		obj = regexCaptureKind(c.static)
	} else {
		obj = value.KindObjectOf(nil, &value.Kind{Bits: value.BitBytes | value.BitNull})
	}
	if c.all {
		elem := obj
		elem.Bits |= value.BitNull
		return TypeDef{Kind: value.KindArrayOf(nil, &elem), Fallible: true}
	}
	return TypeDef{Kind: obj, Fallible: true}
}

func (c *regexParseCall) eval(_ *Context, args []value.Value, present []bool) (value.Value, error) {
	s := lossyUTF8(args[0].Str())
	re := c.static
	if re == nil || (args[1].Re() != nil && args[1].Re().Regexp != re) {
		re = args[1].Re().Regexp
	}
	numeric := present[2] && args[2].Bool()
	if c.all {
		var out []value.Value
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			out = append(out, regexCaptureObject(re, s, m, numeric))
		}
		if out == nil {
			out = []value.Value{}
		}
		return value.ArrayValue(out), nil
	}
	m := re.FindStringSubmatchIndex(s)
	if m == nil {
		return value.Null, errors.New("could not find any pattern matches")
	}
	return regexCaptureObject(re, s, m, numeric), nil
}

// regexCaptureObject builds one match's object (upstream's
// capture_regex_to_map): numbered groups first, then named ones, which win
// on a clash.
func regexCaptureObject(re *regexp.Regexp, s string, m []int, numeric bool) value.Value {
	obj := value.NewObject(len(m) / 2)
	if numeric {
		n := 0
		for g := 0; 2*g < len(m); g++ {
			if m[2*g] >= 0 {
				obj.Set(strconv.Itoa(n), value.Bytes(s[m[2*g]:m[2*g+1]]))
				n++
			}
		}
	}
	for g, name := range re.SubexpNames() {
		if name == "" {
			continue
		}
		if m[2*g] >= 0 {
			obj.Set(name, value.Bytes(s[m[2*g]:m[2*g+1]]))
		} else {
			obj.Set(name, value.Null)
		}
	}
	return value.ObjectValue(obj)
}
