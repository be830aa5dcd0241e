package value

import (
	"sort"
	"strconv"
)

// This file holds the lattice operations of Kind, ported in behaviour from
// VRL's `value::kind` module (merge.rs, collection.rs, comparison.rs).
//
// Representation conventions (shared with kind.go):
//
//   - BitArray / BitObject in Bits say that the kind may be an array /
//     object. A nil Array / Object pointer next to a set bit means "any
//     array / object": VRL's `Collection::any()`, whose unknown element is
//     the self-similar *infinite* kind `any` (every nested level is any).
//     This lets `Kind{Bits: BitsAny | BitUndefined}` stand for VRL's
//     `Kind::any()` without building an infinite tree.
//   - Collection.Unknown == nil means no positions besides the known ones
//     (VRL's `Unknown::exact(undefined)`). A non-nil Unknown is the kind of
//     every other position; whether it carries BitUndefined does not
//     matter (VRL always adds undefined when reading it back).
//   - An Unknown is VRL's `Infinite` variant exactly when it has every
//     defined bit and nil collections (see isInfinite); otherwise it is
//     `Exact`. The two print differently in type_def ("_unknown_infinite"
//     versus "_unknown_exact").
//
// Collections are immutable once they are reachable from a Kind that has
// been returned: operations never mutate their receivers or arguments, and
// change only collections they have just cloned (one level at a time), so
// Kinds and their collections are shared freely between results (a
// persistent structure). Code outside this package must follow the same
// rule: build a new Collection rather than writing to one it was given.

// bitsAll is every bit VRL's `Kind::any()` has, undefined included.
const bitsAll = BitsAny | BitUndefined

// KindTop is VRL's `Kind::any()`: every kind including undefined, with
// arrays and objects of anything at any depth.
func KindTop() Kind { return Kind{Bits: bitsAll} }

// KindAnyDefined is VRL's `Kind::any().without_undefined()`: any value
// that exists.
func KindAnyDefined() Kind { return Kind{Bits: BitsAny} }

// bitsJSON are the defined kinds of VRL's `Kind::json()`.
const bitsJSON = BitBytes | BitInteger | BitFloat | BitBoolean | BitNull | BitArray | BitObject

// KindJSON is VRL's `Kind::json()`: any value JSON can hold, at any depth
// (what parse_json returns).
func KindJSON() Kind { return Kind{Bits: bitsJSON} }

// anyCollection returns a fresh `Collection::any()`.
func anyCollection() *Collection {
	return &Collection{Unknown: &Kind{Bits: BitsAny}}
}

// implicitCollection is the collection a nil Array/Object pointer stands
// for: `Collection::json()` under a JSON kind (no timestamp or regex),
// `Collection::any()` otherwise.
func implicitCollection(k Kind) *Collection {
	if k.Bits&^BitUndefined == bitsJSON {
		return &Collection{Unknown: &Kind{Bits: bitsJSON}}
	}
	return anyCollection()
}

// IsNever reports whether no value can have this kind.
func (k Kind) IsNever() bool { return k.Bits == 0 }

// has mirrors VRL's `contains_*`: never contains everything.
func (k Kind) has(b KindBits) bool { return k.Bits&b != 0 || k.Bits == 0 }

// IsAny reports whether k admits every kind, undefined included (VRL's
// `is_any`; never counts as any, as upstream).
func (k Kind) IsAny() bool { return k.Bits&bitsAll == bitsAll || k.Bits == 0 }

// IsExact reports whether k is at most one kind (VRL's `is_exact`).
func (k Kind) IsExact() bool { return k.Bits&(k.Bits-1) == 0 }

// IsUndefinedOnly reports whether k holds no defined kind (undefined or
// never).
func (k Kind) IsUndefinedOnly() bool { return k.Bits&^BitUndefined == 0 }

// ContainsAnyDefined reports whether k may be a defined value (VRL's
// `contains_any_defined`).
func (k Kind) ContainsAnyDefined() bool { return !k.IsUndefinedOnly() }

// ContainsPrimitive reports whether k may be a non-collection (undefined
// included).
func (k Kind) ContainsPrimitive() bool { return k.Bits&(BitsScalar|BitUndefined) != 0 }

// ObjectShape returns the object collection, materialising the implicit
// "any object" of a nil pointer; nil when k cannot be an object. The
// result must not be modified.
func (k Kind) ObjectShape() *Collection {
	if k.Bits&BitObject == 0 {
		return nil
	}
	if k.Object == nil {
		return implicitCollection(k)
	}
	return k.Object
}

// ArrayShape is ObjectShape for arrays.
func (k Kind) ArrayShape() *Collection {
	if k.Bits&BitArray == 0 {
		return nil
	}
	if k.Array == nil {
		return implicitCollection(k)
	}
	return k.Array
}

// WithoutUndefined removes undefined.
func (k Kind) WithoutUndefined() Kind { k.Bits &^= BitUndefined; return k }

// OrUndefined adds undefined.
func (k Kind) OrUndefined() Kind { k.Bits |= BitUndefined; return k }

// OrNull adds null.
func (k Kind) OrNull() Kind { k.Bits |= BitNull; return k }

// Without removes the given primitive bits (and the collection shape when
// BitArray/BitObject is removed).
func (k Kind) Without(bits KindBits) Kind {
	k.Bits &^= bits
	if bits&BitArray != 0 {
		k.Array = nil
	}
	if bits&BitObject != 0 {
		k.Object = nil
	}
	return k
}

// UpgradeUndefined turns a possibly-undefined kind into a possibly-null
// one: what is stored when an undefined value is assigned.
func (k Kind) UpgradeUndefined() Kind {
	if k.IsNever() || k.Bits&BitUndefined == 0 {
		return k
	}
	k.Bits = k.Bits&^BitUndefined | BitNull
	return k
}

// clone returns k with the collection pointers of kinds it does not have
// dropped. Collections are immutable once built (see the conventions
// above), so the copy shares them: copying a Kind is O(1). Code that needs
// to change a collection clones that one collection first.
func (k Kind) clone() Kind {
	if k.Bits&BitArray == 0 {
		k.Array = nil
	}
	if k.Bits&BitObject == 0 {
		k.Object = nil
	}
	return k
}

// clone returns a copy of c that may be modified: a new Known map holding
// the same (shared, immutable) element kinds, and the same Unknown, which
// is only ever replaced, never changed in place. Copying one level instead
// of the whole tree is what keeps branch merging and assignment linear in
// the size of the path changed rather than in the size of the event
// (BenchmarkTypecheck100 spent over half its time in deep copies).
func (c *Collection) clone() *Collection {
	out := &Collection{Unknown: c.Unknown}
	if len(c.Known) > 0 {
		out.Known = make(map[string]Kind, len(c.Known))
		for key, v := range c.Known {
			out.Known[key] = v
		}
	}
	return out
}

// objMut gives k a private copy of its object collection and returns it,
// ready for modification (the one it had may be shared).
func (k *Kind) objMut() *Collection {
	if k.Object == nil {
		k.Object = implicitCollection(*k)
	} else {
		k.Object = k.Object.clone()
	}
	return k.Object
}

// arrMut is objMut for the array collection.
func (k *Kind) arrMut() *Collection {
	if k.Array == nil {
		k.Array = implicitCollection(*k)
	} else {
		k.Array = k.Array.clone()
	}
	return k.Array
}

func (c *Collection) setKnown(key string, v Kind) {
	if c.Known == nil {
		c.Known = map[string]Kind{}
	}
	c.Known[key] = v
}

// ---------------------------------------------------------------------------
// unknown positions

// isInfinite reports whether an unknown is VRL's `Infinite` (any or
// json): every defined bit, or exactly the JSON bits, with implicit
// collections.
func isInfinite(u *Kind) bool {
	if u == nil || u.Array != nil || u.Object != nil {
		return false
	}
	b := u.Bits &^ BitUndefined
	return b == BitsAny || b == bitsJSON
}

// UnknownKind is the kind of every position that is not known, undefined
// included (VRL's `unknown_kind`).
func (c *Collection) UnknownKind() Kind {
	if c.Unknown == nil {
		return KindUndefined
	}
	return c.Unknown.OrUndefined()
}

// IsUnknownExact reports whether the unknown is VRL's `Exact` variant.
func (c *Collection) IsUnknownExact() bool { return !isInfinite(c.Unknown) }

// SetUnknown sets the kind of the unknown positions, as VRL's `From<Kind>
// for Unknown`: a kind with every bit becomes the infinite `any`.
func (c *Collection) SetUnknown(k Kind) {
	switch {
	case k.IsAny() && !k.IsNever():
		c.Unknown = &Kind{Bits: BitsAny}
	case k.Bits == bitsJSON|BitUndefined:
		c.Unknown = &Kind{Bits: bitsJSON}
	case k.IsUndefinedOnly():
		c.Unknown = nil
	default:
		k = k.WithoutUndefined()
		c.Unknown = &k
	}
}

// mergeUnknown merges other's unknown into c's.
func (c *Collection) mergeUnknown(other *Kind, overwrite bool) {
	selfInf, otherInf := isInfinite(c.Unknown), isInfinite(other)
	switch {
	case otherInf && selfInf:
		c.Unknown = &Kind{Bits: (c.Unknown.Bits | other.Bits) &^ BitUndefined}
	case otherInf:
		c.Unknown = &Kind{Bits: other.Bits &^ BitUndefined}
	case selfInf:
	default:
		var lhs Kind
		if c.Unknown != nil {
			lhs = *c.Unknown
		} else {
			lhs = KindUndefined
		}
		rhs := KindUndefined
		if other != nil {
			rhs = *other
		}
		m := lhs.MergeKeep(rhs, overwrite).WithoutUndefined()
		if m.IsNever() {
			c.Unknown = nil
		} else {
			c.Unknown = &m
		}
	}
}

// ---------------------------------------------------------------------------
// merge

// Union is the kind of a value that has either kind (VRL's `Kind::union`):
// primitive sets are joined and collections merged field by field, a
// field missing on one side becoming possibly undefined.
func (k Kind) Union(o Kind) Kind { return k.MergeKeep(o, false) }

// MergeKeep is VRL's `merge_keep`. With overwrite set, known fields of o
// replace those of k (the type of `a |= b` on objects); without it they
// are unioned.
func (k Kind) MergeKeep(o Kind, overwrite bool) Kind {
	out := k.clone()
	out.Bits |= o.Bits
	if o.Bits&BitObject != 0 {
		if k.Bits&BitObject == 0 {
			out.Object = o.ObjectShape().clone()
		} else if !overwrite && k.Object != nil && k.Object == o.Object {
			out.Object = k.Object.selfMerged()
		} else {
			out.Object = out.ObjectShape().clone()
			out.Object.merge(o.ObjectShape(), overwrite)
		}
	}
	if o.Bits&BitArray != 0 {
		if k.Bits&BitArray == 0 {
			out.Array = o.ArrayShape().clone()
		} else if !overwrite && k.Array != nil && k.Array == o.Array {
			out.Array = k.Array.selfMerged()
		} else {
			out.Array = out.ArrayShape().clone()
			out.Array.merge(o.ArrayShape(), overwrite)
		}
	}
	return out
}

// selfMerged is c merged with itself (without overwrite): what merge
// computes when other is c. Branches that leave part of the event
// untouched merge that part with itself, so with shared collections most
// of a branch merge is this call; caching it per collection makes merging
// two states cost the size of what the branches changed, not the size of
// the whole event.
//
// The result is not always c: merging normalises (unknown kinds lose
// their undefined bit, implicit "any" collections below become explicit),
// and callers must see exactly what a full merge returns. Normalising is
// idempotent, so the result is its own self-merge and is cached as such;
// when nothing changes, c itself is the result and no copy is made.
func (c *Collection) selfMerged() *Collection {
	if m := c.selfUnion.Load(); m != nil {
		return m
	}
	var m *Collection
	for key, v := range c.Known {
		if mv := v.MergeKeep(v, false); !sameKind(mv, v) {
			if m == nil {
				m = c.clone()
			}
			m.Known[key] = mv
		}
	}
	if u := selfMergedUnknown(c.Unknown); u != c.Unknown {
		if m == nil {
			m = c.clone()
		}
		m.Unknown = u
	}
	if m == nil {
		m = c
	}
	m.selfUnion.Store(m)
	c.selfUnion.Store(m)
	return m
}

// selfMergedUnknown is mergeUnknown of an unknown with itself; it returns
// u itself when the merge would rebuild the same kind.
func selfMergedUnknown(u *Kind) *Kind {
	if u == nil {
		return nil
	}
	if isInfinite(u) {
		if u.Bits&BitUndefined == 0 {
			return u
		}
		return &Kind{Bits: u.Bits &^ BitUndefined}
	}
	m := u.MergeKeep(*u, false).WithoutUndefined()
	switch {
	case m.IsNever():
		return nil
	case sameKind(m, *u):
		return u
	}
	return &m
}

// sameKind reports whether a and b are the same kind object: equal bits
// and the very same collections.
func sameKind(a, b Kind) bool {
	return a.Bits == b.Bits && a.Array == b.Array && a.Object == b.Object
}

// merge merges other into c in place (VRL's `Collection::merge`).
func (c *Collection) merge(other *Collection, overwrite bool) {
	otherUnknown := other.UnknownKind()
	taken := map[string]bool{}
	for key, self := range c.Known {
		if ok, found := other.Known[key]; found {
			taken[key] = true
			if overwrite {
				c.Known[key] = ok
			} else {
				c.Known[key] = self.MergeKeep(ok, false)
			}
		} else if otherUnknown.ContainsAnyDefined() {
			if overwrite {
				c.Known[key] = otherUnknown.WithoutUndefined().Union(self)
			} else {
				c.Known[key] = self.MergeKeep(otherUnknown, false)
			}
		} else if !overwrite {
			c.Known[key] = self.OrUndefined()
		}
	}
	selfUnknown := c.UnknownKind()
	for key, ok := range other.Known {
		if taken[key] {
			continue
		}
		switch {
		case selfUnknown.ContainsAnyDefined():
			if !overwrite {
				ok = ok.MergeKeep(selfUnknown, false)
			}
			c.setKnown(key, ok)
		case overwrite:
			c.setKnown(key, ok)
		default:
			c.setKnown(key, ok.OrUndefined())
		}
	}
	c.mergeUnknown(other.Unknown, overwrite)
}

// Anonymize folds all known positions into the unknown kind (VRL's
// `Collection::anonymize`), returning a new collection.
func (c *Collection) Anonymize() *Collection {
	out := c.clone()
	var acc Kind
	first := true
	for _, key := range c.sortedKeys(false) {
		if first {
			acc, first = c.Known[key], false
		} else {
			acc = acc.Union(c.Known[key])
		}
	}
	out.Known = nil
	out.SetUnknown(c.UnknownKind().Union(acc))
	return out
}

// ReducedKind is the union of every element kind, unknown included but
// without undefined (VRL's `reduced_kind`).
func (c *Collection) ReducedKind() Kind {
	var acc Kind
	for _, key := range c.sortedKeys(false) {
		acc = acc.Union(c.Known[key])
	}
	return acc.Union(c.UnknownKind().WithoutUndefined())
}

// sortedKeys returns the known keys in VRL's order: numeric for arrays,
// byte-wise for objects.
func (c *Collection) sortedKeys(numeric bool) []string {
	keys := make([]string, 0, len(c.Known))
	for key := range c.Known {
		keys = append(keys, key)
	}
	if numeric {
		sort.Slice(keys, func(i, j int) bool {
			a, _ := strconv.Atoi(keys[i])
			b, _ := strconv.Atoi(keys[j])
			return a < b
		})
	} else {
		sort.Strings(keys)
	}
	return keys
}

// ---------------------------------------------------------------------------
// equality and canonical form

// Canonicalize removes known positions whose kind equals the unknown kind
// and normalises the unknown (VRL's `Kind::canonicalize`; one level deep,
// as upstream).
func (k Kind) Canonicalize() Kind {
	out := k.clone()
	if out.Bits&BitObject != 0 && out.Object != nil {
		out.Object = out.Object.canonicalize()
	}
	if out.Bits&BitArray != 0 && out.Array != nil {
		out.Array = out.Array.canonicalize()
	}
	return out
}

func (c *Collection) canonicalize() *Collection {
	out := c.clone()
	out.SetUnknown(c.UnknownKind())
	uk := c.UnknownKind()
	for key, v := range out.Known {
		if v.Equal(uk) {
			delete(out.Known, key)
		}
	}
	return out
}

// Equal reports whether two kinds describe the same values (VRL's
// `PartialEq for Kind`, which compares canonical forms).
func (k Kind) Equal(o Kind) bool {
	if k.Bits != o.Bits {
		return false
	}
	if k.Bits&BitObject != 0 && !(k.Object == nil && o.Object == nil) && !collEqual(k.ObjectShape(), o.ObjectShape()) {
		return false
	}
	if k.Bits&BitArray != 0 && !(k.Array == nil && o.Array == nil) && !collEqual(k.ArrayShape(), o.ArrayShape()) {
		return false
	}
	return true
}

func collEqual(a, b *Collection) bool {
	a, b = a.canonicalize(), b.canonicalize()
	if isInfinite(a.Unknown) != isInfinite(b.Unknown) {
		return false
	}
	if isInfinite(a.Unknown) && a.Unknown.Bits != b.Unknown.Bits {
		return false
	}
	if !isInfinite(a.Unknown) && !a.UnknownKind().Equal(b.UnknownKind()) {
		return false
	}
	if len(a.Known) != len(b.Known) {
		return false
	}
	for key, v := range a.Known {
		w, ok := b.Known[key]
		if !ok || !v.Equal(w) {
			return false
		}
	}
	return true
}

// IsSuperset reports whether every value of o is also a value of k (VRL's
// `is_superset`).
func (k Kind) IsSuperset(o Kind) bool {
	if o.Bits&^k.Bits != 0 {
		return false
	}
	if o.Bits&BitArray != 0 && !collSuperset(k.ArrayShape(), o.ArrayShape()) {
		return false
	}
	if o.Bits&BitObject != 0 && !collSuperset(k.ObjectShape(), o.ObjectShape()) {
		return false
	}
	return true
}

func collSuperset(a, b *Collection) bool {
	switch {
	case isInfinite(a.Unknown) && a.Unknown.Bits&BitsAny == BitsAny:
	case isInfinite(a.Unknown):
		if isInfinite(b.Unknown) {
			if b.Unknown.Bits&^a.Unknown.Bits != 0 {
				return false
			}
		} else if !KindJSON().IsSuperset(b.UnknownKind().WithoutUndefined()) {
			return false
		}
	default:
		if isInfinite(b.Unknown) {
			return false
		}
		if !a.UnknownKind().WithoutUndefined().IsSuperset(b.UnknownKind().WithoutUndefined()) {
			return false
		}
	}
	for key, bk := range b.Known {
		ak, ok := a.Known[key]
		if !ok {
			ak = a.UnknownKind()
		}
		if !ak.IsSuperset(bk) {
			return false
		}
	}
	for key, ak := range a.Known {
		if _, ok := b.Known[key]; !ok && !ak.IsSuperset(b.UnknownKind()) {
			return false
		}
	}
	return true
}

// KindOf is the exact kind of a value (VRL's `From<&Value> for Kind`):
// arrays and objects get every position known and no others.
func KindOf(v Value) Kind {
	switch v.Type() {
	case TypeBytes:
		return KindBytes
	case TypeInteger:
		return KindInteger
	case TypeFloat:
		return KindFloat
	case TypeBoolean:
		return KindBoolean
	case TypeTimestamp:
		return KindTimestamp
	case TypeRegex:
		return KindRegex
	case TypeArray:
		known := map[string]Kind{}
		for i, item := range v.Arr().Items {
			known[idxKey(i)] = KindOf(item)
		}
		return KindArrayOf(known, nil)
	case TypeObject:
		known := map[string]Kind{}
		for _, e := range v.Obj().Entries() {
			known[e.Key] = KindOf(e.Value)
		}
		return KindObjectOf(known, nil)
	default:
		return KindNull
	}
}
