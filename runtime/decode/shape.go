package decode

import (
	"slices"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// Learned shapes: the keys of the objects a parser has met, so that the
// next record of the same source is parsed by recognising its keys and
// placed in order by a permutation found once.
//
// Log lines of one source repeat a few shapes: the same keys in the same
// order at the same place of the record (CloudTrail's root, userIdentity,
// sessionContext...). Parsing a key costs a scan for its closing quote
// and sorting an object costs key comparisons (first bytes often equal:
// eventName, eventSource, eventTime...), though the answer is the same
// as last time. So the parser keeps, for each place of the document
// (shape), a trie of the key sequences its objects had there: each node
// is one key, its alternatives are the other keys met at that index after
// the same keys, and the node of an object's last key knows how that
// exact sequence sorts. A key is then recognised by comparing the input
// with the key expected there and the `":` after it (two or three words,
// no scan), and an object whose keys all matched is sorted by its
// sequence's remembered permutation, without a comparison; a sequence
// already in key order needs nothing at all. The keys handed out are the
// node's own copy (interned), not substrings of the line.
//
// On BenchmarkTextIngest's lines (two root shapes and two userIdentity
// shapes, alternating) the decoder took 16.9k instructions a record
// instead of 20.7k (cachegrind, GOGC=off), on BenchmarkParseCloudTrail's
// line 21.6k instead of 26.3k; applying the learned permutations as
// cycle lists (permCycles) and looking for keys' three words at once
// took that to 16.0k and 20.2k.
//
// Anything unexpected leaves the trie for the rest of the object (and
// the values below it) and parses the general way, so the learned state
// changes how fast a text is parsed, never what it parses to or which
// error it gets: a key is matched only when it has no escape (its raw
// bytes are its text) and the input holds exactly its bytes, the closing
// quote and the colon; whitespace, escapes, duplicate keys and anything
// beyond the limits below take the general path.
//
// The trie only grows, within limits: maxShapeNodes nodes a parser (about
// 150 bytes each, and the keys' text: at most 700 KB, a CloudTrail source
// uses 20 KB), maxKeyAlts alternatives at one index, so that objects used
// as maps (a key per user, per instance) neither grow it without bound
// nor make each field try many keys (see keyList).

// shape is one place of the document: the root, a field's value, or the
// items of an array at one of those.
type shape struct {
	// keys are the first keys of the objects met here.
	keys keyList
	// items is the place of the items of arrays met here.
	items *shape
}

// keyNode is one key of a learned key sequence.
type keyNode struct {
	// pat is the key's text followed by `":`, what the input holds after
	// the key's opening quote; key is its first len(pat)-2 bytes.
	pat, key string
	// w holds pat's first three 8-byte words (little-endian) and m masks
	// of their bytes that belong to pat, for field's inline compare.
	w, m [3]uint64
	// alt is another key met at the same index after the same keys.
	alt *keyNode
	// next are the keys met after this one.
	next keyList
	// val is the place of this field's value (nil until it held an
	// object or an array).
	val *shape
	// order says how an object whose keys were exactly those on the way
	// to this node sorts; cycles is the permutation for orderPermuted, as
	// permCycles lists it.
	order  keyOrder
	cycles []int8
}

// keyList is the keys met at one index after the same keys: the first
// one and its alternatives (keyNode.alt), at most maxKeyAlts. A list
// that is full when another key comes is emptied and closed: the place
// holds an object used as a map (a key per user, per instance), whose
// keys rarely repeat, and each of its fields would be compared with
// every alternative in vain. BenchmarkParseNewKeys, made of such
// objects, took 23% more instructions than without learned shapes while
// its lists were tried; closed, 1% more.
type keyList struct {
	first  *keyNode
	closed bool
}

// keyOrder is what is known of how one key sequence sorts.
type keyOrder uint8

const (
	orderUnknown  keyOrder = iota // not met as a whole object yet
	orderSorted                   // in strictly increasing key order already
	orderPermuted                 // sorted by keyNode.cycles, no duplicates
	orderGeneral                  // duplicate keys, or too many fields: sort every time
)

const (
	// maxShapeNodes bounds a parser's trie (keyNodes and shapes).
	maxShapeNodes = 4096
	// shapeSlab is how many nodes are allocated at a time: a
	// CloudTrail source learns a hundred or so in each file it decodes,
	// which one at a time were as many allocations.
	shapeSlab = 64
	// maxKeyAlts bounds the alternatives at one index.
	maxKeyAlts = 16
)

// matchKey returns the alternative of the chain at n whose key, closing
// quote and colon s holds at j (just after a key's opening quote), or
// nil: field's inline compare of the first alternative, for all of them
// and any length.
func matchKey(n *keyNode, s string, j int) *keyNode {
	if j+24 > len(s) {
		// Too close to the end of s to load three words.
		for ; n != nil; n = n.alt {
			if strings.HasPrefix(s[j:], n.pat) {
				return n
			}
		}
		return nil
	}
	t := s[j : j+24]
	x0, x1, x2 := load8(t, 0), load8(t, 8), load8(t, 16)
	for ; n != nil; n = n.alt {
		if x0&n.m[0] == n.w[0] && x1&n.m[1] == n.w[1] && x2&n.m[2] == n.w[2] &&
			(len(n.pat) <= 24 || strings.HasPrefix(s[j+24:], n.pat[24:])) {
			return n
		}
	}
	return nil
}

// learnKey returns the node of key, which the input held without escapes,
// among the alternatives of list (not closed), adding it when it is new
// and the limits allow, closing the list when it is full; nil means the
// object leaves the trie. It is the slow side of matchKey: a key met for
// the first time, or one written with whitespace before its colon
// (spaced). Only in that case can key be among the alternatives, as
// matchKey has compared every one with the input; otherwise the string
// comparisons are skipped.
func (p *jsonParser) learnKey(list *keyList, key string, spaced bool) *keyNode {
	alts := 0
	tail := &list.first
	for n := list.first; n != nil; n = n.alt {
		if spaced && n.key == key {
			return n
		}
		alts++
		tail = &n.alt
	}
	if alts >= maxKeyAlts {
		// Emptied as well as closed: matchKey then has nothing to
		// try, at no cost to the other lists' fields.
		list.first, list.closed = nil, true
		return nil
	}
	if p.shapeNodes >= maxShapeNodes {
		return nil
	}
	p.shapeNodes++
	if len(p.keyNodes) == 0 {
		p.keyNodes = make([]keyNode, shapeSlab)
	}
	n := &p.keyNodes[0]
	p.keyNodes = p.keyNodes[1:]
	n.pat = p.internKey(key)
	n.key = n.pat[:len(key)]
	for k := range n.w {
		n.w[k], n.m[k] = patWord(n.pat, 8*k)
	}
	// Appended: the first shapes met stay the first tried.
	*tail = n
	return n
}

// patWord returns pat's bytes from i (up to eight) as a little-endian
// word, and the mask of the bytes that exist.
func patWord(pat string, i int) (w, mask uint64) {
	for k := 0; k < 8 && i+k < len(pat); k++ {
		w |= uint64(pat[i+k]) << (8 * k)
		mask |= 0xff << (8 * k)
	}
	return w, mask
}

// internKey returns key followed by `":`, copied into the parser's own
// block of key text: a learned key must not pin the line it was first
// read from, and the keys of many records then share one allocation.
func (p *jsonParser) internKey(key string) string {
	n := len(key) + 2
	if n > keyTextBlock/4 {
		return key + `":`
	}
	if p.keyText.Cap()-p.keyText.Len() < n {
		p.keyText = strings.Builder{}
		p.keyText.Grow(keyTextBlock)
	}
	start := p.keyText.Len()
	p.keyText.WriteString(key)
	p.keyText.WriteString(`":`)
	return p.keyText.String()[start:]
}

// keyTextBlock is the size of the blocks interned keys are copied to.
const keyTextBlock = 4 << 10

// valueShape returns the place of the value of the field at n, creating
// it when the value is a container met there for the first time; nil
// when n is nil or the limits are reached.
func (p *jsonParser) valueShape(n *keyNode) *shape {
	if n == nil {
		return nil
	}
	if n.val == nil {
		n.val = p.newShape()
	}
	return n.val
}

// itemShape is valueShape for the items of an array at sh.
func (p *jsonParser) itemShape(sh *shape) *shape {
	if sh == nil {
		return nil
	}
	if sh.items == nil {
		sh.items = p.newShape()
	}
	return sh.items
}

// newShape returns a new place for the trie, or nil at its size limit.
func (p *jsonParser) newShape() *shape {
	if p.shapeNodes >= maxShapeNodes {
		return nil
	}
	p.shapeNodes++
	if len(p.shapes) == 0 {
		p.shapes = make([]shape, shapeSlab)
	}
	sh := &p.shapes[0]
	p.shapes = p.shapes[1:]
	return sh
}

// learnOrder records at last, the node of an object's last key, how the
// object's fields (in input order) sort, so that the next object with the
// same keys is sorted without comparisons.
func learnOrder(last *keyNode, fields []value.Entry) {
	perm := make([]int32, len(fields))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortStableFunc(perm, func(a, b int32) int { return strings.Compare(fields[a].Key, fields[b].Key) })
	sorted := true
	for i := range perm {
		if i > 0 && fields[perm[i-1]].Key == fields[perm[i]].Key {
			last.order = orderGeneral
			return
		}
		sorted = sorted && int(perm[i]) == i
	}
	if sorted {
		last.order = orderSorted
		return
	}
	last.cycles = permCycles(perm, nil)
	last.order = orderPermuted
}

// permCycles appends to dst the cycles of perm (perm[i] is the input
// index of the i-th field in order, at most stackFields of them), each
// as its length k and its indices j0..jk-1 with j(t+1) = perm[jt]:
// moving field j(t+1) to jt for each t and the first one to jk-1 puts
// every field in its place, each moved once. Fixed points are left out.
//
// Applying the cycles listed once, rather than following them from perm
// at each object with a bit set of the fields already placed, took 480
// instructions a record off BenchmarkTextIngest (16.9k before).
func permCycles(perm []int32, dst []int8) []int8 {
	var done [stackFields]bool
	for i := range perm {
		if done[i] || int(perm[i]) == i {
			continue
		}
		at := len(dst)
		dst = append(dst, 0)
		for j := i; !done[j]; j = int(perm[j]) {
			done[j] = true
			dst = append(dst, int8(j))
		}
		dst[at] = int8(len(dst) - at - 1)
	}
	return dst
}
