package stdlib

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_xml converts an XML document to an object, the way VRL's
// roxmltree-based converter does:
//
//   - the result is {root_name: converted_root};
//   - an element with attributes (when include_attr) or with
//     always_use_text_key becomes an object of "@attr" keys (attr_prefix),
//     child elements by local name and text under text_key;
//   - otherwise an element with a single child becomes that child's value
//     (its text, or {child_name: value}); with no or several children it
//     becomes an object as above;
//   - repeated keys collect their values into an array;
//   - text is converted: "" and "null" to null (parse_null), "true"/"false"
//     to booleans (parse_bool), integers and floats to numbers
//     (parse_number);
//   - trim (the default) removes whitespace between tags before parsing.
//
// Namespace prefixes are dropped from names and xmlns declarations are not
// attributes, as in roxmltree.
func init() {
	kind := value.KindObjectAny()
	kind.Bits |= value.BitBytes
	Register(&Spec{
		Ident: "parse_xml",
		Parameters: []Param{
			reqParam("value", value.BitBytes),
			optParam("trim", value.BitBoolean),
			optParam("include_attr", value.BitBoolean),
			optParam("attr_prefix", value.BitBytes),
			optParam("text_key", value.BitBytes),
			optParam("always_use_text_key", value.BitBoolean),
			optParam("parse_bool", value.BitBoolean),
			optParam("parse_null", value.BitBoolean),
			optParam("parse_number", value.BitBoolean),
		},
		Returns: kind,
		CanFail: true,
		Impl:    evalParseXML,
	})
}

type xmlOptions struct {
	includeAttr, alwaysUseTextKey, parseBool, parseNull, parseNumber bool
	attrPrefix, textKey                                              string
}

func evalParseXML(_ *Context, args []value.Value, present []bool) (value.Value, error) {
	boolArg := func(i int, def bool) bool {
		if isPresent(present, i) {
			return args[i].Bool()
		}
		return def
	}
	opts := xmlOptions{
		includeAttr:      boolArg(2, true),
		attrPrefix:       argText(args, present, 3, "@"),
		textKey:          argText(args, present, 4, "text"),
		alwaysUseTextKey: boolArg(5, false),
		parseBool:        boolArg(6, true),
		parseNull:        boolArg(7, true),
		parseNumber:      boolArg(8, true),
	}
	doc := lossyUTF8(args[0].Str())
	if boolArg(1, true) {
		doc = xmlBetweenTags.ReplaceAllString(doc, "><")
	}
	root, err := parseXMLTree(doc)
	if err != nil {
		return value.Null, fmt.Errorf("unable to parse xml: %s", err)
	}
	o := value.NewObject(1)
	o.Set(root.name, xmlElementValue(root, &opts))
	return value.ObjectValue(o), nil
}

var xmlBetweenTags = regexp.MustCompile(`>\s+<`)

// xmlNode is an element, a text run or another node (comment, processing
// instruction) that only counts as a child.
type xmlNode struct {
	kind     byte // 'e' element, 't' text, 'o' other
	name     string
	attrs    []xml.Attr
	text     string
	children []*xmlNode
}

// parseXMLTree reads the document's single root element.
func parseXMLTree(doc string) (*xmlNode, error) {
	// A document must start with markup; roxmltree reports anything else
	// as an unknown token at its line and column.
	if i := strings.IndexFunc(doc, func(r rune) bool { return r != ' ' && r != '\t' && r != '\n' && r != '\r' }); i >= 0 && doc[i] != '<' {
		line := 1 + strings.Count(doc[:i], "\n")
		col := 1 + utf8.RuneCountInString(doc[strings.LastIndexByte(doc[:i], '\n')+1:i])
		return nil, fmt.Errorf("unknown token at %d:%d", line, col)
	}
	dec := xml.NewDecoder(strings.NewReader(doc))
	dec.Strict = true
	var root *xmlNode
	var stack []*xmlNode
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, errors.New(strings.TrimPrefix(err.Error(), "XML syntax error on "))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{kind: 'e', name: t.Name.Local}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					continue
				}
				n.attrs = append(n.attrs, a)
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, errors.New("the document has more than one root element")
				}
				root = n
			} else {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) != 0 {
					return nil, errors.New("unexpected text outside the root element")
				}
				continue
			}
			parent := stack[len(stack)-1]
			if k := len(parent.children); k > 0 && parent.children[k-1].kind == 't' {
				parent.children[k-1].text += string(t) // text and CDATA runs merge
			} else {
				parent.children = append(parent.children, &xmlNode{kind: 't', text: string(t)})
			}
		case xml.Comment, xml.ProcInst:
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, &xmlNode{kind: 'o'})
			}
		}
	}
	if root == nil {
		return nil, errors.New("the root node was not found")
	}
	if len(stack) != 0 {
		return nil, errors.New("unexpected end of stream")
	}
	return root, nil
}

func xmlElementValue(n *xmlNode, opts *xmlOptions) value.Value {
	switch {
	case len(n.attrs) > 0 && opts.includeAttr, opts.alwaysUseTextKey && len(n.attrs) == 0:
		return value.ObjectValue(xmlElementObject(n, opts))
	case len(n.children) == 1:
		c := n.children[0]
		switch c.kind {
		case 'e':
			o := value.NewObject(1)
			o.Set(c.name, xmlElementValue(c, opts))
			return value.ObjectValue(o)
		case 't':
			return xmlText(c.text, opts)
		}
		return value.ObjectValue(value.NewObject(0))
	}
	return value.ObjectValue(xmlElementObject(n, opts))
}

func xmlElementObject(n *xmlNode, opts *xmlOptions) *value.Object {
	o := value.NewObject(len(n.attrs) + len(n.children))
	if opts.includeAttr {
		for _, a := range n.attrs {
			o.Set(opts.attrPrefix+a.Name.Local, value.Bytes(a.Value))
		}
	}
	for _, c := range n.children {
		var key string
		var v value.Value
		switch c.kind {
		case 'e':
			key, v = c.name, xmlElementValue(c, opts)
		case 't':
			key, v = opts.textKey, xmlText(c.text, opts)
		default:
			continue
		}
		prev, ok := o.Get(key)
		switch {
		case !ok:
			o.Set(key, v)
		case prev.Type() == value.TypeArray:
			// Arrays here were created by this loop, so appending is safe.
			prev.Arr().Items = append(prev.Arr().Items, v)
		default:
			o.Set(key, value.ArrayValue([]value.Value{prev, v}))
		}
	}
	return o
}

func xmlText(s string, opts *xmlOptions) value.Value {
	switch {
	case (s == "" || s == "null") && opts.parseNull:
		return value.Null
	case s == "true" && opts.parseBool:
		return value.True
	case s == "false" && opts.parseBool:
		return value.False
	case !opts.parseNumber:
		return value.Bytes(s)
	}
	if n, err := parseRustInt(s, 10); err == nil {
		return value.Integer(n)
	}
	if f, err := parseRustFloat(s); err == nil {
		if math.IsNaN(f) {
			f = 0
		}
		return value.Float(f)
	}
	return value.Bytes(s)
}
