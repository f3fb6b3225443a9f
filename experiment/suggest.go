package experiment

import "fmt"

// DidYouMean returns ` (did you mean "x"?)` for the candidate closest to
// name in edit distance (Levenshtein, case-sensitive), or "" when none is
// close: at most a quarter of name's length in edits, between 1 and 3.
// Ties go to the earlier candidate. Errors for unknown names append it.
func DidYouMean(name string, candidates []string) string {
	best, bestD := "", -1
	limit := max(1, min(3, len([]rune(name))/4))
	for _, c := range candidates {
		d := editDistance(name, c)
		if d <= limit && (bestD < 0 || d < bestD) {
			best, bestD = c, d
		}
	}
	if bestD <= 0 { // none close, or an exact match (nothing to suggest)
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between a and b in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			sub := prev[j-1]
			if ra[i-1] != rb[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
