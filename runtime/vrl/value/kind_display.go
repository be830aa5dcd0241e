package value

import (
	"regexp"
	"strings"
)

// Display renders k as VRL's type checker prints kinds in diagnostics:
// "any", "string or integer", "{ a: integer }", "[string, integer]",
// "object", "never" is printed as "any" (VRL's never contains every kind).
func (k Kind) Display() string {
	if k.IsAny() {
		return "any"
	}
	if k.IsExact() {
		if k.Bits&BitObject != 0 {
			return displayCollection(k.ObjectShape(), false)
		}
		if k.Bits&BitArray != 0 {
			return displayCollection(k.ArrayShape(), true)
		}
	}
	names := [...]struct {
		b KindBits
		n string
	}{
		{BitBytes, "string"}, {BitInteger, "integer"}, {BitFloat, "float"},
		{BitBoolean, "boolean"}, {BitTimestamp, "timestamp"}, {BitRegex, "regex"},
		{BitNull, "null"}, {BitUndefined, "undefined"}, {BitArray, "array"}, {BitObject, "object"},
	}
	var parts []string
	for _, n := range names {
		if k.Bits&n.b != 0 {
			parts = append(parts, n.n)
		}
	}
	var b strings.Builder
	for i, p := range parts {
		switch {
		case i == 0:
		case i == len(parts)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(p)
	}
	return b.String()
}

// validField is the shape of a field name VRL prints without quotes.
var validField = regexp.MustCompile(`^[0-9]*[a-zA-Z_@][0-9a-zA-Z_@]*$`)

func displayCollection(c *Collection, isArray bool) string {
	if c.UnknownKind().ContainsAnyDefined() || len(c.Known) == 0 {
		if isArray {
			return "array"
		}
		return "object"
	}
	var b strings.Builder
	if isArray {
		b.WriteString("[")
		for i, key := range c.sortedKeys(true) {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c.Known[key].Display())
		}
		b.WriteString("]")
		return b.String()
	}
	b.WriteString("{ ")
	for i, key := range c.sortedKeys(false) {
		if i > 0 {
			b.WriteString(", ")
		}
		if validField.MatchString(key) {
			b.WriteString(key)
		} else {
			b.WriteString(`"` + key + `"`)
		}
		b.WriteString(": ")
		b.WriteString(c.Known[key].Display())
	}
	b.WriteString(" }")
	return b.String()
}

// DebugValue is the value VRL's type_def() returns for a kind (upstream's
// `Kind::debug_info` on the canonical kind): an object with a `true` entry
// per primitive ("bytes", "integer", ... or "any" / "json" / "never"),
// "object"/"array" holding the known positions, and
// "<object|array>_unknown_<exact|infinite>" for the other positions.
func (k Kind) DebugValue() *Object {
	tree := NewObject(4)
	insertDebugKind(tree, k.Canonicalize(), true)
	return tree
}

func (k Kind) isJSON() bool {
	const jsonBits = BitBytes | BitInteger | BitFloat | BitBoolean | BitNull | BitUndefined | BitArray | BitObject
	return k.Bits == jsonBits
}

func insertDebugKind(tree *Object, k Kind, showUnknown bool) {
	switch {
	case k.IsNever():
		tree.Set("never", Boolean(true))
		return
	case k.IsAny():
		tree.Set("any", Boolean(true))
		return
	case k.isJSON():
		tree.Set("json", Boolean(true))
		return
	}
	for _, p := range [...]struct {
		b KindBits
		n string
	}{
		{BitBytes, "bytes"}, {BitInteger, "integer"}, {BitFloat, "float"},
		{BitBoolean, "boolean"}, {BitTimestamp, "timestamp"}, {BitRegex, "regex"},
		{BitNull, "null"}, {BitUndefined, "undefined"},
	} {
		if k.Bits&p.b != 0 {
			tree.Set(p.n, Boolean(true))
		}
	}
	if obj := k.ObjectShape(); obj != nil {
		sub := NewObject(len(obj.Known))
		for _, key := range obj.sortedKeys(false) {
			ft := NewObject(2)
			insertDebugKind(ft, obj.Known[key], showUnknown)
			sub.Set(key, ObjectValue(ft))
		}
		tree.Set("object", ObjectValue(sub))
		if showUnknown {
			insertDebugUnknown(tree, obj, "object")
		}
	}
	if arr := k.ArrayShape(); arr != nil {
		sub := NewObject(len(arr.Known))
		for _, key := range arr.sortedKeys(true) {
			it := NewObject(2)
			insertDebugKind(it, arr.Known[key], showUnknown)
			sub.Set(key, ObjectValue(it))
		}
		tree.Set("array", ObjectValue(sub))
		if showUnknown {
			insertDebugUnknown(tree, arr, "array")
		}
	}
}

func insertDebugUnknown(tree *Object, c *Collection, prefix string) {
	unknown := c.UnknownKind()
	if unknown.IsUndefinedOnly() {
		return
	}
	sub := NewObject(2)
	insertDebugKind(sub, unknown, c.IsUnknownExact())
	if unknown.IsExact() {
		tree.Set(prefix+"_unknown_exact", ObjectValue(sub))
	} else {
		tree.Set(prefix+"_unknown_infinite", ObjectValue(sub))
	}
}
