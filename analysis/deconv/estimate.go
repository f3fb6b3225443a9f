package deconv

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/dsp/fourier"
)

// ErrTooShort reports a trace with too few finite frames to estimate the
// noise level or the decay.
var ErrTooShort = errors.New("deconv: too few finite frames")

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
	n := len(y)
	if n < 16 {
		return 0, fmt.Errorf("noise estimate: %d finite frames: %w", n, ErrTooShort)
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
	n := len(y)
	if lags < 1 {
		lags = 5
	}
	if n < lags+2 {
		return 0, fmt.Errorf("decay estimate: %d finite frames: %w", n, ErrTooShort)
	}
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
