package num

import (
	"math"
	"math/rand/v2"
)

// BinomialInversionMax is the mean n·min(p, 1−p) below which Binomial draws
// by inversion; at and above it, by BTPE. Kachitvichyanukul & Schmeiser
// (1988) use BTPE from n·min(p, 1−p) ≥ 10 (its triangle and parallelograms
// need a mode of about 10 to fit inside [0, n]); both are exact, so the
// switch point matters for speed only. Measured (BenchmarkBinomialSwitch,
// n = 1000, one core of the 2-core development machine; ns per draw,
// inversion with log(1−p) precomputed as BinomialP holds it / BTPE): mean
// 1: 44/–, 10: 67/127, 20: 83/114, 30: 90/104, 50: 113/90. Inversion costs
// one Exp plus ~1.4 ns per unit of mean, so with log(1−p) precomputed the
// two cross near a mean of 40, and near 25 when Binomial also computes
// log1p(−p) (~20 ns); 30 is within 15% of the faster of the two for both.
const BinomialInversionMax = 30

// Binomial returns one draw of Bin(n, p): the number of successes in n
// independent trials of success probability p. It is exact (up to
// floating-point rounding in the probabilities it compares with) and uses
// the symmetry Bin(n, p) = n − Bin(n, 1−p) to draw with r = min(p, 1−p):
//
//   - n·r < BinomialInversionMax: inversion by sequential search from 0
//     (Kachitvichyanukul & Schmeiser 1988, algorithm BINV): with q = 1−r,
//     f(0) = qⁿ and f(x)/f(x−1) = (r/q)·(n−x+1)/x, one uniform u, the answer
//     is the least x with Σ_{i≤x} f(i) ≥ u; expected n·r + 1 steps.
//   - otherwise BTPE (Kachitvichyanukul & Schmeiser, "Binomial random variate
//     generation", Commun. ACM 31:216–222, 1988): acceptance–rejection from
//     a majorizing function made of a triangle around the mode M = ⌊(n+1)r⌋,
//     two parallelograms and two exponential tails, with the paper's
//     immediate acceptance in the triangle (step 1), the recursive
//     evaluation of f(y)/f(M) near the mode (step 5.1), the squeeze of step
//     5.2 and the Stirling-series bound of step 5.3. Expected cost is
//     bounded in n.
//
// Both draw from rng only, so a stream gives the same draws in any
// program. p = 0 gives 0 and p = 1 gives n without drawing. It panics if
// n < 0 or p is outside [0, 1] (programmer errors). To draw many times with
// one p, NewBinomialP precomputes what does not depend on n.
func Binomial(rng *rand.Rand, n int, p float64) int {
	return NewBinomialP(p).Draw(rng, n)
}

// BinomialP draws Bin(n, p) for one success probability p and any n, as
// Binomial does, with the constants that do not depend on n computed once.
type BinomialP struct {
	p    float64 // success probability
	r    float64 // min(p, 1−p)
	logq float64 // log(1 − r), for f(0) = (1−r)ⁿ of the inversion
}

// NewBinomialP returns the sampler for success probability p. It panics if
// p is outside [0, 1].
func NewBinomialP(p float64) BinomialP {
	if !(p >= 0 && p <= 1) {
		panic("num: Binomial needs p in [0, 1]")
	}
	r := p
	if p > 0.5 {
		r = 1 - p // exact for p in (½, 1) (Sterbenz)
	}
	return BinomialP{p: p, r: r, logq: math.Log1p(-r)}
}

// Draw returns one draw of Bin(n, p) (see Binomial). It panics if n < 0.
func (b BinomialP) Draw(rng *rand.Rand, n int) int {
	if n < 0 {
		panic("num: Binomial needs n ≥ 0")
	}
	if n == 0 || b.p == 0 {
		return 0
	}
	if b.p == 1 {
		return n
	}
	var x int
	if float64(n)*b.r < BinomialInversionMax {
		x = binomialInv(rng, n, b.r, b.logq)
	} else {
		x = binomialBTPE(rng, n, b.r)
	}
	if b.p > 0.5 {
		x = n - x
	}
	return x
}

// binomialInv draws Bin(n, r) for r ≤ ½ and n·r < BinomialInversionMax
// (logq = log(1−r)) by sequential search of the CDF from 0 (algorithm BINV of Kachitvichyanukul &
// Schmeiser 1988). Here qⁿ = exp(n·log(1−r)) ≥ e^{−2 ln2·n r} > 10⁻¹⁸, so
// it does not underflow. If the summed probabilities fall short of u by
// rounding (the search passes the point where f(x) underflows to 0, or
// reaches n), u is redrawn: that event has probability of the order of
// 10⁻¹⁵, so the restart changes nothing measurable and the loop ends.
func binomialInv(rng *rand.Rand, n int, r, logq float64) int {
	s := r / (1 - r)
	f0 := math.Exp(float64(n) * logq)
	for {
		u := rng.Float64()
		f := f0
		for x := 0; ; x++ {
			if u <= f {
				return x
			}
			if x == n || f == 0 {
				break // rounding: redraw
			}
			u -= f
			f *= s * float64(n-x) / float64(x+1)
		}
	}
}

// binomialBTPE draws Bin(n, r) for r ≤ ½ and n·r ≥ BinomialInversionMax by
// algorithm BTPE of Kachitvichyanukul & Schmeiser (1988), steps 0–6, with
// the paper's names.
func binomialBTPE(rng *rand.Rand, n int, r float64) int {
	// Step 0: setup.
	nf := float64(n)
	q := 1 - r
	nrq := nf * r * q
	fM := nf*r + r
	M := math.Floor(fM)
	p1 := math.Floor(2.195*math.Sqrt(nrq)-4.6*q) + 0.5
	xM := M + 0.5
	xL := xM - p1
	xR := xM + p1
	c := 0.134 + 20.5/(15.3+M)
	a := (fM - xL) / (fM - xL*r)
	lamL := a * (1 + a/2)
	a = (xR - fM) / (xR * q)
	lamR := a * (1 + a/2)
	p2 := p1 * (1 + 2*c)
	p3 := p2 + c/lamL
	p4 := p3 + c/lamR
	for {
		// Step 1: the triangle, accepted at once.
		u := rng.Float64() * p4
		v := rng.Float64()
		var y float64
		switch {
		case u <= p1:
			return int(math.Floor(xM - p1*v + u))
		case u <= p2: // Step 2: the parallelograms.
			x := xL + (u-p1)/c
			v = v*c + 1 - math.Abs(M-x+0.5)/p1
			if v > 1 {
				continue
			}
			y = math.Floor(x)
		case u <= p3: // Step 3: the left exponential tail.
			y = math.Floor(xL + math.Log(v)/lamL)
			if !(y >= 0) {
				continue
			}
			v *= (u - p2) * lamL
		default: // Step 4: the right exponential tail.
			y = math.Floor(xR - math.Log(v)/lamR)
			if !(y <= nf) {
				continue
			}
			v *= (u - p3) * lamR
		}
		// Step 5.0: v is now uniform under the majorizing function at y;
		// accept y when v ≤ f(y)/f(M), evaluated directly near the mode
		// and far in the tails, through the squeeze otherwise.
		k := math.Abs(y - M)
		if k <= 20 || k >= nrq/2-1 {
			// Step 5.1: f(y)/f(M) by the recursion f(i)/f(i−1) = a/i − s.
			s := r / q
			a := s * (nf + 1)
			F := 1.0
			if M < y {
				for i := M + 1; i <= y; i++ {
					F *= a/i - s
				}
			} else if M > y {
				for i := y + 1; i <= M; i++ {
					F /= a/i - s
				}
			}
			if v <= F {
				return int(y)
			}
			continue
		}
		// Step 5.2: squeeze on log v with the normal approximation of
		// log f(y)/f(M), whose error is at most ρ.
		rho := (k / nrq) * ((k*(k/3+0.625)+1.0/6)/nrq + 0.5)
		t := -k * k / (2 * nrq)
		A := math.Log(v)
		if A < t-rho {
			return int(y)
		}
		if A > t+rho {
			continue
		}
		// Step 5.3: accept when log v ≤ log f(y)/f(M), from Stirling's
		// series.
		bound := btpeLogRatio(nf, r, M, y)
		if A <= bound {
			return int(y)
		}
	}
}

// btpeLogRatio is log f(y)/f(M) of Bin(n, r), f(x) = C(n, x) rˣ (1−r)ⁿ⁻ˣ,
// from Stirling's formula as in step 5.3 of Kachitvichyanukul & Schmeiser
// (1988): with log Γ(x) = (x−½) log x − x + ½ log 2π + δ(x),
// log f(y)/f(M) = log Γ(M+1) + log Γ(n−M+1) − log Γ(y+1) − log Γ(n−y+1) +
// (y−M) log(r/q) = x_M log(f1/x1) + (n−M+½) log(z/w) + (y−M) log(w r/(x1 q))
// + δ(f1) + δ(z) − δ(x1) − δ(w), where x_M = M+½, f1 = M+1, z = n−M+1,
// x1 = y+1, w = n−y+1 (the corrections of y+1 and n−y+1 enter with −, as
// the derivation gives).
func btpeLogRatio(n, r, M, y float64) float64 {
	q := 1 - r
	x1, f1, z, w := y+1, M+1, n+1-M, n-y+1
	// log(f1/x1) and log(z/w) as log1p of (M−y)/x1 and (y−M)/w (f1 − x1 and
	// z − w are exact): the factors M+½ and n−M+½ reach n, and log of a
	// ratio near 1 would lose ~n·ε to rounding (10⁻⁹ at n = 10⁷).
	return (M+0.5)*math.Log1p((M-y)/x1) + (n-M+0.5)*math.Log1p((y-M)/w) + (y-M)*math.Log(w*r/(x1*q)) +
		stirlingDelta(f1) + stirlingDelta(z) - stirlingDelta(x1) - stirlingDelta(w)
}

// stirlingDelta is the remainder δ(x) = log Γ(x) − ((x−½) log x − x +
// ½ log 2π) of Stirling's series to the x⁻⁹ term,
// δ(x) = 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹), in the
// nested form of Kachitvichyanukul & Schmeiser (1988), step 5.3:
// (13860 − (462 − (132 − (99 − 140/x²)/x²)/x²)/x²)/(166320·x). The omitted
// terms are below x⁻¹¹/360 (x ≥ 1 there).
func stirlingDelta(x float64) float64 {
	x2 := x * x
	return (13860 - (462-(132-(99-140/x2)/x2)/x2)/x2) / x / 166320
}
