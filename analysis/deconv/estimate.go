package deconv

import (
	"fmt"
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/dsp/fourier"

	"neurolab/experiment"
)

// ErrTooShort reports a trace with too few finite frames to estimate the
// noise level or the decay. It also matches experiment.ErrInput with
// errors.Is.
var ErrTooShort = experiment.Inputf("deconv: too few finite frames")

// finiteOnly returns the finite values of y (y itself when all are finite).
func finiteOnly(y []float64) []float64 {
	for _, v := range y {
		if !finite(v) {
			out := make([]float64, 0, len(y))
			for _, u := range y {
				if finite(u) {
					out = append(out, u)
				}
			}
			return out
		}
	}
	return y
}

// NoiseSD estimates the noise standard deviation σ of y from its power
// spectral density (Friedrich et al. 2017, Methods; Pnevmatikakis et al.
// 2016): a Welch estimate (Hann window, 256-frame segments, 50% overlap,
// mean removed per segment, one-sided density) whose mean over the
// frequencies 0.25 < f ≤ 0.5 cycles/frame equals 2σ² for white noise, so
// σ = sqrt(mean(PSD)/2). Non-finite frames are dropped first. It needs at
// least 16 finite frames.
func NoiseSD(y []float64) (float64, error) {
	y = finiteOnly(y)
	if k := pow2Scale(y); k != 1 {
		sn, err := NoiseSD(scaledBy(y, k))
		return sn / k, err
	}
	n := len(y)
	if n < 16 {
		return 0, fmt.Errorf("noise estimate: %d finite frames, want at least 16: %w", n, ErrTooShort)
	}
	seg := 256
	if n < seg {
		seg = n
	}
	hop := seg / 2
	win := make([]float64, seg)
	var wss float64
	for i := range win {
		win[i] = 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/float64(seg)) // periodic Hann, as scipy
		wss += win[i] * win[i]
	}
	fft := fourier.NewFFT(seg)
	buf := make([]float64, seg)
	coef := make([]complex128, seg/2+1)
	psd := make([]float64, seg/2+1)
	nseg := 0
	for off := 0; off+seg <= n; off += hop {
		var m float64
		for _, v := range y[off : off+seg] {
			m += v
		}
		m /= float64(seg)
		for i := range buf {
			buf[i] = (y[off+i] - m) * win[i]
		}
		fft.Coefficients(coef, buf)
		for k, z := range coef {
			a := cmplx.Abs(z)
			psd[k] += a * a
		}
		nseg++
	}
	var sum float64
	var cnt int
	for k := range psd {
		f := float64(k) / float64(seg)
		if f <= 0.25 || f > 0.5 {
			continue
		}
		p := psd[k] / float64(nseg) / wss
		if !(k == seg/2 && seg%2 == 0) {
			p *= 2 // one-sided density
		}
		sum += p
		cnt++
	}
	if cnt == 0 {
		return 0, fmt.Errorf("noise estimate: no frequency in (0.25, 0.5]: %w", ErrTooShort)
	}
	return math.Sqrt(sum / float64(cnt) / 2), nil
}

// DecayAR1 estimates the AR(1) decay g of y from its autocovariance
// (Friedrich et al. 2017, Methods; Pnevmatikakis et al. 2016, eq. for the
// Yule–Walker estimate): with the biased autocovariance γ_k (k = 0..lags),
// γ_{k+1} = g (γ_k − σ² δ_{k0}) for k < lags, solved by least squares, then
// multiplied by the fudge factor 0.98 and clipped to [0, 0.9999]. sn is the
// noise SD (from NoiseSD); lags = 5 in the reference.
func DecayAR1(y []float64, sn float64, lags int) (float64, error) {
	y = finiteOnly(y)
	if k := pow2Scale(y); k != 1 {
		return DecayAR1(scaledBy(y, k), scaleParam(sn, k), lags)
	}
	n := len(y)
	if lags < 1 {
		lags = 5
	}
	if n < lags+2 {
		return 0, fmt.Errorf("decay estimate: %d finite frames, want at least %d: %w", n, lags+2, ErrTooShort)
	}
	gam := autocov(y, lags)
	var num, den float64
	for k := 0; k < lags; k++ {
		a := gam[k]
		if k == 0 {
			a -= sn * sn
		}
		num += a * gam[k+1]
		den += a * a
	}
	if !(den > 0) {
		return 0, nil
	}
	g := 0.98 * num / den
	return math.Min(math.Max(g, 0), 0.9999), nil
}

// autocov returns the biased autocovariance γ_0..γ_lags of y about its mean.
func autocov(y []float64, lags int) []float64 {
	n := len(y)
	var m float64
	for _, v := range y {
		m += v
	}
	m /= float64(n)
	gam := make([]float64, lags+1)
	for k := range gam {
		var acc float64
		for t := k; t < n; t++ {
			acc += (y[t] - m) * (y[t-k] - m)
		}
		gam[k] = acc / float64(n)
	}
	return gam
}

// DecayAR2 estimates the AR(2) coefficients g1, g2 of y from its
// autocovariance by the noise-corrected Yule–Walker equations (Pnevmatikakis
// et al. 2016; Friedrich et al. 2017, Methods; the reference toolboxes'
// estimate_time_constant with p = 2):
//
//	γ_{k+1} = g1 (γ_k − σ² δ_{k0}) + g2 (γ_{|k−1|} − σ² δ_{k1}),  k = 0..lags−1,
//
// solved by least squares (lags ≤ 0 means the reference's 5 + p = 7). The
// roots of z² − g1 z − g2 are then replaced by their real parts (a complex
// pair becomes a repeated root), a root above 1 is set to 0.95 and a
// negative one to 0.15 (the reference's values, without its small random
// jitter), both are multiplied by fudge (the reference uses 0.98; 1 leaves
// them unbiased) and g1 = d + r, g2 = −d r are rebuilt from them. sn is the
// noise SD (from NoiseSD).
func DecayAR2(y []float64, sn float64, lags int, fudge float64) (g1, g2 float64, err error) {
	y = finiteOnly(y)
	if k := pow2Scale(y); k != 1 {
		return DecayAR2(scaledBy(y, k), scaleParam(sn, k), lags, fudge)
	}
	n := len(y)
	if lags < 1 {
		lags = 7
	}
	if !(fudge > 0 && fudge <= 1) {
		return 0, 0, experiment.Inputf("deconv: decay estimate: fudge factor %g outside (0, 1]", fudge)
	}
	if n < lags+3 {
		return 0, 0, fmt.Errorf("decay estimate: %d finite frames, want at least %d: %w", n, lags+3, ErrTooShort)
	}
	gam := autocov(y, lags)
	// Normal equations of the lags × 2 system A g = γ_{1..lags}.
	var a00, a01, a11, b0, b1 float64
	for k := 0; k < lags; k++ {
		x0 := gam[k]
		x1 := gam[abs(k-1)]
		if k == 0 {
			x0 -= sn * sn
		}
		if k == 1 {
			x1 -= sn * sn
		}
		a00 += x0 * x0
		a01 += x0 * x1
		a11 += x1 * x1
		b0 += x0 * gam[k+1]
		b1 += x1 * gam[k+1]
	}
	det := a00*a11 - a01*a01
	if !(math.Abs(det) > 1e-300) {
		return 0, 0, nil
	}
	g1 = (a11*b0 - a01*b1) / det
	g2 = (a00*b1 - a01*b0) / det
	d, r := RootsAR2(g1, g2)
	clip := func(z complex128) float64 {
		v := real(z)
		switch {
		case v > 1:
			v = 0.95
		case v < 0:
			v = 0.15
		}
		return fudge * v
	}
	rd, rr := clip(d), clip(r)
	return rd + rr, -rd * rr, nil
}

func abs(k int) int {
	if k < 0 {
		return -k
	}
	return k
}
