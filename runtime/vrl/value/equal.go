package value

// Equal reports whether a and b are the same VRL value, as VRL's derived
// equality does: types must match (an integer never equals a float, even
// nested in arrays or objects), regexes compare by pattern, containers
// compare structurally. The `==` operator is EqualLossy.
func Equal(a, b Value) bool {
	if a.t != b.t {
		return false
	}
	switch a.t {
	case TypeNull:
		return true
	case TypeBytes:
		return a.str() == b.str()
	case TypeFloat:
		return a.Flt() == b.Flt()
	case TypeInteger, TypeBoolean:
		return a.n == b.n
	case TypeTimestamp:
		return a.n == b.n && a.ns == b.ns
	case TypeRegex:
		return a.Re().Pattern == b.Re().Pattern
	case TypeArray:
		x, y := a.Arr().Items, b.Arr().Items
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case TypeObject:
		x, y := a.Obj().entries, b.Obj().entries
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i].Key != y[i].Key || !Equal(x[i].Value, y[i].Value) {
				return false
			}
		}
		return true
	}
	return false
}
