package vrl

import (
	"testing"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// TestSeek checks seek against Object.Find for every hint (in range,
// one past the end, out of range, negative) and every key (present,
// missing before, between and after the keys, the empty key, keys that
// share a first byte), on objects of every size up to one larger than
// two probe walks: the hint may only change the cost.
func TestSeek(t *testing.T) {
	keys := []string{"", "a", "ab", "abc", "b", "ba", "c", "d", "e", "eventName", "eventSource", "f", "g", "h", "z"}
	probes := append([]string{"0", "aa", "abd", "bb", "eventID", "eventTime", "eventVersion", "i", "zz", "\xff"}, keys...)
	for n := 0; n <= len(keys); n++ {
		// Objects made of every other key, then of the first n keys.
		for _, stride := range []int{1, 2} {
			o := value.NewObject(n)
			for i := 0; i < n && i*stride < len(keys); i++ {
				o.Set(keys[i*stride], value.Integer(int64(i)))
			}
			e := o.Entries()
			for hint := -2; hint <= len(e)+2; hint++ {
				for _, k := range probes {
					wantJ, wantOK := o.Find(k)
					gotJ, gotOK := seek(e, k, hint)
					if gotJ != wantJ || gotOK != wantOK {
						t.Errorf("keys %q, seek(%q, hint %d) = %d, %v; Find gives %d, %v", o.Keys(), k, hint, gotJ, gotOK, wantJ, wantOK)
					}
				}
			}
		}
	}
}
