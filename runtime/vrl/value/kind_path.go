package value

import "strconv"

// KindSegment is one step of a path into a Kind: a field name, or an
// array index (negative counts from the end).
type KindSegment struct {
	Field   string
	Index   int
	IsIndex bool
}

// FieldSeg and IndexSeg build KindSegments.
func FieldSeg(name string) KindSegment { return KindSegment{Field: name} }

// IndexSeg builds an index segment.
func IndexSeg(i int) KindSegment { return KindSegment{Index: i, IsIndex: true} }

func idxKey(i int) string { return strconv.Itoa(i) }

// largestKnownIndex is the highest known index whose kind may be defined,
// or -1.
func (c *Collection) largestKnownIndex() int {
	max := -1
	for key, v := range c.Known {
		i, err := strconv.Atoi(key)
		if err == nil && v.ContainsAnyDefined() && i > max {
			max = i
		}
	}
	return max
}

func (c *Collection) minLength() int { return c.largestKnownIndex() + 1 }

// Get returns the kind at path, with undefined turned into null (VRL's
// `Kind::get`): the type of reading a path.
func (k Kind) Get(path []KindSegment) Kind { return k.AtPath(path).UpgradeUndefined() }

// AtPath returns the kind at path, undefined included where the path may
// not exist (VRL's `Kind::at_path`).
func (k Kind) AtPath(path []KindSegment) Kind {
	if k.IsNever() {
		return KindNever
	}
	if len(path) == 0 {
		return k
	}
	seg, rest := path[0], path[1:]
	if !seg.IsIndex {
		obj := k.ObjectShape()
		if obj == nil {
			return KindUndefined.AtPath(rest)
		}
		v, ok := obj.Known[seg.Field]
		if !ok {
			v = obj.UnknownKind()
		}
		if !k.IsExact() {
			v = v.OrUndefined()
		}
		return v.AtPath(rest)
	}
	arr := k.ArrayShape()
	if arr == nil {
		return KindUndefined
	}
	index := seg.Index
	if index < 0 {
		largest := arr.largestKnownIndex()
		lenRequired := -index
		if arr.UnknownKind().ContainsAnyDefined() {
			minLength := largest + 1
			minIndex := minLength + index
			canUnderflow := minIndex < 0
			if minIndex < 0 {
				minIndex = 0
			}
			v := arr.UnknownKind()
			if k.IsExact() && !canUnderflow {
				v = v.WithoutUndefined()
			}
			for _, key := range arr.sortedKeys(true) {
				i, _ := strconv.Atoi(key)
				if i >= minIndex {
					v = v.MergeKeep(arr.Known[key], false)
				}
			}
			return v.AtPath(rest)
		}
		exactLen := largest + 1
		if exactLen >= lenRequired {
			index += exactLen
		} else {
			return KindUndefined
		}
	}
	v, ok := arr.Known[idxKey(index)]
	if !ok {
		v = arr.UnknownKind()
	}
	if !k.IsExact() {
		v = v.OrUndefined()
	}
	return v.AtPath(rest)
}

// Insert returns k with kind stored at path, undefined upgraded to null
// (VRL's `Kind::insert`): the type of the target after `path = value`.
// Intermediate non-collections become objects or arrays, as assignment
// creates them at run time.
func (k Kind) Insert(path []KindSegment, kind Kind) Kind {
	return k.SetAtPath(path, kind.UpgradeUndefined())
}

// SetAtPath is Insert without the undefined upgrade (VRL's `set_at_path`).
func (k Kind) SetAtPath(path []KindSegment, kind Kind) Kind {
	out := k.clone()
	out.insertRecursive(path, kind)
	return out
}

func (k *Kind) insertRecursive(path []KindSegment, kind Kind) {
	if kind.IsNever() {
		return
	}
	if len(path) == 0 {
		*k = kind
		return
	}
	seg, rest := path[0], path[1:]
	if !seg.IsIndex {
		var coll *Collection
		if obj := k.ObjectShape(); obj != nil {
			coll = obj.clone()
		} else {
			coll = &Collection{}
		}
		*k = Kind{Bits: BitObject, Object: coll}
		child, ok := coll.Known[seg.Field]
		if !ok {
			child = coll.UnknownKind()
		}
		child = child.clone()
		child.insertRecursive(rest, kind)
		coll.setKnown(seg.Field, child)
		return
	}
	var coll *Collection
	if arr := k.ArrayShape(); arr != nil {
		coll = arr.clone()
	} else {
		coll = &Collection{}
	}
	*k = Kind{Bits: BitArray, Array: coll}
	index := seg.Index
	if index < 0 {
		largest := coll.largestKnownIndex()
		lenRequired := -index
		unknown := coll.UnknownKind()
		if unknown.ContainsAnyDefined() {
			minLength := coll.minLength()
			if lenRequired > minLength {
				maxShifts := lenRequired - minLength
				zero := coll.clone()
				for shift := 1; shift <= maxShifts; shift++ {
					shifted := zero.clone()
					shifted.Known = nil
					for i := 1; i < shift; i++ {
						shifted.setKnown(idxKey(i), KindNull)
					}
					for key, v := range zero.Known {
						i, _ := strconv.Atoi(key)
						shifted.setKnown(idxKey(i+shift), v)
					}
					coll.merge(shifted, false)
				}
			}
			minIndex := minLength + index
			if minIndex < 0 {
				minIndex = 0
			}
			for i := 0; i < lenRequired; i++ {
				v, ok := coll.Known[idxKey(i)]
				if !ok {
					v = unknown
				}
				coll.setKnown(idxKey(i), v.WithoutUndefined())
			}
			for key, v := range coll.Known {
				i, _ := strconv.Atoi(key)
				if i >= minIndex {
					coll.Known[key] = v.Union(v.Insert(rest, kind))
				}
			}
			newUnknown := unknown.MergeKeep(unknown.Insert(rest, kind), false)
			coll.SetUnknown(newUnknown)
			return
		}
		exactLen := largest + 1
		for i := exactLen; i < lenRequired; i++ {
			coll.setKnown(idxKey(i), KindNull)
		}
		if lenRequired > exactLen {
			index += lenRequired
		} else {
			index += exactLen
		}
	}
	if _, exists := coll.Known[idxKey(index)]; !exists {
		hole := coll.UnknownKind().WithoutUndefined().OrNull()
		for i := 0; i < index; i++ {
			if _, ok := coll.Known[idxKey(i)]; !ok {
				coll.setKnown(idxKey(i), hole)
			}
		}
	}
	child, ok := coll.Known[idxKey(index)]
	if !ok {
		child = coll.UnknownKind()
	}
	child = child.clone()
	child.insertRecursive(rest, kind)
	coll.setKnown(idxKey(index), child)
}

// Remove returns k with path deleted and the kind that was there (VRL's
// `Kind::remove`): the types after and of `del(path)`. With compact set,
// collections left empty are removed from their parent too.
func (k Kind) Remove(path []KindSegment, compact bool) (after, removed Kind) {
	removed = k.Get(path)
	if len(path) == 0 {
		var out Kind
		if k.has(BitObject) {
			out.Bits |= BitObject
			out.Object = &Collection{}
		}
		if k.has(BitArray) {
			out.Bits |= BitArray
			out.Array = &Collection{}
		}
		if k.ContainsPrimitive() || k.IsNever() {
			out.Bits |= BitNull
		}
		return out, removed
	}
	out := k.clone()
	out.removeInner(path, compact)
	return out, removed
}

// compactOption is VRL's CompactOptions: whether a parent should drop the
// child it just removed from.
type compactOption uint8

const (
	compactAlways compactOption = iota
	compactMaybe
	compactNever
)

func newCompact(compact, dontCompact bool) compactOption {
	switch {
	case compact && !dontCompact:
		return compactAlways
	case !compact && dontCompact:
		return compactNever
	default:
		return compactMaybe
	}
}

func emptyState(c *Collection) compactOption {
	if len(c.Known) == 0 {
		if c.UnknownKind().ContainsAnyDefined() {
			return compactMaybe
		}
		return compactAlways
	}
	return compactNever
}

// removeKnown drops key; for arrays the following indexes shift down.
func (c *Collection) removeKnown(key string, isArray bool) {
	if !isArray {
		delete(c.Known, key)
		return
	}
	index, _ := strconv.Atoi(key)
	minLength := c.minLength()
	delete(c.Known, key)
	for i := index; i < minLength; i++ {
		if v, ok := c.Known[idxKey(i+1)]; ok {
			delete(c.Known, idxKey(i+1))
			c.setKnown(idxKey(i), v)
		}
	}
}

func (o compactOption) apply(c *Collection, key string, isArray, cont bool) compactOption {
	switch o {
	case compactAlways:
		c.removeKnown(key, isArray)
	case compactMaybe:
		notCompacted := c.clone()
		c.removeKnown(key, isArray)
		c.merge(notCompacted, false)
	}
	res := emptyState(c)
	if o == compactNever || !cont {
		return compactNever
	}
	return res
}

func (k *Kind) removeInner(path []KindSegment, compact bool) compactOption {
	if k.IsNever() {
		*k = KindNever
		return compactNever
	}
	if len(path) == 0 {
		return newCompact(k.ContainsAnyDefined(), k.has(BitUndefined))
	}
	seg := path[0]
	atPath := k.AtPath(path[:1])
	if !seg.IsIndex {
		if k.Bits&BitObject == 0 {
			return compactNever
		}
		obj := k.objMut()
		child, ok := obj.Known[seg.Field]
		if !ok {
			// Removing below a field that only exists through the unknown
			// kind changes nothing that is recorded.
			res := atPath.removeInner(path[1:], compact)
			return res.apply(obj, seg.Field, false, compact)
		}
		child = child.clone()
		res := child.removeInner(path[1:], compact)
		obj.setKnown(seg.Field, child)
		return res.apply(obj, seg.Field, false, compact)
	}
	if k.Bits&BitArray == 0 {
		return compactNever
	}
	arr := k.arrMut()
	index := seg.Index
	if index < 0 {
		neg := -index
		if arr.UnknownKind().ContainsAnyDefined() {
			original := arr.clone()
			largest := arr.largestKnownIndex()
			minIndex := 0
			if largest >= 0 {
				minIndex = largest + 1 - neg
			}
			if minIndex < 0 {
				minIndex = 0
			}
			for i := minIndex; largest >= 0 && i <= largest; i++ {
				single := original.clone()
				if child, ok := single.Known[idxKey(i)]; ok {
					child = child.clone()
					res := child.removeInner(path[1:], compact)
					single.setKnown(idxKey(i), child)
					res.apply(single, idxKey(i), true, compact)
				}
				arr.merge(single, false)
			}
			if arr.minLength() <= 1 {
				return compactMaybe
			}
			return compactNever
		}
		largest := arr.largestKnownIndex()
		if largest >= 0 && largest >= neg-1 {
			index = largest + 1 + index
		} else {
			return compactNever
		}
	}
	key := idxKey(index)
	child, ok := arr.Known[key]
	if !ok {
		res := atPath.removeInner(path[1:], compact)
		return res.apply(arr, key, true, compact)
	}
	child = child.clone()
	res := child.removeInner(path[1:], compact)
	arr.setKnown(key, child)
	return res.apply(arr, key, true, compact)
}
