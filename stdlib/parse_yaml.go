package stdlib

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_yaml parses one YAML document into a VRL value. Scalars resolve
// by the YAML 1.2 core schema (as serde_yaml does): null/~ to null,
// true/false to booleans, integers (decimal, 0x, 0o) and floats to
// numbers, everything else, timestamps included, to strings. Mapping keys
// become their scalar text. A leading UTF-8 byte-order mark is ignored.
func init() {
	Register(&Spec{
		Ident:      "parse_yaml",
		Parameters: []Param{reqParam("value", value.BitBytes)},
		Returns:    value.KindJSON(),
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
			v, err := parseYAML([]byte(strings.TrimPrefix(args[0].Str(), "\uFEFF")))
			if err != nil {
				return value.Null, fmt.Errorf("unable to parse yaml: %s", err)
			}
			return v, nil
		},
	})
}

func parseYAML(data []byte) (value.Value, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return value.Null, nil
		}
		return value.Null, errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return value.Null, errors.New("deserializing from YAML containing more than one document is not supported")
	}
	budget := yamlNodeBudget
	return yamlNodeValue(&doc, 0, &budget)
}

// yamlNodeBudget bounds the nodes one document may expand to, so aliases
// nested on aliases ("billion laughs") fail instead of exhausting memory,
// as serde_yaml's repetition limit does.
const yamlNodeBudget = 1_000_000

func yamlNodeValue(n *yaml.Node, depth int, budget *int) (value.Value, error) {
	if depth > 1000 {
		return value.Null, errors.New("recursion limit exceeded")
	}
	if *budget--; *budget < 0 {
		return value.Null, errors.New("repetition limit exceeded")
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return value.Null, nil
		}
		return yamlNodeValue(n.Content[0], depth+1, budget)
	case yaml.AliasNode:
		return yamlNodeValue(n.Alias, depth+1, budget)
	case yaml.SequenceNode:
		items := make([]value.Value, len(n.Content))
		for i, c := range n.Content {
			v, err := yamlNodeValue(c, depth+1, budget)
			if err != nil {
				return value.Null, err
			}
			items[i] = v
		}
		return value.ArrayValue(items), nil
	case yaml.MappingNode:
		o := value.NewObject(len(n.Content) / 2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			for k.Kind == yaml.AliasNode {
				k = k.Alias
			}
			if k.Kind != yaml.ScalarNode {
				return value.Null, fmt.Errorf("line %d column %d: invalid type: map key is not a string", k.Line, k.Column)
			}
			v, err := yamlNodeValue(n.Content[i+1], depth+1, budget)
			if err != nil {
				return value.Null, err
			}
			o.Set(k.Value, v)
		}
		return value.ObjectValue(o), nil
	case yaml.ScalarNode:
		return yamlScalar(n), nil
	}
	return value.Null, nil
}

// yamlScalar resolves a scalar by its (explicit or implicit) tag.
func yamlScalar(n *yaml.Node) value.Value {
	s := n.Value
	switch n.ShortTag() {
	case "!!null":
		return value.Null
	case "!!bool":
		return value.Boolean(strings.EqualFold(s, "true"))
	case "!!int":
		// yaml.v3 also reads YAML 1.1 digit groups ("1_000"); the YAML
		// 1.2 core schema serde_yaml follows keeps them strings.
		if strings.Contains(s, "_") {
			return value.Bytes(s)
		}
		if i, err := strconv.ParseInt(s, 0, 64); err == nil {
			return value.Integer(i)
		}
		if u, err := strconv.ParseUint(strings.TrimPrefix(s, "+"), 0, 64); err == nil {
			return value.Float(float64(u))
		}
		return value.Bytes(s)
	case "!!float":
		switch strings.ToLower(s) {
		case ".inf", "+.inf":
			return value.Float(math.Inf(1))
		case "-.inf":
			return value.Float(math.Inf(-1))
		case ".nan":
			return value.Null
		}
		if strings.Contains(s, "_") {
			return value.Bytes(s)
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return value.Float(f)
		}
		return value.Bytes(s)
	}
	return value.Bytes(s)
}
