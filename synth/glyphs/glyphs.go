package glyphs

import (
	"math"
	"math/rand/v2"
)

// Classes is the number of glyph classes (digits 0–9).
const Classes = 10

type pt struct{ x, y float64 }

// circle returns a closed polyline approximating an ellipse.
func circle(cx, cy, rx, ry float64, n int) []pt {
	out := make([]pt, n+1)
	for i := 0; i <= n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		out[i] = pt{cx + rx*math.Sin(a), cy - ry*math.Cos(a)}
	}
	// Close it exactly (sin 2π ≠ 0 in floating point), so that Render
	// recognises it as closed.
	out[n] = out[0]
	return out
}

// skeletons[c] lists the strokes (polylines in the unit square, y down) of class c.
var skeletons = [Classes][][]pt{
	{circle(0.5, 0.5, 0.27, 0.38, 14)},
	{{{0.5, 0.1}, {0.5, 0.9}}, {{0.33, 0.27}, {0.5, 0.1}}},
	{{{0.22, 0.3}, {0.35, 0.13}, {0.62, 0.12}, {0.78, 0.28}, {0.74, 0.45}, {0.22, 0.88}, {0.8, 0.88}}},
	{{{0.22, 0.14}, {0.75, 0.14}, {0.45, 0.45}, {0.72, 0.58}, {0.74, 0.78}, {0.58, 0.9}, {0.22, 0.86}}},
	{{{0.65, 0.9}, {0.65, 0.1}, {0.2, 0.64}, {0.85, 0.64}}},
	{{{0.78, 0.12}, {0.28, 0.12}, {0.24, 0.45}, {0.58, 0.42}, {0.78, 0.58}, {0.72, 0.84}, {0.22, 0.88}}},
	{{{0.72, 0.1}, {0.38, 0.32}, {0.24, 0.62}, {0.34, 0.88}, {0.64, 0.88}, {0.78, 0.7}, {0.64, 0.52}, {0.38, 0.52}, {0.25, 0.64}}},
	{{{0.2, 0.12}, {0.8, 0.12}, {0.42, 0.9}}},
	{circle(0.5, 0.29, 0.19, 0.18, 10), circle(0.5, 0.69, 0.23, 0.21, 10)},
	{circle(0.48, 0.32, 0.22, 0.2, 10), {{0.7, 0.34}, {0.6, 0.9}}},
}

// Style sets the nuisance variation of the glyphs. Lengths are in pixels
// unless stated otherwise.
type Style struct {
	Size        int     // image side (pixels)
	Margin      float64 // border left around the unit square (pixels)
	PointJitter float64 // std of the control-point jitter (fraction of the glyph box)
	Rotate      float64 // max |rotation| (degrees), uniform
	ScaleJitter float64 // max relative change of each axis' scale, uniform
	Shear       float64 // max |shear|, uniform
	Shift       float64 // max |shift| per axis (pixels), uniform
	WidthMin    float64 // stroke width range (pixels), uniform
	WidthMax    float64
	Noise       float64 // std of additive Gaussian pixel noise
}

// DefaultStyle is the 14x14 style of the predictive-learning spec.
func DefaultStyle() Style {
	return Style{Size: 14, Margin: 2, PointJitter: 0.03, Rotate: 8, ScaleJitter: 0.1,
		Shear: 0.12, Shift: 1.0, WidthMin: 1.0, WidthMax: 2.0, Noise: 0.1}
}

// Render draws one glyph of class c into dst (len Size², row-major, row 0 on
// top) using r for the nuisance. It panics if c or len(dst) is out of range.
func (s Style) Render(dst []float64, c int, r *rand.Rand) {
	n := s.Size
	if c < 0 || c >= Classes || len(dst) != n*n {
		panic("glyphs: bad class or destination length")
	}
	box := float64(n) - 2*s.Margin
	th := (2*r.Float64() - 1) * s.Rotate * math.Pi / 180
	sx := 1 + (2*r.Float64()-1)*s.ScaleJitter
	sy := 1 + (2*r.Float64()-1)*s.ScaleJitter
	sh := (2*r.Float64() - 1) * s.Shear
	dx := (2*r.Float64() - 1) * s.Shift
	dy := (2*r.Float64() - 1) * s.Shift
	cos, sin := math.Cos(th), math.Sin(th)
	w := s.WidthMin + r.Float64()*(s.WidthMax-s.WidthMin)
	// map a unit-square point to pixel coordinates (pixel centres at i+0.5).
	mp := func(p pt) pt {
		u := (p.x+r.NormFloat64()*s.PointJitter-0.5)*sx + sh*(p.y-0.5)
		v := (p.y + r.NormFloat64()*s.PointJitter - 0.5) * sy
		return pt{float64(n)/2 + box*(cos*u-sin*v) + dx, float64(n)/2 + box*(sin*u+cos*v) + dy}
	}
	var segs [][2]pt
	for _, stroke := range skeletons[c] {
		prev := mp(stroke[0])
		first := prev
		for k := 1; k < len(stroke); k++ {
			var q pt
			if k == len(stroke)-1 && stroke[k] == stroke[0] {
				q = first // keep closed curves closed
			} else {
				q = mp(stroke[k])
			}
			segs = append(segs, [2]pt{prev, q})
			prev = q
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			p := pt{float64(j) + 0.5, float64(i) + 0.5}
			d := math.Inf(1)
			for _, sg := range segs {
				d = math.Min(d, segDist(p, sg[0], sg[1]))
			}
			v := math.Min(1, math.Max(0, w/2+0.5-d))
			v += s.Noise * r.NormFloat64()
			dst[i*n+j] = math.Min(1, math.Max(0, v))
		}
	}
}

// segDist is the distance from p to the segment ab.
func segDist(p, a, b pt) float64 {
	ex, ey := b.x-a.x, b.y-a.y
	l2 := ex*ex + ey*ey
	t := 0.0
	if l2 > 0 {
		t = math.Max(0, math.Min(1, ((p.x-a.x)*ex+(p.y-a.y)*ey)/l2))
	}
	qx, qy := a.x+t*ex-p.x, a.y+t*ey-p.y
	return math.Hypot(qx, qy)
}

// Set draws n glyphs with balanced classes (class i%10, in a random order)
// and returns the images (n × Size², row-major) and labels.
func (s Style) Set(n int, r *rand.Rand) (x [][]float64, y []int) {
	x = make([][]float64, n)
	y = make([]int, n)
	for i := range y {
		y[i] = i % Classes
	}
	r.Shuffle(n, func(i, j int) { y[i], y[j] = y[j], y[i] })
	for i := range x {
		x[i] = make([]float64, s.Size*s.Size)
		s.Render(x[i], y[i], r)
	}
	return x, y
}
