package stdlib

import (
	"testing"
)

func TestRedact(t *testing.T) {
	digits := tJSON(`[]`)
	digits.Arr().Items = append(digits.Arr().Items, tRe(`\d+`))
	runCases(t, []fnCase{
		{fn: "redact", args: []any{"my id is 123456", kwArg{"filters", digits}}, want: `"my id is [REDACTED]"`, fallible: boolPtr(false)},
		{fn: "redact", args: []any{tJSON(`{ "name": "John Doe", "ssn": "123-12-1234"}`), kwArg{"filters", tJSON(`["us_social_security_number"]`)}}, want: `{ "name": "John Doe", "ssn": "[REDACTED]" }`},
		{fn: "redact", args: []any{"my id is 123456", kwArg{"filters", digits}, kwArg{"redactor", tJSON(`{"type": "text", "replacement": "***"}`)}}, want: `"my id is ***"`},
		{fn: "redact", args: []any{"my id is 123456", kwArg{"filters", digits}, kwArg{"redactor", "sha2"}}, want: `"my id is GEtTedW1p6tC094dDKH+3B8P+xSnZz69AmpjaXRd63I="`},
		{fn: "redact", args: []any{"my id is 123456", kwArg{"filters", digits}, kwArg{"redactor", "sha3"}}, want: `"my id is ZNCdmTDI7PeeUTFnpYjLdUObdizo+bIupZdl8yqnTKGdLx6X3JIqPUlUWUoFBikX+yTR+OcvLtAqWO11NPlNJw=="`},
		{fn: "redact", args: []any{"my id is 123456", kwArg{"filters", digits}, kwArg{"redactor", tJSON(`{"type": "sha2", "variant": "SHA-256", "encoding": "base16"}`)}}, want: `"my id is 8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92"`},
		{fn: "redact", args: []any{tJSON(`["a secret", {"k": ["secret secret", 1]}]`), kwArg{"filters", tJSON(`[]`)}}, want: `["a secret", {"k": ["secret secret", 1]}]`},
		{fn: "redact", args: []any{tJSON(`["a secret", {"k": ["secret secret", 1]}]`), kwArg{"filters", tJSON(`[{"type": "pattern", "patterns": ["secret"]}]`)}}, want: `["a [REDACTED]", {"k": ["[REDACTED] [REDACTED]", 1]}]`},
		{fn: "redact", args: []any{"ssn 666-12-1234 and 123-45-6789", kwArg{"filters", tJSON(`[{"type": "us_social_security_number"}]`)}}, want: `"ssn 666-12-1234 and [REDACTED]"`},
		{fn: "redact", args: []any{"x", kwArg{"filters", tJSON(`["pattern"]`)}}, compileErr: `invalid argument "filters" | error: pattern cannot be used without arguments | received: "pattern"`},
		{fn: "redact", args: []any{"x", kwArg{"filters", tJSON(`["credit_card"]`)}}, compileErr: "error: unknown filter name"},
		{fn: "redact", args: []any{"x", kwArg{"filters", tJSON(`[1]`)}}, compileErr: "unknown literal for filter, must be a regex, filter name, or object"},
		{fn: "redact", args: []any{"x", kwArg{"filters", dynArg{tJSON(`[]`)}}}, compileErr: "E400"},
		{fn: "redact", args: []any{"x", kwArg{"filters", digits}, kwArg{"redactor", "md5"}}, compileErr: "unknown name of redactor"},
		{fn: "redact", args: []any{"x", kwArg{"filters", digits}, kwArg{"redactor", tJSON(`{"type": "text"}`)}}, compileErr: "text redactor must have\n                `replacement` specified"},
		{fn: "redact", args: []any{"x", kwArg{"filters", digits}, kwArg{"redactor", tJSON(`{"type": "sha3", "variant": "SHA-256"}`)}}, compileErr: "invalid sha2 variant"},
	})
}
