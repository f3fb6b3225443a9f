package rule2022

import (
	"context"
	"math"
	"math/rand/v2"

	"neurolab/internal/num"
	"neurolab/model/plasticity"
)

// expLimit is the clip of the exponential rate nonlinearity φ(x) =
// exp(clip(x, ±9.4192)) (master.py).
const expLimit = 9.4192

// phi is the clipped exponential rate function.
func phi(x float64) float64 {
	if x > expLimit {
		x = expLimit
	} else if x < -expLimit {
		x = -expLimit
	}
	return math.Exp(x)
}

// ringHeatKernel returns the L×L heat kernel expm(−(σ²/2)·Lap) of the ring
// graph, Lap = D − A, with columns scaled to unit sum (master.py getmap). The
// ring Laplacian is circulant with eigenvalues 2 − 2cos(2πj/L) on the Fourier
// modes, so k_ab = (1/L)·Σ_j exp(−(σ²/2)(2−2cos(2πj/L)))·cos(2πj(a−b)/L).
func ringHeatKernel(L int, sigma float64) []float64 {
	t := sigma * sigma / 2
	c := make([]float64, L) // circulant first column, c[d] = k(a, a+d)
	for d := 0; d < L; d++ {
		var s float64
		for j := 0; j < L; j++ {
			th := 2 * math.Pi * float64(j) / float64(L)
			s += math.Exp(-t*(2-2*math.Cos(th))) * math.Cos(th*float64(d))
		}
		c[d] = s / float64(L)
	}
	var sum float64
	for _, v := range c {
		sum += v
	}
	k := make([]float64, L*L)
	for a := 0; a < L; a++ {
		for b := 0; b < L; b++ {
			d := (a - b + L) % L
			k[a*L+b] = c[d] / sum
		}
	}
	return k
}

// homeostat runs the encoding homeostasis of one feature (spec; master.py
// hhelper): with x̃ the location-centred drive and μ_x its mean,
// λ = φ(γx̃ + β + μ_x), β += κβ(μ* − mean λ), γ += κγ(1 − std λ/σ*), for iters
// iterations, and writes the final λ to lam.
func homeostat(lam, drive []float64, gamma, beta *float64, iters int) {
	const kBeta, kGamma, muT, sigT = 0.2, 0.1, 4.0, 5.0
	var mu float64
	for _, v := range drive {
		mu += v
	}
	mu /= float64(len(drive))
	rates := func() {
		for i, v := range drive {
			lam[i] = phi(*gamma*(v-mu) + *beta + mu)
		}
	}
	for it := 0; it < iters; it++ {
		rates()
		m, s := plasticity.MeanSD(lam)
		*beta += kBeta * (muT - m)
		*gamma += kGamma * (1 - s/sigT)
	}
	rates()
}

// features simulates the drifting encoding population and returns, for each
// day in days (ascending; a repeated day gets the same matrix), the (K+1)×L feature matrix (row-major, last row
// the constant bias feature). Each feature has its own random stream, so the
// result does not depend on the number of workers.
func features(ctx context.Context, p Params, seed uint64, days []int, workers int) ([][]float64, error) {
	K, L := p.K, p.L
	kern := ringHeatKernel(L, p.Sigma*float64(L))
	out := make([][]float64, len(days))
	for d := range out {
		out[d] = make([]float64, (K+1)*L)
		for l := 0; l < L; l++ {
			out[d][K*L+l] = 1
		}
	}
	alpha := math.Exp(-1 / p.Tau)
	err := num.ParallelFor(ctx, workers, K, func(k int) error {
		rng := num.Stream(seed, 1, uint64(k))
		a := make([]float64, L)
		drive := make([]float64, L)
		lam := make([]float64, L)
		fresh := make([]float64, L)
		smooth := func(dst, src []float64) {
			for i := 0; i < L; i++ {
				var s float64
				row := kern[i*L : (i+1)*L]
				for j, v := range src {
					s += row[j] * v
				}
				dst[i] = s
			}
		}
		for i := range a {
			a[i] = rng.NormFloat64()
		}
		gamma, beta := 0.0, -2.0
		smooth(drive, a)
		homeostat(lam, drive, &gamma, &beta, 50)
		next := 0
		for t := 0; next < len(days); t++ {
			if t > 0 {
				plasticity.OUStep(a, alpha, rng)
				smooth(drive, a)
				homeostat(lam, drive, &gamma, &beta, 5)
			}
			if t != days[next] {
				continue
			}
			mixDaily(out[next][k*L:(k+1)*L], lam, fresh, drive, kern, p.R, rng, smooth)
			next++
			// A day listed twice (day 0 is also the first session day when
			// delta = 1) gets the same features; before, the loop waited
			// for t to come back to it and never ended.
			for next < len(days) && days[next] == t {
				copy(out[next][k*L:(k+1)*L], out[next-1][k*L:(k+1)*L])
				next++
			}
		}
		return nil
	})
	return out, err
}

// mixDaily adds the daily extra variability to one feature's rates lam and
// writes the mean-centred result to dst: in the log domain x ← √(1−r)·ln λ +
// √r·ln ξ, where ξ is an independently drawn smoothed feature after
// homeostasis; then homeostasis from γ = 0.5, β = −2 for 50 iterations, then
// centring over locations (spec; master.py prepare_features).
func mixDaily(dst, lam, fresh, scratch, kern []float64, r float64, rng *rand.Rand,
	smooth func(dst, src []float64)) {
	L := len(lam)
	if r > 0 {
		for i := range fresh {
			fresh[i] = rng.NormFloat64()
		}
		smooth(scratch, fresh)
		g, b := 0.0, -2.0
		homeostat(fresh, scratch, &g, &b, 50)
		for i := 0; i < L; i++ {
			scratch[i] = math.Sqrt(1-r)*slog(lam[i]) + math.Sqrt(r)*slog(fresh[i])
		}
		g, b = 0.5, -2
		homeostat(dst, scratch, &g, &b, 50)
	} else {
		copy(dst, lam)
	}
	var m float64
	for _, v := range dst {
		m += v
	}
	m /= float64(L)
	for i := range dst {
		dst[i] -= m
	}
}

// slog is the floored logarithm ln(max(x, 9.1469e-12)) (master.py).
func slog(x float64) float64 { return math.Log(math.Max(x, 9.1469e-12)) }
