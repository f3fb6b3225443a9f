package plasticity

import (
	"fmt"
	"math"
)

// EINet is the excitatory–inhibitory rate network of Eckmann, Young &
// Gjorgjieva (PNAS 2024), driven by an input layer, with six plastic
// matrices. Notation (paper): E rates y_E (NE), I rates y_I (NI), input
// rates y_in (Nin);
//
//	τ_E dx_E/dt = −x_E + W y_in + U y_E − M y_I
//	τ_I dx_I/dt = −x_I + K y_in + Q y_E − P y_I
//	y = a·[x]_+^n
//
// stepped by forward Euler with step Δt. W: in→E, U: E→E, M: I→E, K: in→I,
// Q: E→I, P: I→I; all weights are non-negative (M and P enter with a minus).
type EINet struct {
	W, U, M, K, Q, P *Dense
	XE, XI           []float64 // membrane drives
	YE, YI           []float64 // rates
	DtTauE, DtTauI   float64   // Δt/τ_E, Δt/τ_I
	Gain, Power      float64   // a and n of the rate function
	// Eta are the learning rates (η1, η2, η3, η4): W and U use η1, K and Q
	// η2, M η3, P η4.
	Eta [4]float64
	// Budgets are the L1 row budgets: ||W_i||₁+||U_i||₁, ||M_i||₁,
	// ||K_i||₁+||Q_i||₁, ||P_i||₁ (Eckmann et al. 2024: 0.6, 0.3, 0.85, 0.35).
	Budgets [4]float64
	// Normalise turns the synapse-type-specific normalisation on (the
	// model) or off (the negative control, which diverges).
	Normalise bool
	// MaxNormDev is the largest deviation |row L1 norm − budget| seen after
	// any normalisation since it was last reset (0 when Normalise is off).
	MaxNormDev float64
	ie, ii     []float64 // scratch: input currents
}

// NewEINet returns a network with zero weights and state.
func NewEINet(nE, nI, nIn int) *EINet {
	return &EINet{
		W: NewDense(nE, nIn), U: NewDense(nE, nE), M: NewDense(nE, nI),
		K: NewDense(nI, nIn), Q: NewDense(nI, nE), P: NewDense(nI, nI),
		XE: make([]float64, nE), XI: make([]float64, nI),
		YE: make([]float64, nE), YI: make([]float64, nI),
		ie: make([]float64, nE), ii: make([]float64, nI),
		Normalise: true,
	}
}

// Rate is the power-law rate function a·[x]_+^n.
func (n *EINet) Rate(x float64) float64 {
	if x <= 0 {
		return 0
	}
	if n.Power == 2 {
		return n.Gain * x * x
	}
	return n.Gain * math.Pow(x, n.Power)
}

// InputE writes the excitatory (W y_in + U y_E) and inhibitory (M y_I) input
// currents to the E cells into exc and inh.
func (n *EINet) InputE(exc, inh, yin []float64) {
	for i := range exc {
		exc[i], inh[i] = 0, 0
	}
	n.W.MulVecAdd(exc, 1, yin)
	n.U.MulVecAdd(exc, 1, n.YE)
	n.M.MulVecAdd(inh, 1, n.YI)
}

// Step advances the network by one Euler step under input rates yin and,
// if plastic, applies the Hebbian updates, clipping at zero and (if
// Normalise) the joint L1 row normalisation, in that order (the authors'
// order). It returns false if a rate became NaN or infinite. It does not
// allocate.
func (n *EINet) Step(yin []float64, plastic bool) bool {
	if len(yin) != n.W.Cols {
		panic(fmt.Sprintf("plasticity: EINet input length %d, want %d", len(yin), n.W.Cols))
	}
	ie, ii := n.ie, n.ii
	for i := range ie {
		ie[i] = 0
	}
	for i := range ii {
		ii[i] = 0
	}
	n.W.MulVecAdd(ie, 1, yin)
	n.U.MulVecAdd(ie, 1, n.YE)
	n.M.MulVecAdd(ie, -1, n.YI)
	n.K.MulVecAdd(ii, 1, yin)
	n.Q.MulVecAdd(ii, 1, n.YE)
	n.P.MulVecAdd(ii, -1, n.YI)
	ok := true
	for i := range n.XE {
		n.XE[i] += n.DtTauE * (-n.XE[i] + ie[i])
		n.YE[i] = n.Rate(n.XE[i])
		if math.IsNaN(n.YE[i]) || math.IsInf(n.YE[i], 0) {
			ok = false
		}
	}
	for i := range n.XI {
		n.XI[i] += n.DtTauI * (-n.XI[i] + ii[i])
		n.YI[i] = n.Rate(n.XI[i])
		if math.IsNaN(n.YI[i]) || math.IsInf(n.YI[i], 0) {
			ok = false
		}
	}
	if !ok || !plastic {
		return ok
	}
	norm := n.Normalise
	d0 := hebbRows(n.W, n.U, n.YE, yin, n.YE, n.Eta[0], n.Eta[0], n.Budgets[0], norm)
	d1 := hebbRows(n.M, nil, n.YE, n.YI, nil, n.Eta[2], 0, n.Budgets[1], norm)
	d2 := hebbRows(n.K, n.Q, n.YI, yin, n.YE, n.Eta[1], n.Eta[1], n.Budgets[2], norm)
	d3 := hebbRows(n.P, nil, n.YI, n.YI, nil, n.Eta[3], 0, n.Budgets[3], norm)
	if d := math.Max(math.Max(d0, d1), math.Max(d2, d3)); d > n.MaxNormDev {
		n.MaxNormDev = d
	}
	return true
}

// hebbRows is the fused Hebb + clip-at-zero + joint L1 normalisation kernel:
// for each row i, A_i += ηa·post_i·preA, B_i += ηb·post_i·preB (B may be
// nil), both clipped at 0, then rescaled jointly to L1 norm budget (rows of
// zero norm are skipped). Equivalent to Hebb, Clip and NormalizeRows in turn.
// It returns the largest |row norm − budget| after normalisation, measured
// in the scaling pass (a skipped zero row counts as a deviation of budget).
func hebbRows(A, B *Dense, post, preA, preB []float64, etaA, etaB, budget float64, norm bool) float64 {
	dev := 0.0
	for i, yi := range post {
		ra := A.Data[i*A.Cols : (i+1)*A.Cols]
		s := hebbRow(ra, preA, etaA*yi)
		var rb []float64
		if B != nil {
			rb = B.Data[i*B.Cols : (i+1)*B.Cols]
			s += hebbRow(rb, preB, etaB*yi)
		}
		if !norm {
			continue
		}
		if s == 0 {
			dev = math.Max(dev, budget)
			continue
		}
		f := budget / s
		s2 := scaleRow(ra, f)
		if rb != nil {
			s2 += scaleRow(rb, f)
		}
		dev = math.Max(dev, math.Abs(s2-budget))
	}
	return dev
}

// hebbRow sets row_j ← max(0, row_j + c·pre_j) and returns Σ_j row_j. Four
// independent partial sums break the floating-point add dependency chain.
func hebbRow(row, pre []float64, c float64) float64 {
	pre = pre[:len(row)]
	var s0, s1, s2, s3 float64
	j := 0
	for ; j+4 <= len(row); j += 4 {
		r, p := row[j:j+4:j+4], pre[j:j+4:j+4]
		w0, w1, w2, w3 := r[0]+c*p[0], r[1]+c*p[1], r[2]+c*p[2], r[3]+c*p[3]
		w0, w1, w2, w3 = max(w0, 0), max(w1, 0), max(w2, 0), max(w3, 0)
		r[0], r[1], r[2], r[3] = w0, w1, w2, w3
		s0 += w0
		s1 += w1
		s2 += w2
		s3 += w3
	}
	for ; j < len(row); j++ {
		w := max(row[j]+c*pre[j], 0)
		row[j] = w
		s0 += w
	}
	return (s0 + s1) + (s2 + s3)
}

// scaleRow sets row ← f·row and returns the new Σ_j row_j.
func scaleRow(row []float64, f float64) float64 {
	var s0, s1, s2, s3 float64
	j := 0
	for ; j+4 <= len(row); j += 4 {
		r := row[j : j+4 : j+4]
		r[0] *= f
		r[1] *= f
		r[2] *= f
		r[3] *= f
		s0 += r[0]
		s1 += r[1]
		s2 += r[2]
		s3 += r[3]
	}
	for ; j < len(row); j++ {
		row[j] *= f
		s0 += row[j]
	}
	return (s0 + s1) + (s2 + s3)
}
