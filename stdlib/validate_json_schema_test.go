package stdlib

import (
	"os"
	"path/filepath"
	"testing"
)

func TestValidateJSONSchema(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	email := write("email.json", `{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"productUser":{"type":"string","format":"email"}}}`)
	custom := write("custom.json", `{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"productUser":{"type":"string","format":"my-custom-format"}}}`)
	arrays := write("arrays.json", `{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
		"properties":{"fruits":{"type":"array","items":{"type":"string"}},"vegetables":{"type":"array","items":{"$ref":"#/$defs/veggie"}}},
		"$defs":{"veggie":{"type":"object","required":["veggieName","veggieLike"],"properties":{"veggieName":{"type":"string"},"veggieLike":{"type":"boolean"}}}}}`)
	missing := filepath.Join(dir, "nope.json")
	runCases(t, []fnCase{
		{fn: "validate_json_schema", args: []any{`{ "productUser": "valid@email.com" }`, email, false}, want: `true`, fallible: boolPtr(true)},
		{fn: "validate_json_schema", args: []any{`{ "productUser": "invalidEmail" }`, email, false}, err: `JSON schema validation failed: "invalidEmail" is not a "email" at /productUser`},
		{fn: "validate_json_schema", args: []any{`{ "productUser": "a-custom-formatted-string" }`, custom, false}, err: `Failed to compile schema: Unknown format: 'my-custom-format'. Adjust configuration to ignore unrecognized formats`},
		{fn: "validate_json_schema", args: []any{`{ "productUser": "a-custom-formatted-string" }`, custom, true}, want: `true`},
		{fn: "validate_json_schema", args: []any{`{"fruits": ["apple"], "vegetables": [{"veggieName": "leek", "veggieLike": true}]}`, arrays}, want: `true`},
		{fn: "validate_json_schema", args: []any{`{"fruits": ["apple", 3], "vegetables": [{"veggieName": "leek"}]}`, arrays}, err: `JSON schema validation failed: 3 is not of type "string" at /fruits/1, "veggieLike" is a required property at /vegetables/0`},
		{fn: "validate_json_schema", args: []any{`[]`, arrays}, err: `JSON schema validation failed: [] is not of type "object" at /`},
		{fn: "validate_json_schema", args: []any{``, arrays}, err: `Empty JSON value`},
		{fn: "validate_json_schema", args: []any{`{`, arrays}, err: `Invalid JSON: unexpected EOF`},
		{fn: "validate_json_schema", args: []any{`{}`, missing}, err: "JSON schema not found: Failed to open schema definition file '" + missing + "': No such file or directory (os error 2)"},
		{fn: "validate_json_schema", args: []any{`{}`, dynArg{tStr(email)}}, compileErr: "E400"},
	})
}

func TestValidateJSONSchemaMessages(t *testing.T) {
	p := filepath.Join(t.TempDir(), "s.json")
	schema := `{"type":"object","properties":{
		"n":{"minimum":5},"x":{"exclusiveMaximum":2.5},"s":{"pattern":"^a"},"m":{"type":["string","integer"]},
		"e":{"enum":["a",1]},"c":{"const":"k"},"l":{"maxLength":1},"q":{"not":{"type":"string"}}},
		"required":["a","b"],"additionalProperties":{"not":{"const":"zzz"}}}`
	if err := os.WriteFile(p, []byte(schema), 0o644); err != nil {
		t.Fatal(err)
	}
	runCases(t, []fnCase{
		{fn: "validate_json_schema", args: []any{`{"a":1,"b":2,"n":3}`, p}, err: `JSON schema validation failed: 3 is less than the minimum of 5 at /n`},
		{fn: "validate_json_schema", args: []any{`{"a":1,"b":2,"x":3}`, p}, err: `JSON schema validation failed: 3 is greater than or equal to the maximum of 2.5 at /x`},
		{fn: "validate_json_schema", args: []any{`{"a":1,"b":2,"s":"b"}`, p}, err: `JSON schema validation failed: "b" does not match "^a" at /s`},
		{fn: "validate_json_schema", args: []any{`{"a":1,"b":2,"m":true}`, p}, err: `JSON schema validation failed: true is not of types "integer", "string" at /m`},
		{fn: "validate_json_schema", args: []any{`{"a":1,"b":2,"e":"z"}`, p}, err: `JSON schema validation failed: "z" is not one of ["a",1] at /e`},
		{fn: "validate_json_schema", args: []any{`{"a":1,"b":2,"c":"z"}`, p}, err: `JSON schema validation failed: "k" was expected at /c`},
		{fn: "validate_json_schema", args: []any{`{"a":1,"b":2,"l":"zz"}`, p}, err: `JSON schema validation failed: "zz" is longer than 1 character at /l`},
		{fn: "validate_json_schema", args: []any{`{"a":1,"b":2,"q":"zz"}`, p}, err: `JSON schema validation failed: {"type":"string"} is not allowed for "zz" at /q`},
		{fn: "validate_json_schema", args: []any{`{}`, p}, err: `JSON schema validation failed: "a" is a required property at /, "b" is a required property at /`},
	})
}
