package load

import (
	"strings"

	"github.com/matano-go/matano/compiler/diag"
)

// Suggest returns the candidate closest to name by edit distance, or ""
// when none is close enough to be a plausible typo (more than a third of
// the longer word changed). Comparison ignores case so "Slack" finds
// "slack".
func Suggest(name string, candidates []string) string {
	best, bestDist := "", -1
	low := strings.ToLower(name)
	for _, c := range candidates {
		if c == name {
			continue
		}
		d := diag.EditDistance(low, strings.ToLower(c))
		limit := max(len(name), len(c))/3 + 1
		if d > limit {
			continue
		}
		if bestDist < 0 || d < bestDist || (d == bestDist && c < best) {
			best, bestDist = c, d
		}
	}
	return best
}
