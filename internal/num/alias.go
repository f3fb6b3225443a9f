package num

// AliasTable fills prob and alias (each of length len(w)) with Vose's alias
// table for drawing index i with probability w_i / Σ_j w_j in O(1) (Vose, IEEE
// Trans Softw Eng 1991): draw a column i uniformly, keep it with probability
// prob[i], otherwise take alias[i]. The weights must be non-negative with at
// least one positive. Columns left on either work list when the other runs
// out (rounding) get prob 1 and alias themselves. It panics if the lengths
// differ.
func AliasTable(prob []float64, alias []int, w []float64) {
	n := len(w)
	if len(prob) != n || len(alias) != n {
		panic("num: AliasTable length mismatch")
	}
	var sum float64
	for _, v := range w {
		sum += v
	}
	scaled := make([]float64, n)
	var small, large []int
	for i, v := range w {
		scaled[i] = v * float64(n) / sum
		if scaled[i] < 1 {
			small = append(small, i)
		} else {
			large = append(large, i)
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		prob[s], alias[s] = scaled[s], l
		scaled[l] -= 1 - scaled[s]
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range large {
		prob[i], alias[i] = 1, i
	}
	for _, i := range small {
		prob[i], alias[i] = 1, i
	}
}
