package predictive

import (
	"fmt"
	"math"
)

// Predictor holds every unit's linear predictor of its future activity:
// x̂_i(T) = max(0, Σ_t β_i[t]·x_i(t) + β_i[K]), t = 1 … K (authors' code
// predict_dynamics; the clip at zero is theirs).
type Predictor struct {
	K, Units int
	Beta     []float64 // Units × (K+1), row-major
}

// Fit fits each unit's predictor by ridge least squares
// (XᵀX + λI)β = Xᵀy over the samples in idx, where row s of X is
// [x_i(1..K) of sample s, 1] taken from early[s] (K × Units, as Net.Run
// writes it) and y = final[s][i]. buf is scratch of length ≥ (K+1)(K+2)
// (nil allocates). It returns an error if a normal matrix is not positive
// definite (λ = 0 with degenerate features).
func (p *Predictor) Fit(early, final [][]float64, idx []int, lambda float64, buf []float64) error {
	k, u := p.K, p.Units
	m := k + 1
	if len(p.Beta) != u*m {
		p.Beta = make([]float64, u*m)
	}
	if len(buf) < m*(m+1) {
		buf = make([]float64, m*(m+1))
	}
	a := buf[:m*m]
	rhs := buf[m*m : m*m+m]
	for i := 0; i < u; i++ {
		for j := range a {
			a[j] = 0
		}
		for j := range rhs {
			rhs[j] = 0
		}
		for _, s := range idx {
			e := early[s]
			y := final[s][i]
			for r := 0; r < m; r++ {
				fr := 1.0
				if r < k {
					fr = e[r*u+i]
				}
				rhs[r] += fr * y
				for c := 0; c <= r; c++ {
					fc := 1.0
					if c < k {
						fc = e[c*u+i]
					}
					a[r*m+c] += fr * fc
				}
			}
		}
		for r := 0; r < m; r++ {
			a[r*m+r] += lambda
			for c := 0; c < r; c++ {
				a[c*m+r] = a[r*m+c]
			}
		}
		if !cholSolve(a, rhs, m) {
			return fmt.Errorf("predictive: normal matrix of unit %d not positive definite", i)
		}
		copy(p.Beta[i*m:(i+1)*m], rhs)
	}
	return nil
}

// Predict writes every unit's prediction x̂(T) for one sample's early
// states (K × Units) into dst (len Units).
func (p *Predictor) Predict(dst, early []float64) {
	k, u := p.K, p.Units
	m := k + 1
	for i := 0; i < u; i++ {
		b := p.Beta[i*m : (i+1)*m]
		s := b[k]
		for t := 0; t < k; t++ {
			s += b[t] * early[t*u+i]
		}
		dst[i] = math.Max(0, s)
	}
}

// cholSolve solves a·x = b in place (b ← x) for symmetric positive definite
// a (m × m, row-major, overwritten by its Cholesky factor). It reports false
// if a is not positive definite.
func cholSolve(a, b []float64, m int) bool {
	for j := 0; j < m; j++ {
		s := a[j*m+j]
		for k := 0; k < j; k++ {
			s -= a[j*m+k] * a[j*m+k]
		}
		if !(s > 0) {
			return false
		}
		d := math.Sqrt(s)
		a[j*m+j] = d
		for i := j + 1; i < m; i++ {
			s := a[i*m+j]
			for k := 0; k < j; k++ {
				s -= a[i*m+k] * a[j*m+k]
			}
			a[i*m+j] = s / d
		}
	}
	for i := 0; i < m; i++ {
		s := b[i]
		for k := 0; k < i; k++ {
			s -= a[i*m+k] * b[k]
		}
		b[i] = s / a[i*m+i]
	}
	for i := m - 1; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < m; k++ {
			s -= a[k*m+i] * b[k]
		}
		b[i] = s / a[i*m+i]
	}
	return true
}
