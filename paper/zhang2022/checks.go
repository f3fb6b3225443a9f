package zhang2022

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
	"neurolab/model/attractor"
	"neurolab/model/lds"
)

// nodeFP is a single-node fixed point (S_E, S_I).
type nodeFP struct{ sE, sI float64 }

// nullclineScan finds the fixed points of one uncoupled node independently
// of model/attractor (spec check 1): for each S_E on a log grid 1e-12…1e-2
// plus a linear grid to 1, solve the S_I equation (monotone decreasing in
// S_I, positive at 0 and negative at 1) by bisection, then locate the sign
// changes of dS_E/dt along the S_I nullcline and refine them by bisection.
func nullclineScan(m *model) []nodeFP {
	sIof := func(sE float64) float64 {
		lo, hi := 0.0, 1.0
		for it := 0; it < 200 && hi-lo > 1e-16; it++ {
			mid := 0.5 * (lo + hi)
			g := -mid/m.tauI + (1-mid)*m.gamI*m.hI.eval(m.wEI*sE-m.wII*mid+m.iI)
			if g > 0 {
				lo = mid
			} else {
				hi = mid
			}
		}
		return 0.5 * (lo + hi)
	}
	fE := func(sE float64) float64 {
		sI := sIof(sE)
		return -sE/m.tauE + (1-sE)*m.gamE*m.hE.eval(m.wEE*sE-m.wIE*sI+m.iE)
	}
	var grid []float64
	for k := 0; k <= 400; k++ {
		grid = append(grid, math.Pow(10, -12+10*float64(k)/400))
	}
	for k := 1; k <= 4000; k++ {
		grid = append(grid, 1e-2+(1-1e-2)*float64(k)/4000)
	}
	var out []nodeFP
	prev := fE(grid[0])
	for k := 1; k < len(grid); k++ {
		cur := fE(grid[k])
		if prev == 0 {
			out = append(out, nodeFP{grid[k-1], sIof(grid[k-1])})
		} else if prev*cur < 0 {
			lo, hi := grid[k-1], grid[k]
			flo := prev
			for it := 0; it < 200 && hi-lo > 1e-15*hi; it++ {
				mid := 0.5 * (lo + hi)
				fm := fE(mid)
				if fm*flo > 0 {
					lo, flo = mid, fm
				} else {
					hi = mid
				}
			}
			r := 0.5 * (lo + hi)
			out = append(out, nodeFP{r, sIof(r)})
		}
		prev = cur
	}
	return out
}

// nodeNewton finds every fixed point of one node by Newton's method from a
// grid of seeds (log and linear in S_E, linear in S_I) with model/attractor,
// keeping those in the physical box [0,1]².
func nodeNewton(ctx context.Context, m *model) ([]nodeFP, error) {
	fps, err := attractor.FixedPoints(ctx, m, nodeSeeds(), attractor.Options{DedupTol: 1e-9, Workers: 1})
	if err != nil {
		return nil, err
	}
	var out []nodeFP
	for _, f := range fps {
		if inNodeBox(f.X) {
			out = append(out, nodeFP{f.X[0], f.X[1]})
		}
	}
	return out, nil
}

// nodeStable counts the stable fixed points of the single-node model m
// found from nodeSeeds (the product rule's expected count per node).
func nodeStable(ctx context.Context, m *model) (int, error) {
	fps, err := attractor.FixedPoints(ctx, m, nodeSeeds(), attractor.Options{DedupTol: 1e-9, Workers: 1})
	if err != nil {
		return 0, err
	}
	k := 0
	for _, f := range fps {
		if inNodeBox(f.X) && f.Kind.Stable() {
			k++
		}
	}
	return k, nil
}

// inNodeBox reports whether a node state (S_E, S_I) lies in the model's
// physical box (S_E in [1e-13, 1], S_I in [0, 1]).
func inNodeBox(x []float64) bool { return x[0] >= 1e-13 && x[0] <= 1 && x[1] >= 0 && x[1] <= 1 }

// nodeSeeds are the single-node search's seeds: S_E on a log grid from
// 1e-12 and a linear grid to 1, times S_I in 0, 0.1, …, 1.
func nodeSeeds() [][]float64 {
	var seeds [][]float64
	var sEs []float64
	for k := 0; k <= 20; k++ {
		sEs = append(sEs, math.Pow(10, -12+10*float64(k)/20))
	}
	for k := 1; k <= 40; k++ {
		sEs = append(sEs, float64(k)/40)
	}
	for _, sE := range sEs {
		for k := 0; k <= 10; k++ {
			seeds = append(seeds, []float64{sE, float64(k) / 10})
		}
	}
	return seeds
}

// compareNode returns |count difference| and the largest |ΔS_E|, |ΔS_I|
// between the two sets after sorting by S_E (Inf when counts differ).
func compareNode(a, b []nodeFP) (int, float64) {
	sort.Slice(a, func(i, j int) bool { return a[i].sE < a[j].sE })
	sort.Slice(b, func(i, j int) bool { return b[i].sE < b[j].sE })
	if len(a) != len(b) {
		d := len(a) - len(b)
		if d < 0 {
			d = -d
		}
		return d, math.Inf(1)
	}
	e := 0.0
	for i := range a {
		e = math.Max(e, math.Max(math.Abs(a[i].sE-b[i].sE), math.Abs(a[i].sI-b[i].sI)))
	}
	return 0, e
}

// coordination returns the Pearson correlation of S_E between regions across
// the stable fixed points (N×N, NaN where a region is constant over the
// set), spec "cross-attractor coordination".
func coordination(fps []attractor.FixedPoint, n int) []float64 {
	out := make([]float64, n*n)
	k := float64(len(fps))
	mean := make([]float64, n)
	for _, f := range fps {
		for i := 0; i < n; i++ {
			mean[i] += f.X[i] / k
		}
	}
	cov := make([]float64, n*n)
	for _, f := range fps {
		for i := 0; i < n; i++ {
			di := f.X[i] - mean[i]
			for j := 0; j < n; j++ {
				cov[i*n+j] += di * (f.X[j] - mean[j])
			}
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			d := math.Sqrt(cov[i*n+i] * cov[j*n+j])
			if len(fps) < 2 || d == 0 || cov[i*n+i] < 1e-24 || cov[j*n+j] < 1e-24 {
				out[i*n+j] = math.NaN()
				continue
			}
			out[i*n+j] = cov[i*n+j] / d
		}
	}
	return out
}

// lyapunovFC returns the predicted correlation matrix of S_E for the
// linearised Euler–Maruyama dynamics around x*: with F = I + dt J, the
// stationary covariance solves Σ = F Σ Fᵀ + σ² dt I (solved by doubling).
func lyapunovFC(m *model, x []float64, dt, sigma float64) ([]float64, error) {
	n := m.Dim()
	J := mat.NewDense(n, n, nil)
	attractor.NumericalJacobian(J, m, x)
	F := mat.NewDense(n, n, nil)
	F.Scale(dt, J)
	for i := 0; i < n; i++ {
		F.Set(i, i, F.At(i, i)+1)
	}
	S := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		S.Set(i, i, sigma*sigma*dt)
	}
	S, normFk := lds.LyapunovDoubling(F, S, 80, 1e-16)
	if normFk > 1e-8 {
		return nil, errNotStable
	}
	N := m.n
	out := make([]float64, N*N)
	for i := 0; i < N; i++ {
		for j := 0; j < N; j++ {
			out[i*N+j] = S.At(i, j) / math.Sqrt(S.At(i, i)*S.At(j, j))
		}
	}
	return out, nil
}

var errNotStable = errors.New("zhang2022: linearisation not stable")

// noiseFC simulates the network with additive noise σ√dt ξ on all 2N
// equations (Euler–Maruyama, no clipping) from x0 for tBurn + tRec seconds
// and returns the correlation matrix of S_E over the recording (sampled
// every 10 steps).
func noiseFC(ctx context.Context, m *model, x0 []float64, p Params, rng *rand.Rand) ([]float64, error) {
	n := m.Dim()
	N := m.n
	x := append([]float64(nil), x0...)
	f := make([]float64, n)
	sq := p.Sigma * math.Sqrt(p.Dt)
	burn := int(math.Round(p.TBurn / p.Dt))
	rec := int(math.Round(p.TNoise / p.Dt))
	sum := make([]float64, N)
	prod := make([]float64, N*N)
	cnt := 0.0
	for s := 0; s < burn+rec; s++ {
		if s%200000 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		m.Deriv(f, x)
		for i := range x {
			x[i] += p.Dt*f[i] + sq*rng.NormFloat64()
		}
		if s >= burn && (s-burn)%10 == 0 {
			if !finiteVec(x) {
				return nil, &experiment.DivergedError{What: "noise-driven simulation", T: float64(s) * p.Dt, Unit: "s"}
			}
			for i := 0; i < N; i++ {
				sum[i] += x[i]
				for j := i; j < N; j++ {
					prod[i*N+j] += x[i] * x[j]
				}
			}
			cnt++
		}
	}
	out := make([]float64, N*N)
	for i := 0; i < N; i++ {
		for j := i; j < N; j++ {
			cij := prod[i*N+j]/cnt - sum[i]*sum[j]/(cnt*cnt)
			cii := prod[i*N+i]/cnt - sum[i]*sum[i]/(cnt*cnt)
			cjj := prod[j*N+j]/cnt - sum[j]*sum[j]/(cnt*cnt)
			r := cij / math.Sqrt(cii*cjj)
			out[i*N+j], out[j*N+i] = r, r
		}
	}
	return out, nil
}

func finiteVec(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
