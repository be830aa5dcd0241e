package stdlib

import (
	"math"

	"github.com/rivo/uniseg"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// shannon_entropy returns the Shannon entropy (bits) of a string's bytes,
// Unicode code points or extended grapheme clusters (segmentation, a
// literal). Upstream sums code point and grapheme terms in hash-map order,
// so their last bits vary between runs; we sum in first-occurrence order.
func init() {
	Register(&funcDef{
		ident:  "shannon_entropy",
		params: []Param{reqParam("value", value.BitBytes), optParam("segmentation", value.BitBytes)},
		compile: func(args *Args) (Call, error) {
			seg, err := enumArg(args, 1, "segmentation", []string{"byte", "codepoint", "grapheme"}, "byte")
			if err != nil {
				return nil, err
			}
			return &funcCall{td: TypeDef{Kind: value.KindFloat}, eval: func(_ *Context, args []value.Value, _ []bool) (value.Value, error) {
				return value.Float(shannonEntropy(args[0].Str(), seg)), nil
			}}, nil
		},
	})
}

func shannonEntropy(s, seg string) float64 {
	var counts []int
	total := 0
	switch seg {
	case "byte":
		var c [256]int
		for i := 0; i < len(s); i++ {
			c[s[i]]++
		}
		counts, total = c[:], len(s)
	default:
		s = lossyUTF8(s)
		index := map[string]int{}
		add := func(unit string) {
			i, ok := index[unit]
			if !ok {
				i = len(counts)
				index[unit] = i
				counts = append(counts, 0)
			}
			counts[i]++
			total++
		}
		if seg == "codepoint" {
			for _, r := range s {
				add(string(r))
			}
		} else {
			g := uniseg.NewGraphemes(s)
			for g.Next() {
				add(g.Str())
			}
		}
	}
	entropy := 0.0
	for _, c := range counts {
		if c == 0 {
			continue
		}
		p := float64(c) / float64(total)
		entropy -= p * math.Log2(p)
	}
	if math.IsNaN(entropy) {
		return 0
	}
	return entropy
}
