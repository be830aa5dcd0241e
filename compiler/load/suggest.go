package load

import "strings"

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
		d := levenshtein(low, strings.ToLower(c))
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

// levenshtein counts single-byte insertions, deletions and substitutions;
// keys and names are ASCII, so bytes are characters.
func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
