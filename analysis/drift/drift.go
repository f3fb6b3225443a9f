package drift

import (
	"context"
	"math"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/stats"
	"neurolab/experiment"
	"neurolab/internal/num"
)

// Responses is a repeats × bins × cells array in C order: element (r, b, n)
// is Data[(r*Bins+b)*Cells+n].
type Responses struct {
	Repeats, Bins, Cells int
	Data                 []float64
}

// Repeat returns repeat r as a cells × bins matrix (a copy), the layout of
// the correlations in package stats.
func (x Responses) Repeat(r int) *mat.Dense {
	m := mat.NewDense(x.Cells, x.Bins, nil)
	for b := 0; b < x.Bins; b++ {
		row := x.Data[(r*x.Bins+b)*x.Cells : (r*x.Bins+b+1)*x.Cells]
		for n, v := range row {
			m.Set(n, b, v)
		}
	}
	return m
}

// Result holds the pairwise measures (repeats × repeats, row-major, upper
// triangle filled, NaN elsewhere) and their lag curves (index ℓ−1 for lag ℓ =
// 1..Repeats−1, the mean over pairs (r, r+ℓ)).
type Result struct {
	Repeats    int
	PV         []float64 // mean over bins of the across-cell correlation
	Rate       []float64 // across-cell correlation of mean activity
	Tuning     []float64 // median (or mean) over cells of the tuning-curve correlation
	Decoder    []float64 // 1-NN accuracy, train r1 test r2 (fraction)
	Shuffle    float64   // mean accuracy with permuted training labels; NaN when Options.Shuffles is 0 (control not run)
	PVLag      []float64
	RateLag    []float64
	TuningLag  []float64
	DecoderLag []float64
}

// Options sets Analyze.
type Options struct {
	TuningMean bool               // mean over cells instead of the median (calcium Fig S1L)
	Shuffles   int                // label permutations of the decoder control (spec: 100); 0 skips it (Result.Shuffle is NaN)
	Seed       uint64             // permutation stream seed
	Workers    int                // goroutines, ≥ 0 (0 and 1 both mean serial); results do not depend on it
	Progress   func(frac float64) // if not nil, called with the fraction of the work done
}

// Analyze computes every pairwise measure and the lag curves. Bad input
// (fewer than 2 repeats, bins or cells, len(Data) ≠ Repeats·Bins·Cells, a
// NaN or Inf response, Shuffles < 0, Workers < 0) yields an error wrapping
// experiment.ErrInput.
func Analyze(ctx context.Context, x Responses, o Options) (*Result, error) {
	R, B, N := x.Repeats, x.Bins, x.Cells
	if R < 2 || B < 2 || N < 2 {
		return nil, experiment.Inputf("drift: need at least 2 repeats, bins and cells (got %d, %d, %d)", R, B, N)
	}
	if len(x.Data) != R*B*N {
		return nil, experiment.Inputf("drift: len(Data) = %d, want Repeats·Bins·Cells = %d·%d·%d = %d", len(x.Data), R, B, N, R*B*N)
	}
	if o.Shuffles < 0 {
		return nil, experiment.Inputf("drift: Options.Shuffles = %d, must be >= 0 (0 skips the shuffle control)", o.Shuffles)
	}
	if o.Workers < 0 {
		return nil, experiment.Inputf("drift: Options.Workers = %d: want ≥ 0 (0 and 1 both mean serial)", o.Workers)
	}
	for i, v := range x.Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, experiment.Inputf("drift: responses hold NaN or Inf (Data[%d] = %g: repeat %d, bin %d, cell %d)", i, v, i/(B*N), i/N%B, i%N)
		}
	}
	// Every measure is invariant under a positive scaling of the data; a
	// power of two brings extreme magnitudes (whose squares or products
	// would overflow or underflow) near 1 without rounding.
	if f := num.Pow2Scale(x.Data); f != 1 {
		y := x
		y.Data = make([]float64, len(x.Data))
		for i, v := range x.Data {
			y.Data[i] = v * f
		}
		x = y
	}
	reps := make([]*mat.Dense, R)
	pvs := make([]*stats.PVMap, R) // per-repeat facts shared by the R−1 PV correlations of each repeat
	for r := range reps {
		reps[r] = x.Repeat(r)
		pvs[r] = stats.NewPVMap(reps[r])
	}
	res := &Result{Repeats: R, Shuffle: math.NaN()}
	for _, p := range []*[]float64{&res.PV, &res.Rate, &res.Tuning, &res.Decoder} {
		*p = make([]float64, R*R)
		for i := range *p {
			(*p)[i] = math.NaN()
		}
	}
	nn := make([][]int, R*R) // nearest training bin of each test bin
	tally := num.NewTally(R*(R-1)/2, o.Progress)
	err := num.ParallelFor(ctx, o.Workers, R, func(r1 int) error {
		tc, scratch := make([]float64, N), make([]float64, B)
		for r2 := r1 + 1; r2 < R; r2++ {
			a, b := reps[r1], reps[r2]
			res.PV[r1*R+r2] = stats.PVCorrelationMaps(pvs[r1], pvs[r2], scratch)
			res.Rate[r1*R+r2] = stats.RateCorrelation(a, b)
			stats.TuningCorrelations(tc, a, b)
			if o.TuningMean {
				res.Tuning[r1*R+r2] = stats.MeanNaN(tc)
			} else {
				res.Tuning[r1*R+r2] = stats.MedianNaN(tc)
			}
			idx := NearestNeighbours(x, r1, r2)
			nn[r1*R+r2] = idx
			correct := 0
			for b, j := range idx {
				if j == b {
					correct++
				}
			}
			res.Decoder[r1*R+r2] = float64(correct) / float64(B)
		}
		// The fraction of the R(R−1)/2 pairs done: repeat r1 holds R−1−r1
		// of them, so counting repeats would run ahead of the work (half
		// the repeats are three quarters of the pairs) and the caller's
		// time-left estimate behind it.
		tally.Add(float64(R - 1 - r1))
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Shuffle control: permuted training labels; predictions do not depend
	// on labels, so the accuracy is the fraction of test bins b with
	// perm[nn(b)] == b, averaged over permutations and all pairs.
	if o.Shuffles > 0 {
		var sum float64
		var cnt int
		for k := 0; k < o.Shuffles; k++ {
			perm := num.Stream(o.Seed, uint64(k)).Perm(B)
			for _, idx := range nn {
				if idx == nil {
					continue
				}
				c := 0
				for b, j := range idx {
					if perm[j] == b {
						c++
					}
				}
				sum += float64(c) / float64(B)
				cnt++
			}
		}
		res.Shuffle = sum / float64(cnt)
	}
	res.PVLag = LagCurve(res.PV, R)
	res.RateLag = LagCurve(res.Rate, R)
	res.TuningLag = LagCurve(res.Tuning, R)
	res.DecoderLag = LagCurve(res.Decoder, R)
	return res, nil
}

// NearestNeighbours returns, for each bin of repeat test, the bin of repeat
// train whose population vector is nearest in Euclidean distance (ties to the
// lower bin): the 1-NN time-lapse decoder's prediction.
func NearestNeighbours(x Responses, train, test int) []int {
	B, N := x.Bins, x.Cells
	out := make([]int, B)
	// The squared distances of extreme magnitudes overflow or underflow:
	// scale both repeats by a power of two (exact; 1 for ordinary data).
	f := num.Pow2Scale(x.Data[train*B*N:(train+1)*B*N], x.Data[test*B*N:(test+1)*B*N])
	for b := 0; b < B; b++ {
		q := x.Data[(test*B+b)*N : (test*B+b+1)*N]
		best, bd := 0, math.Inf(1)
		for j := 0; j < B; j++ {
			p := x.Data[(train*B+j)*N : (train*B+j+1)*N]
			p = p[:len(q)]
			var d float64
			if f != 1 {
				for n := range q {
					e := q[n]*f - p[n]*f
					d += e * e
				}
			} else {
				for n := range q {
					e := q[n] - p[n]
					d += e * e
				}
			}
			if d < bd {
				best, bd = j, d
			}
		}
		out[b] = best
	}
	return out
}

// LagCurve returns the mean of the ℓ-th superdiagonal of the R × R matrix m
// for ℓ = 1..R−1 (NaN entries skipped).
func LagCurve(m []float64, R int) []float64 {
	out := make([]float64, R-1)
	v := make([]float64, 0, R)
	for l := 1; l < R; l++ {
		v = v[:0]
		for r := 0; r+l < R; r++ {
			v = append(v, m[r*R+r+l])
		}
		out[l-1] = stats.MeanNaN(v)
	}
	return out
}

// LagDifference returns mean(curve at lags lo1..hi1) − mean(curve at lags
// lo2..hi2) (lags 1-based, inclusive), the spec's "lag 1 vs lag 29"
// comparison with lags 1–5 against 25–29.
func LagDifference(curve []float64, lo1, hi1, lo2, hi2 int) float64 {
	return stats.MeanNaN(curve[lo1-1:hi1]) - stats.MeanNaN(curve[lo2-1:hi2])
}
