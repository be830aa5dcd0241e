package value

// Equal reports whether a and b are the same VRL value. As in VRL, an
// integer and a float are equal when they hold the same number, and
// timestamps, regexes (by pattern), arrays and objects compare
// structurally.
func Equal(a, b Value) bool {
	if a.t != b.t {
		switch {
		case a.t == TypeInteger && b.t == TypeFloat:
			return float64(a.n) == b.Flt()
		case a.t == TypeFloat && b.t == TypeInteger:
			return a.Flt() == float64(b.n)
		}
		return false
	}
	switch a.t {
	case TypeNull:
		return true
	case TypeBytes:
		return a.s == b.s
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
