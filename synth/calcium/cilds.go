package calcium

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/dsp/fourier"
	"gonum.org/v1/gonum/mat"
)

// CILDSParams are the parameters of the CILDS generative model (see
// dimred.CILDS for the equations); diagonal matrices are vectors.
type CILDSParams struct {
	B, R, G, B0, Q []float64 // per neuron
	A              *mat.Dense
	D, P           []float64 // per latent
	Mu1, Cov1      []float64
	H2, G2         []float64
}

// DemoCILDS draws the parameters of the authors' demo generator
// (script_generatecildsdata.m, spec cilds (B)): B = I; G = diag(0.95 +
// 0.05u); D = diag(0.9 + 0.1u); A ~ N(0,1)^{q×p}; b, μ₁ ~ U(0,1); Q, R, P,
// cov₁, G₂ = diag(u); h₂ = 0; u ~ U(0,1) i.i.d.
func DemoCILDS(rng *rand.Rand, q, p int) CILDSParams {
	u := func(n int, a, s float64) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = a + s*rng.Float64()
		}
		return x
	}
	par := CILDSParams{}
	par.B = u(q, 1, 0)
	par.G = u(q, 0.95, 0.05)
	par.D = u(p, 0.9, 0.1)
	par.A = mat.NewDense(q, p, nil)
	for i := 0; i < q; i++ {
		for j := 0; j < p; j++ {
			par.A.Set(i, j, rng.NormFloat64())
		}
	}
	par.B0 = u(q, 0, 1)
	par.Mu1 = u(q, 0, 1)
	par.Q = u(q, 0, 1)
	par.R = u(q, 0, 1)
	par.P = u(p, 0, 1)
	par.Cov1 = u(q, 0, 1)
	par.G2 = u(p, 0, 1)
	par.H2 = make([]float64, p)
	return par
}

// SampleCILDS draws one trial of T frames: Y (T×q fluorescence), C (T×q
// calcium) and Z (T×p), with row t of Z the latent z_{t+1} that drives
// c_{t+1} (the latent part of the augmented state x_t = [c_t; z_{t+1}]).
func SampleCILDS(rng *rand.Rand, par CILDSParams, T int) (Y, C, Z *mat.Dense) {
	q, p := len(par.B), len(par.D)
	Y, C, Z = mat.NewDense(T, q, nil), mat.NewDense(T, q, nil), mat.NewDense(T, p, nil)
	c := make([]float64, q)
	z := make([]float64, p)
	for i := range c {
		c[i] = par.Mu1[i] + math.Sqrt(par.Cov1[i])*rng.NormFloat64()
	}
	for j := range z {
		z[j] = par.H2[j] + math.Sqrt(par.G2[j])*rng.NormFloat64()
	}
	for t := 0; t < T; t++ {
		if t > 0 {
			// c_t = G c_{t−1} + A z_t + b + v, with z_t the latent of row t−1.
			for i := range c {
				s := par.G[i]*c[i] + par.B0[i] + math.Sqrt(par.Q[i])*rng.NormFloat64()
				for j := range z {
					s += par.A.At(i, j) * z[j]
				}
				c[i] = s
			}
			for j := range z {
				z[j] = par.D[j]*z[j] + math.Sqrt(par.P[j])*rng.NormFloat64()
			}
		}
		for i := range c {
			C.Set(t, i, c[i])
			Y.Set(t, i, par.B[i]*c[i]+math.Sqrt(par.R[i])*rng.NormFloat64())
		}
		for j := range z {
			Z.Set(t, j, z[j])
		}
	}
	return Y, C, Z
}

// GP draws n samples at unit spacing of a zero-mean stationary Gaussian
// process with the kernel of Koh et al. (createparameter.m):
// k(Δ) = (1 − 1e-9) exp(−Δ²/(2τ²)) + 1e-9 δ_Δ, τ in samples, by circulant
// embedding (Dietrich & Newsam, SIAM J Sci Comput 18:1088, 1997) on a
// power-of-two grid of at least 2(n + 10τ) points; the few slightly negative
// eigenvalues of the embedding are set to 0.
func GP(rng *rand.Rand, n int, tau float64) []float64 {
	m := 1
	for m < 2*(n+int(10*tau)) {
		m *= 2
	}
	row := make([]complex128, m)
	for j := 0; j < m; j++ {
		d := float64(min(j, m-j))
		v := (1 - 1e-9) * math.Exp(-d*d/(2*tau*tau))
		if j == 0 {
			v += 1e-9
		}
		row[j] = complex(v, 0)
	}
	fft := fourier.NewCmplxFFT(m)
	lam := fft.Coefficients(nil, row)
	w := make([]complex128, m)
	for k := range w {
		l := math.Max(real(lam[k]), 0)
		s := math.Sqrt(l / float64(m))
		w[k] = complex(s*rng.NormFloat64(), s*rng.NormFloat64())
	}
	out := fft.Coefficients(nil, w)
	z := make([]float64, n)
	for i := range z {
		z[i] = real(out[i])
	}
	return z
}

// SpikeCalciumConfig configures SpikeCalcium (Koh et al. simulation
// framework, spec cilds (C)).
type SpikeCalciumConfig struct {
	Neurons   int     // q (30)
	Latents   int     // p (3)
	TauLatent float64 // GP time scale, ms (100 or 1000)
	Gamma     float64 // calcium decay per ms (0.9985)
	Noise     float64 // fluorescence noise SD (1.5 = medium)
	BinMS     int     // sampling interval, ms (25)
	Trials    int     // trials (40)
	TrialMS   int     // trial length, ms (2000)
	GainSD    float64 // SD of the loading A_ij, Hz per latent unit (3; our choice)
	BaseLo    float64 // b_i ~ U(BaseLo, BaseHi) Hz (5)
	BaseHi    float64 // (15)
}

// SpikeCalciumData is one simulated recording cut into trials.
type SpikeCalciumData struct {
	Y      []*mat.Dense // per trial, bins × q fluorescence
	Z      []*mat.Dense // per trial, bins × p true latent (mean over the bin)
	Spikes []*mat.Dense // per trial, bins × q spike counts
	C      []*mat.Dense // per trial, bins × q true calcium at the sample instants
	A      *mat.Dense   // q×p loading
	B      []float64    // q baselines (Hz)
}

func softplus(x float64) float64 {
	if x > 30 {
		return x
	}
	return math.Log1p(math.Exp(x))
}

// SpikeCalcium simulates one continuous recording of Trials·TrialMS ms:
// p GP latents at 1 ms, rates λ_i = softplus(A_i·z + b_i) Hz, a spike in a
// 1-ms bin with probability min(λ/1000, 1), calcium c ← γc + s per ms, and
// fluorescence y = c + Noise·ε sampled at the end of every BinMS-ms bin;
// the recording is then cut into Trials trials of ⌊TrialMS/BinMS⌋ bins
// (a trial's last TrialMS mod BinMS ms are simulated but not binned).
func SpikeCalcium(rng *rand.Rand, cfg SpikeCalciumConfig) SpikeCalciumData {
	q, p := cfg.Neurons, cfg.Latents
	total := cfg.Trials * cfg.TrialMS
	z := make([][]float64, p)
	for j := range z {
		z[j] = GP(rng, total, cfg.TauLatent)
	}
	A := mat.NewDense(q, p, nil)
	b := make([]float64, q)
	for i := 0; i < q; i++ {
		for j := 0; j < p; j++ {
			A.Set(i, j, cfg.GainSD*rng.NormFloat64())
		}
		b[i] = cfg.BaseLo + (cfg.BaseHi-cfg.BaseLo)*rng.Float64()
	}
	bins := cfg.TrialMS / cfg.BinMS
	d := SpikeCalciumData{A: A, B: b}
	for k := 0; k < cfg.Trials; k++ {
		d.Y = append(d.Y, mat.NewDense(bins, q, nil))
		d.Z = append(d.Z, mat.NewDense(bins, p, nil))
		d.Spikes = append(d.Spikes, mat.NewDense(bins, q, nil))
		d.C = append(d.C, mat.NewDense(bins, q, nil))
	}
	c := make([]float64, q)
	zt := make([]float64, p)
	for ms := 0; ms < total; ms++ {
		k := ms / cfg.TrialMS
		within := ms % cfg.TrialMS
		bin := within / cfg.BinMS
		// The last TrialMS mod BinMS ms of a trial (none when BinMS divides
		// TrialMS) are simulated but fall in no bin.
		inBin := bin < bins
		for j := range zt {
			zt[j] = z[j][ms]
			if inBin {
				d.Z[k].Set(bin, j, d.Z[k].At(bin, j)+zt[j]/float64(cfg.BinMS))
			}
		}
		for i := 0; i < q; i++ {
			x := b[i]
			for j := range zt {
				x += A.At(i, j) * zt[j]
			}
			c[i] *= cfg.Gamma
			if rng.Float64() < softplus(x)/1000 {
				c[i]++
				if inBin {
					d.Spikes[k].Set(bin, i, d.Spikes[k].At(bin, i)+1)
				}
			}
		}
		if inBin && (within+1)%cfg.BinMS == 0 {
			for i := 0; i < q; i++ {
				d.C[k].Set(bin, i, c[i])
				d.Y[k].Set(bin, i, c[i]+cfg.Noise*rng.NormFloat64())
			}
		}
	}
	return d
}
