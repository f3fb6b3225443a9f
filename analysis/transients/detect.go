package transients

import (
	"math"
	"sort"

	"neurolab/experiment"
)

// Transient is a detected event: frames [Start, End) of a trace, with its
// peak value and the frame of the peak.
type Transient struct {
	Start, End int
	Peak       float64
	PeakFrame  int
}

// DetectOptions configures Detect; zero fields take the defaults of the
// authors' computeTransientInfo.m.
type DetectOptions struct {
	SDs         float64 // threshold in robust SDs (5)
	Percentile  float64 // threshold quantile, a fraction in (0, 1] (0.95); another value panics with an input error
	Dilate      int     // frames added on each side of a supra-threshold run (2)
	MinDuration int     // minimum duration after dilation, frames (6)
}

func (o DetectOptions) withDefaults() DetectOptions {
	if o.SDs == 0 {
		o.SDs = 5
	}
	if o.Percentile == 0 {
		o.Percentile = 0.95
	}
	if !(o.Percentile > 0 && o.Percentile <= 1) {
		panic(experiment.Inputf("transients: DetectOptions.Percentile = %g: want a fraction in (0, 1] (0 means 0.95)", o.Percentile))
	}
	if o.Dilate == 0 {
		o.Dilate = 2
	}
	if o.MinDuration == 0 {
		o.MinDuration = 6
	}
	return o
}

// RobustSD returns 1.4826·median(|x − median(x)|), the SD of Gaussian data
// estimated from the median absolute deviation; non-finite values are
// ignored.
func RobustSD(x []float64) float64 {
	v := sortedFinite(x)
	if len(v) == 0 {
		return 0
	}
	med := quantile(v, 0.5)
	for i := range v {
		v[i] = math.Abs(v[i] - med)
	}
	sort.Float64s(v)
	return 1.4826 * quantile(v, 0.5)
}

func sortedFinite(x []float64) []float64 {
	v := make([]float64, 0, len(x))
	for _, u := range x {
		if !math.IsNaN(u) && !math.IsInf(u, 0) {
			v = append(v, u)
		}
	}
	sort.Float64s(v)
	return v
}

// quantile of sorted v with linear interpolation.
func quantile(v []float64, q float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	h := q * float64(len(v)-1)
	i := int(h)
	if i >= len(v)-1 {
		return v[len(v)-1]
	}
	f := h - float64(i)
	if d := v[i+1] - v[i]; !math.IsInf(d, 0) {
		return v[i] + f*d
	}
	// The difference of two finite values overflowed (values near ±MaxFloat64).
	return (1-f)*v[i] + f*v[i+1]
}

// Threshold returns max(SDs·RobustSD(x), Percentile quantile of x).
func Threshold(x []float64, o DetectOptions) float64 {
	o = o.withDefaults()
	return math.Max(o.SDs*RobustSD(x), quantile(sortedFinite(x), o.Percentile))
}

// Detect returns the transients of trace: runs of frames above
// Threshold(trace), each dilated by Dilate frames on both sides, merged when
// they touch, kept when at least MinDuration frames long.
func Detect(trace []float64, o DetectOptions) []Transient {
	o = o.withDefaults()
	return DetectAbove(trace, Threshold(trace, o), o)
}

// DetectAbove is Detect with a given threshold.
func DetectAbove(trace []float64, thr float64, o DetectOptions) []Transient {
	o = o.withDefaults()
	n := len(trace)
	on := make([]bool, n)
	// Mark [t−Dilate, t+Dilate] (clipped) around every supra-threshold
	// frame by a difference array: O(n) whatever Dilate (marking each
	// interval frame by frame took O(n·Dilate), 10^10 steps for 10^5
	// frames and a large Dilate, and t+Dilate overflowed for Dilate near
	// MaxInt, marking nothing).
	edge := make([]int, n+1)
	for t, v := range trace {
		if v > thr && o.Dilate >= 0 {
			edge[t-min(o.Dilate, t)]++
			edge[t+min(o.Dilate, n-1-t)+1]--
		}
	}
	for t, run := 0, 0; t < n; t++ {
		run += edge[t]
		on[t] = run > 0
	}
	var out []Transient
	for t := 0; t < n; {
		if !on[t] {
			t++
			continue
		}
		s := t
		for t < n && on[t] {
			t++
		}
		if t-s < o.MinDuration {
			continue
		}
		tr := Transient{Start: s, End: t, Peak: math.Inf(-1)}
		for u := s; u < t; u++ {
			if trace[u] > tr.Peak {
				tr.Peak, tr.PeakFrame = trace[u], u
			}
		}
		out = append(out, tr)
	}
	return out
}
