package assembly

import "math"

// Match relabels cur so that its communities carry the labels of the
// communities of prev they overlap most, maximising the total overlap over
// one-to-one assignments (Hungarian algorithm). Communities of cur left
// without a partner get fresh labels starting at next; Match returns the
// relabelled copy and the next unused label.
func Match(prev, cur []int, next int) ([]int, int) {
	if len(prev) != len(cur) {
		panic("assembly: Match: label slices differ in length")
	}
	kp, kc := NumLabels(prev), NumLabels(cur)
	k := max(kp, kc)
	// cost[c][p] = −overlap(cur c, prev p), padded to k×k with zeros.
	cost := make([][]float64, k)
	for c := range cost {
		cost[c] = make([]float64, k)
	}
	for i := range cur {
		cost[cur[i]][prev[i]]--
	}
	assign := Hungarian(cost)
	out := make([]int, len(cur))
	newLab := make([]int, kc)
	for c := 0; c < kc; c++ {
		p := assign[c]
		if p < kp && cost[c][p] < 0 {
			newLab[c] = p
		} else {
			newLab[c] = next
			next++
		}
	}
	for i, c := range cur {
		out[i] = newLab[c]
	}
	return out, next
}

// Hungarian solves the square assignment problem: it returns a[r], the
// column assigned to row r, minimising Σ_r cost[r][a[r]] (Kuhn–Munkres with
// potentials, O(n³)).
func Hungarian(cost [][]float64) []int {
	n := len(cost)
	u := make([]float64, n+1)
	v := make([]float64, n+1)
	p := make([]int, n+1) // p[col] = row matched to col (1-based; 0 = none)
	way := make([]int, n+1)
	minv := make([]float64, n+1)
	used := make([]bool, n+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j] = math.Inf(1)
			used[j] = false
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], math.Inf(1), 0
			for j := 1; j <= n; j++ {
				if used[j] {
					continue
				}
				cur := cost[i0-1][j-1] - u[i0] - v[j]
				if cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= n; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	a := make([]int, n)
	for j := 1; j <= n; j++ {
		if p[j] > 0 {
			a[p[j]-1] = j - 1
		}
	}
	return a
}
