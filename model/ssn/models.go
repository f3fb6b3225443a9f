package ssn

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Params are the constants shared by the two-population and ring models
// (authors' code generic_prms.ml; times in s).
type Params struct {
	TauE, TauI         float64 // membrane time constants (s)
	K, Power           float64 // power law r = k floor(V)_+^n (Hz/mV^n, -)
	WEE, WEI, WIE, WII float64 // E/I weights W_2x2 (mV·s); W_EI, W_II ≤ 0
	TauEta             float64 // noise correlation time (s)
	// SigmaE and SigmaI are the V std of an unconnected E or I unit (mV);
	// the OU noise std carries the factor sqrt(1 + tau/tau_eta) (NoiseStd).
	SigmaE, SigmaI float64
	Rho            float64 // E–I noise correlation, in [-1, 1]
}

// TwoPopParams returns the two-population constants of Hennequin et al.
// (2018) (authors' code generic_prms.ml and two_populations/*.ml, as the
// ssn-variability spec lists them; times in s): tau_E = 20 ms, tau_I =
// 10 ms, tau_eta = 50 ms, r = 0.3 floor(V)_+^2 Hz, W_2x2 = [[1.25, −0.65],
// [1.2, −0.5]] mV·s, sigma_E = 0.2 mV, sigma_I = 0.1 mV and rho = 0 (the
// ring model keeps tau, k, n and W but sets sigma_E = 1, sigma_I = 0.5,
// rho = 1). Use it as TwoPop(TwoPopParams()), or change fields first.
func TwoPopParams() Params {
	return Params{
		TauE: 0.02, TauI: 0.01, TauEta: 0.05,
		K: 0.3, Power: 2,
		WEE: 1.25, WEI: -0.65, WIE: 1.2, WII: -0.5,
		SigmaE: 0.2, SigmaI: 0.1, Rho: 0,
	}
}

// W2 returns the 2×2 E/I weight matrix.
func (p Params) W2() *mat.Dense {
	return mat.NewDense(2, 2, []float64{p.WEE, p.WEI, p.WIE, p.WII})
}

// noiseFactor2 returns a factor C of Sigma_2x2 = [[sE^2, rho sE sI], [., sI^2]]
// (C C^T = Sigma_2x2), with sE, sI the OU stds. For |rho| = 1 it is the
// single column s = (sE, rho sI); otherwise the 2×2 Cholesky factor.
func (p Params) noiseFactor2() *mat.Dense {
	se := NoiseStd(p.SigmaE, p.TauE, p.TauEta)
	si := NoiseStd(p.SigmaI, p.TauI, p.TauEta)
	if math.Abs(p.Rho) == 1 {
		return mat.NewDense(2, 1, []float64{se, p.Rho * si})
	}
	return mat.NewDense(2, 2, []float64{se, 0, p.Rho * si, si * math.Sqrt(1-p.Rho*p.Rho)})
}

// TwoPop returns the two-population (E, I) model: unit 0 is E, unit 1 is I.
func TwoPop(p Params) *Network {
	c := p.noiseFactor2()
	if _, q := c.Dims(); q == 1 {
		c = mat.NewDense(2, 2, []float64{c.At(0, 0), 0, c.At(1, 0), 0})
	}
	return &Network{
		Tau: []float64{p.TauE, p.TauI}, K: p.K, Power: p.Power,
		W: NewDense(p.W2()), TauEta: p.TauEta, NoiseFactor: NewDense(c),
	}
}

// RingAngles returns the preferred angles theta_i = 2 pi i / m (rad).
func RingAngles(m int) []float64 {
	th := make([]float64, m)
	for i := range th {
		th[i] = 2 * math.Pi * float64(i) / float64(m)
	}
	return th
}

// RingKernel returns B_ij = exp((cos(theta_i - theta_j) - 1) / l^2) (l in
// rad), the circulant tuning kernel of the ring model (spec).
func RingKernel(m int, l float64) *mat.SymDense {
	th := RingAngles(m)
	b := mat.NewSymDense(m, nil)
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			b.SetSym(i, j, math.Exp((math.Cos(th[i]-th[j])-1)/(l*l)))
		}
	}
	return b
}

// PSDFactor returns F with F F^T = s for a symmetric positive semidefinite s,
// F = U sqrt(max(Lambda, 0)) from s's eigendecomposition. The ring's noise
// kernel has eigenvalues down to ~1e-34, below rounding, so its Cholesky
// factorisation fails; this factor has the same law.
func PSDFactor(s mat.Symmetric) *mat.Dense {
	var eig mat.EigenSym
	if !eig.Factorize(s, true) {
		panic("ssn: PSDFactor: eigendecomposition failed")
	}
	var u mat.Dense
	eig.VectorsTo(&u)
	vals := eig.Values(nil)
	n := len(vals)
	f := mat.NewDense(n, n, nil)
	for j, l := range vals {
		c := math.Sqrt(math.Max(l, 0))
		for i := 0; i < n; i++ {
			f.Set(i, j, u.At(i, j)*c)
		}
	}
	return f
}

// RingConfig describes the ring model's geometry and noise (spec, authors'
// code ring/*.ml).
type RingConfig struct {
	M         int     // units per population (E and I each)
	LW        float64 // tuning width of W (rad); its kernel is row-normalised
	LNoise    float64 // tuning width of the noise kernel (rad); unit diagonal
	NoiseDiag float64 // std of the independent noise added to every unit (mV)
}

// Ring returns the ring model of 2M units (E units 0..M-1, I units M..2M-1):
// W = W_2x2 ⊗ B(LW)/rowsum and Sigma_eta = Sigma_2x2 ⊗ B(LNoise) + d^2 I.
func Ring(p Params, rc RingConfig) *Network {
	m := rc.M
	bw := RingKernel(m, rc.LW)
	var rowsum float64
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			rowsum += bw.At(i, j)
		}
	}
	rowsum /= float64(m)
	bws := mat.NewDense(m, m, nil)
	bws.Scale(1/rowsum, bw)
	tau := make([]float64, 2*m)
	for i := 0; i < m; i++ {
		tau[i], tau[m+i] = p.TauE, p.TauI
	}
	return &Network{
		Tau: tau, K: p.K, Power: p.Power,
		W:           NewKron(p.W2(), bws),
		TauEta:      p.TauEta,
		NoiseFactor: NewKron(p.noiseFactor2(), PSDFactor(RingKernel(m, rc.LNoise))),
		NoiseDiag:   rc.NoiseDiag,
	}
}

// RingInput returns the ring's input h = base + c·amp·[b; b] with b_i =
// exp((cos(theta_i - theta0) - 1)/l^2) (mV; spec, figure4.ml).
func RingInput(m int, base, amp, c, theta0, l float64) []float64 {
	th := RingAngles(m)
	h := make([]float64, 2*m)
	for i, t := range th {
		b := math.Exp((math.Cos(t-theta0) - 1) / (l * l))
		h[i] = base + c*amp*b
		h[m+i] = h[i]
	}
	return h
}
