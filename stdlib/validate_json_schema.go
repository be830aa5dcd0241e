package stdlib

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// validate_json_schema checks a JSON document against the JSON Schema
// in a file (the path is a literal, read and compiled on first use, then
// cached). Format assertions are on; a schema naming a format the
// validator does not know fails to compile unless ignore_unknown_formats
// is true. Violations are reported as upstream words them: "<instance> is
// not a "email" at /productUser", joined by ", ".
func init() {
	Register(&funcDef{
		ident: "validate_json_schema",
		params: []Param{
			reqParam("value", value.BitBytes),
			reqParam("schema_definition", value.BitBytes),
			optParam("ignore_unknown_formats", value.BitBoolean),
		},
		compile: func(args *Args) (Call, error) {
			path, ok := constStr(args, 1)
			if !ok {
				return nil, unexpectedExpression(1, "schema_definition", "literal")
			}
			path = lossyUTF8(path)
			return &funcCall{td: TypeDef{Kind: value.KindBoolean, Fallible: true}, eval: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
				return jsonSchemaValidate([]byte(args[0].Str()), path, argBool(args, present, 2, false))
			}}, nil
		},
	})
}

// jsonSchemaKnownFormats are the formats upstream's validator implements.
var jsonSchemaKnownFormats = map[string]bool{
	"date": true, "date-time": true, "time": true, "duration": true, "email": true, "idn-email": true,
	"hostname": true, "idn-hostname": true, "ipv4": true, "ipv6": true, "uri": true, "uri-reference": true,
	"iri": true, "iri-reference": true, "uri-template": true, "json-pointer": true,
	"relative-json-pointer": true, "regex": true, "uuid": true,
}

// jsonSchemaURL is the URL the schema document is registered under.
const jsonSchemaURL = "file:///matano/schema.json"

// jsonSchemaCache holds compiled schemas by path and unknown-format mode.
var jsonSchemaCache sync.Map

type jsonSchemaKey struct {
	path          string
	ignoreUnknown bool
}

func jsonSchemaValidate(doc []byte, path string, ignoreUnknown bool) (value.Value, error) {
	if len(doc) == 0 {
		return value.Null, errors.New("Empty JSON value")
	}
	doc = bytes.TrimPrefix(doc, []byte{0xEF, 0xBB, 0xBF})
	var inst any
	if len(doc) > 0 {
		var err error
		if inst, err = jsonschema.UnmarshalJSON(bytes.NewReader(doc)); err != nil {
			return value.Null, fmt.Errorf("Invalid JSON: %v", err)
		}
	}
	sch, err := jsonSchemaLoad(path, ignoreUnknown)
	if err != nil {
		return value.Null, err
	}
	err = sch.schema.Validate(inst)
	if err == nil {
		return value.True, nil
	}
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return value.Null, fmt.Errorf("JSON schema validation failed: %v", err)
	}
	var found []jsonSchemaFailure
	jsonSchemaMessages(verr, inst, sch.doc, &found)
	// The validator visits object properties in map order; report in
	// instance-location order so the message is deterministic.
	sort.SliceStable(found, func(a, b int) bool { return found[a].loc < found[b].loc })
	msgs := make([]string, 0, len(found))
	for _, f := range found {
		msgs = append(msgs, f.msg+" at "+f.loc)
	}
	if len(msgs) == 0 {
		msgs = append(msgs, verr.Error())
	}
	return value.Null, errors.New("JSON schema validation failed: " + strings.Join(msgs, ", "))
}

// jsonSchemaCompiled is a compiled schema and its document (error
// messages quote keyword values from it).
type jsonSchemaCompiled struct {
	schema *jsonschema.Schema
	doc    any
}

func jsonSchemaLoad(path string, ignoreUnknown bool) (*jsonSchemaCompiled, error) {
	key := jsonSchemaKey{path, ignoreUnknown}
	if s, ok := jsonSchemaCache.Load(key); ok {
		return s.(*jsonSchemaCompiled), nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		reason := err.Error()
		if errors.Is(err, os.ErrNotExist) {
			reason = "No such file or directory (os error 2)"
		}
		return nil, fmt.Errorf("JSON schema not found: Failed to open schema definition file '%s': %s", path, reason)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("JSON schema not found: Failed to parse schema definition file '%s': %v", path, err)
	}
	if !ignoreUnknown {
		if f := jsonSchemaUnknownFormat(doc); f != "" {
			return nil, fmt.Errorf("Failed to compile schema: Unknown format: '%s'. Adjust configuration to ignore unrecognized formats", f)
		}
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	url := jsonSchemaURL
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("Failed to compile schema: %v", err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("Failed to compile schema: %v", err)
	}
	compiled := &jsonSchemaCompiled{schema: sch, doc: doc}
	jsonSchemaCache.Store(key, compiled)
	return compiled, nil
}

// jsonSchemaUnknownFormat returns the first "format" keyword (in
// document order of sorted keys) naming an unknown format.
func jsonSchemaUnknownFormat(doc any) string {
	switch d := doc.(type) {
	case map[string]any:
		if f, ok := d["format"].(string); ok && !jsonSchemaKnownFormats[f] {
			return f
		}
		keys := make([]string, 0, len(d))
		for k := range d {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if k == "enum" || k == "const" || k == "examples" || k == "default" {
				continue
			}
			if f := jsonSchemaUnknownFormat(d[k]); f != "" {
				return f
			}
		}
	case []any:
		for _, it := range d {
			if f := jsonSchemaUnknownFormat(it); f != "" {
				return f
			}
		}
	}
	return ""
}

// jsonSchemaMessages collects one message per failed keyword; combinators
// (anyOf, oneOf, not) are reported as a whole, like upstream.
// jsonSchemaFailure is one violation and its instance location.
type jsonSchemaFailure struct{ msg, loc string }

func jsonSchemaMessages(e *jsonschema.ValidationError, root, schemaDoc any, out *[]jsonSchemaFailure) {
	switch e.ErrorKind.(type) {
	case *kind.Schema, *kind.Group, *kind.AllOf, *kind.Reference:
		for _, c := range e.Causes {
			jsonSchemaMessages(c, root, schemaDoc, out)
		}
		return
	}
	inst := jsonSchemaAt(root, e.InstanceLocation)
	loc := "/"
	if len(e.InstanceLocation) > 0 {
		parts := make([]string, len(e.InstanceLocation))
		for i, p := range e.InstanceLocation {
			parts[i] = strings.NewReplacer("~", "~0", "/", "~1").Replace(p)
		}
		loc = "/" + strings.Join(parts, "/")
	}
	if req, ok := e.ErrorKind.(*kind.Required); ok {
		// One error per missing property, as upstream.
		for _, m := range req.Missing {
			*out = append(*out, jsonSchemaFailure{jsonSchemaJSON(m) + " is a required property", loc})
		}
		return
	}
	*out = append(*out, jsonSchemaFailure{jsonSchemaMessage(e, inst, schemaDoc), loc})
}

func jsonSchemaAt(v any, path []string) any {
	for _, p := range path {
		switch d := v.(type) {
		case map[string]any:
			v = d[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(d) {
				return nil
			}
			v = d[i]
		default:
			return nil
		}
	}
	return v
}

func jsonSchemaJSON(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func jsonSchemaRat(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return formatFloat(f)
}

func jsonSchemaPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// jsonSchemaMessage words one failure as upstream's validator does.
func jsonSchemaMessage(e *jsonschema.ValidationError, inst, schemaDoc any) string {
	i := jsonSchemaJSON(inst)
	// keyword is the value of the failed keyword in the schema document.
	keyword := func(name string) (any, bool) {
		frag := ""
		if _, f, ok := strings.Cut(e.SchemaURL, "#"); ok {
			frag = f
		}
		var path []string
		for _, p := range strings.Split(frag, "/")[1:] {
			path = append(path, strings.NewReplacer("~1", "/", "~0", "~").Replace(p))
		}
		obj, ok := jsonSchemaAt(schemaDoc, path).(map[string]any)
		if !ok {
			return nil, false
		}
		v, ok := obj[name]
		return v, ok
	}
	limit := func(name string, r *big.Rat) string {
		if v, ok := keyword(name); ok {
			if n, ok := v.(json.Number); ok {
				if _, err := strconv.ParseInt(string(n), 10, 64); err == nil {
					return string(n)
				}
				if f, err := strconv.ParseFloat(string(n), 64); err == nil {
					return string(value.AppendFloat(nil, f))
				}
			}
		}
		return jsonSchemaRat(r)
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Type:
		if len(k.Want) == 1 {
			return fmt.Sprintf(`%s is not of type "%s"`, i, k.Want[0])
		}
		want := append([]string(nil), k.Want...)
		sort.Strings(want)
		quoted := make([]string, len(want))
		for n, w := range want {
			quoted[n] = `"` + w + `"`
		}
		return fmt.Sprintf("%s is not of types %s", i, strings.Join(quoted, ", "))
	case *kind.Format:
		return fmt.Sprintf(`%s is not a "%s"`, i, k.Want)
	case *kind.Enum:
		return fmt.Sprintf("%s is not one of %s", i, jsonSchemaJSON(k.Want))
	case *kind.Const:
		return fmt.Sprintf("%s was expected", jsonSchemaJSON(k.Want))
	case *kind.MinLength:
		return fmt.Sprintf("%s is shorter than %d character%s", i, k.Want, jsonSchemaPlural(k.Want, "", "s"))
	case *kind.MaxLength:
		return fmt.Sprintf("%s is longer than %d character%s", i, k.Want, jsonSchemaPlural(k.Want, "", "s"))
	case *kind.MinItems:
		return fmt.Sprintf("%s has less than %d item%s", i, k.Want, jsonSchemaPlural(k.Want, "", "s"))
	case *kind.MaxItems:
		return fmt.Sprintf("%s has more than %d item%s", i, k.Want, jsonSchemaPlural(k.Want, "", "s"))
	case *kind.MinProperties:
		return fmt.Sprintf("%s has less than %d propert%s", i, k.Want, jsonSchemaPlural(k.Want, "y", "ies"))
	case *kind.MaxProperties:
		return fmt.Sprintf("%s has more than %d propert%s", i, k.Want, jsonSchemaPlural(k.Want, "y", "ies"))
	case *kind.Minimum:
		return fmt.Sprintf("%s is less than the minimum of %s", i, limit("minimum", k.Want))
	case *kind.Maximum:
		return fmt.Sprintf("%s is greater than the maximum of %s", i, limit("maximum", k.Want))
	case *kind.ExclusiveMinimum:
		return fmt.Sprintf("%s is less than or equal to the minimum of %s", i, limit("exclusiveMinimum", k.Want))
	case *kind.ExclusiveMaximum:
		return fmt.Sprintf("%s is greater than or equal to the maximum of %s", i, limit("exclusiveMaximum", k.Want))
	case *kind.MultipleOf:
		return fmt.Sprintf("%s is not a multiple of %s", i, jsonSchemaRat(k.Want))
	case *kind.Pattern:
		return fmt.Sprintf(`%s does not match "%s"`, i, k.Want)
	case *kind.AdditionalProperties:
		quoted := make([]string, len(k.Properties))
		for n, p := range k.Properties {
			quoted[n] = "'" + p + "'"
		}
		verb := "were"
		if len(quoted) == 1 {
			verb = "was"
		}
		return fmt.Sprintf("Additional properties are not allowed (%s %s unexpected)", strings.Join(quoted, ", "), verb)
	case *kind.UniqueItems:
		return fmt.Sprintf("%s has non-unique elements", i)
	case *kind.AnyOf:
		return fmt.Sprintf("%s is not valid under any of the schemas listed in the 'anyOf' keyword", i)
	case *kind.OneOf:
		if len(k.Subschemas) == 0 {
			return fmt.Sprintf("%s is not valid under any of the schemas listed in the 'oneOf' keyword", i)
		}
		return fmt.Sprintf("%s is valid under more than one of the schemas listed in the 'oneOf' keyword", i)
	case *kind.Not:
		schema, _ := keyword("not")
		return fmt.Sprintf("%s is not allowed for %s", jsonSchemaJSON(schema), i)
	case *kind.FalseSchema:
		return fmt.Sprintf("False schema does not allow %s", i)
	case *kind.Contains:
		return fmt.Sprintf("None of %s are valid under the given schema", i)
	}
	return e.Error()
}
