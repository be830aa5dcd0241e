package cfn

import (
	"encoding/json"
	"sort"
	"strings"
)

// template is one CloudFormation template. Properties are plain maps, so
// encoding/json writes their keys sorted; the fixed top-level order comes
// from the struct.
type template struct {
	AWSTemplateFormatVersion string               `json:"AWSTemplateFormatVersion"`
	Description              string               `json:"Description"`
	Parameters               map[string]any       `json:"Parameters,omitempty"`
	Resources                map[string]*resource `json:"Resources"`
	Outputs                  map[string]*output   `json:"Outputs,omitempty"`
}

// resource is one entry of Resources.
type resource struct {
	Type                string         `json:"Type"`
	DependsOn           []string       `json:"DependsOn,omitempty"`
	DeletionPolicy      string         `json:"DeletionPolicy,omitempty"`
	UpdateReplacePolicy string         `json:"UpdateReplacePolicy,omitempty"`
	Properties          map[string]any `json:"Properties"`
}

// output is one entry of Outputs; Export is set for values the other
// stack (or `matano info`) imports by name.
type output struct {
	Description string `json:"Description"`
	Value       any    `json:"Value"`
	Export      *struct {
		Name string `json:"Name"`
	} `json:"Export,omitempty"`
}

func newTemplate(description string) *template {
	return &template{
		AWSTemplateFormatVersion: "2010-09-09",
		Description:              description,
		Resources:                map[string]*resource{},
		Outputs:                  map[string]*output{},
	}
}

// add puts a resource under a logical id. Ids are derived from fixed
// names and project names; a clash is a bug in the generator, reported
// as an error by Generate rather than silently overwriting.
func (t *template) add(id, typ string, props map[string]any) *resource {
	if _, dup := t.Resources[id]; dup {
		panic(generatorBug("duplicate logical id " + id))
	}
	r := &resource{Type: typ, Properties: props}
	t.Resources[id] = r
	return r
}

// output adds an output; export is the export name or "".
func (t *template) output(name, description string, value any, export string) {
	o := &output{Description: description, Value: value}
	if export != "" {
		o.Export = &struct {
			Name string `json:"Name"`
		}{export}
	}
	t.Outputs[name] = o
}

// encode renders the template as indented JSON with a final newline.
func (t *template) encode() ([]byte, error) {
	b, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// generatorBug is the panic value for broken invariants inside the
// generator; Generate recovers it into an error.
type generatorBug string

// Intrinsic functions.

func ref(id string) map[string]any { return map[string]any{"Ref": id} }

func getAtt(id, attr string) map[string]any {
	return map[string]any{"Fn::GetAtt": []any{id, attr}}
}

func sub(s string) map[string]any { return map[string]any{"Fn::Sub": s} }

// subWith is Fn::Sub with a variable map.
func subWith(s string, vars map[string]any) map[string]any {
	return map[string]any{"Fn::Sub": []any{s, vars}}
}

func importValue(name string) map[string]any { return map[string]any{"Fn::ImportValue": name} }

// logicalID turns a name ("acme-cloudtrail-logs", "aws_cloudtrail") into
// the alphanumeric CamelCase CloudFormation requires for logical ids and
// policy statement ids ("AcmeCloudtrailLogs", "AwsCloudtrail").
func logicalID(name string) string {
	var b strings.Builder
	upper := true
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z':
			if upper {
				r -= 'a' - 'A'
			}
			b.WriteRune(r)
			upper = false
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
			upper = false
		default:
			upper = true
		}
	}
	return b.String()
}

// tagList renders tags in the Key/Value list form most resource types
// take, sorted by key.
func tagList(tags map[string]string) []any {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = map[string]any{"Key": k, "Value": tags[k]}
	}
	return out
}
