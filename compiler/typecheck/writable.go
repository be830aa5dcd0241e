package typecheck

import (
	"strconv"
	"strings"

	"github.com/matano-go/matano/compiler/schema"
	"github.com/matano-go/matano/runtime/vrl/value"
)

// Verdict is how a VRL kind fits an Iceberg column type.
type Verdict uint8

const (
	// Fits: every value of the kind can be written (up to range checks
	// on values, such as an integer too large for an int column, which
	// only the runtime can see).
	Fits Verdict = iota
	// Maybe: some values fit and some do not, and the checker cannot
	// tell which the program produces (typically `any`, or the JSON kinds
	// parse_json returns). Not an error: the runtime decides per record.
	Maybe
	// Mismatch: the checker knows the program can produce a value that
	// cannot be written. An error at PR time.
	Mismatch
)

func (v Verdict) String() string {
	return [...]string{"fits", "maybe", "mismatch"}[v]
}

// Misfit says where and why a kind does not fit a type.
type Misfit struct {
	Verdict Verdict
	// Path is the path below the checked column where the problem is,
	// as dotted fields and "[]" for list elements ("" for the column
	// itself).
	Path string
	// Got is the kind found at Path and Want the column type there.
	Got  value.Kind
	Want *schema.Type
	// Bad are the bits of Got that cannot be written to Want.
	Bad value.KindBits
}

// Reason renders the misfit as "expected long, got string".
func (m Misfit) Reason() string {
	if m.Verdict == Fits {
		return ""
	}
	r := "expected " + m.Want.String() + ", got " + kindString(m.Got)
	if m.Bad != m.Got.Bits&^(value.BitNull|value.BitUndefined) {
		r += " (" + kindString(value.Kind{Bits: m.Bad}) + " cannot be written)"
	}
	if m.Path != "" {
		r = m.Path + ": " + r
	}
	return r
}

// Writable reports whether a value of VRL kind k can be written to a
// column of Iceberg type t, by the lake writer's cast rules
// (runtime/lake/cast):
//
//	string, binary, uuid, fixed ← bytes
//	long, int                   ← integer
//	double, float, decimal      ← float, integer
//	boolean                     ← boolean
//	timestamp, date             ← timestamp
//	list<E>                     ← array, each element by E's rule
//	struct<...>                 ← object, field by field (others dropped)
//	map<string,V>               ← object, each value by V's rule
//	any type                    ← null, or missing
//
// and nothing else: float → long, bytes → timestamp, bytes → number and
// anything but bytes → string are mismatches, as are regexes and time
// columns. It returns ok when every value of k fits, maybe when some do
// and k is too open for the checker to know (any, or JSON), and neither
// for a definite mismatch, with the reason. The runtime and the checker
// share this function so that the two never disagree.
//
// Nullability (required columns) is the caller's business: the rule
// table treats null as always writable.
func Writable(k value.Kind, t *schema.Type) (ok, maybe bool, reason string) {
	m := Fit(k, t)
	return m.Verdict == Fits, m.Verdict == Maybe, m.Reason()
}

// Fit is Writable with the misfit's details: the deepest path of the
// first worst problem.
func Fit(k value.Kind, t *schema.Type) Misfit {
	return fit(k, t, "")
}

// acceptedBits is the rule table: the VRL kinds each column type takes.
func acceptedBits(t *schema.Type) value.KindBits {
	switch t.Kind {
	case "string", "binary", "uuid", "fixed":
		return value.BitBytes
	case "long", "int":
		return value.BitInteger
	case "double", "float", "decimal":
		return value.BitInteger | value.BitFloat
	case "boolean":
		return value.BitBoolean
	case "timestamp", "timestamptz", "date":
		return value.BitTimestamp
	case "list":
		return value.BitArray
	case "struct", "map":
		return value.BitObject
	}
	// time (VRL has no time-of-day value) and unknown types.
	return 0
}

// open reports whether k is a kind the checker knows nothing about:
// every defined kind, or every JSON kind. A mismatch in part of such a
// kind is only a maybe.
func open(k value.Kind) bool {
	const json = value.BitBytes | value.BitInteger | value.BitFloat | value.BitBoolean |
		value.BitNull | value.BitArray | value.BitObject
	return k.Bits&json == json
}

func fit(k value.Kind, t *schema.Type, path string) Misfit {
	acc := acceptedBits(t)
	const nullish = value.BitNull | value.BitUndefined
	bad := k.Bits &^ (acc | nullish)
	worst := Misfit{Verdict: Fits}
	if bad != 0 {
		v := Mismatch
		if open(k) && k.Bits&acc != 0 {
			v = Maybe
		}
		worst = Misfit{Verdict: v, Path: path, Got: k, Want: t, Bad: bad}
		if v == Mismatch {
			return worst
		}
	}
	consider := func(m Misfit, demote bool) bool {
		if demote && m.Verdict == Mismatch {
			m.Verdict = Maybe
		}
		if m.Verdict > worst.Verdict {
			worst = m
		}
		return worst.Verdict == Mismatch
	}
	switch t.Kind {
	case "list":
		if sh := k.ArrayShape(); sh != nil && t.Element != nil {
			for _, key := range sortedKeys(sh.Known) {
				if consider(fit(sh.Known[key], t.Element.Type, path+"["+key+"]"), false) {
					return worst
				}
			}
			if sh.Unknown != nil && consider(fit(*sh.Unknown, t.Element.Type, path+"[]"), false) {
				return worst
			}
		}
	case "map":
		if sh := k.ObjectShape(); sh != nil && t.Value != nil {
			for _, key := range sortedKeys(sh.Known) {
				if consider(fit(sh.Known[key], t.Value.Type, join(path, key)), false) {
					return worst
				}
			}
			if sh.Unknown != nil && consider(fit(*sh.Unknown, t.Value.Type, join(path, "*")), false) {
				return worst
			}
		}
	case "struct":
		if sh := k.ObjectShape(); sh != nil {
			for _, f := range t.Fields {
				if fk, ok := sh.Known[f.Name]; ok {
					if consider(fit(fk, f.Type, join(path, f.Name)), false) {
						return worst
					}
					continue
				}
				// A field the checker does not know by name may or may
				// not be present: at worst a maybe.
				if sh.Unknown != nil {
					consider(fit(*sh.Unknown, f.Type, join(path, f.Name)), true)
				}
			}
		}
	}
	return worst
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// sortedKeys orders known positions numerically when they are indexes
// and by name otherwise, so the first problem reported is stable.
func sortedKeys(m map[string]value.Kind) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	lessNum := func(a, b string) bool {
		x, e1 := strconv.Atoi(a)
		y, e2 := strconv.Atoi(b)
		if e1 == nil && e2 == nil {
			return x < y
		}
		return strings.Compare(a, b) < 0
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && lessNum(keys[j], keys[j-1]); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
