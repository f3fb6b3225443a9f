package stimuli

import (
	"math"
	"math/rand/v2"
)

// Vec2 is a point in model coordinates: the image spans [−1, 1]², y up.
type Vec2 struct{ X, Y float64 }

// SDF is a signed distance in model units: negative inside the shape.
type SDF func(p Vec2) float64

// Texture modulates a shape's intensity at a model point (1 = plain).
type Texture func(p Vec2) float64

// Canvas is a size×size grayscale image (row 0 at the top) with a
// similarity transform from model coordinates to pixels.
type Canvas struct {
	Size int
	Pix  []float64
	// Transform: pixel-space model point = Scale·R(Rot)·p + Shift (model units).
	Shift      Vec2
	Scale, Rot float64
	px         float64 // model units per pixel
}

// NewCanvas returns a canvas filled with background value bg and the identity transform.
func NewCanvas(size int, bg float64) *Canvas {
	c := &Canvas{Size: size, Pix: make([]float64, size*size), Scale: 1, px: 2 / float64(size)}
	for i := range c.Pix {
		c.Pix[i] = bg
	}
	return c
}

// toModel maps pixel (i, j) (row, column) centre to model coordinates,
// inverting the transform.
func (c *Canvas) toModel(i, j int) Vec2 {
	x := -1 + (float64(j)+0.5)*c.px - c.Shift.X
	y := 1 - (float64(i)+0.5)*c.px - c.Shift.Y
	s, co := math.Sincos(-c.Rot)
	return Vec2{(co*x - s*y) / c.Scale, (s*x + co*y) / c.Scale}
}

// Fill paints the shape f with intensity v (times tex, if not nil): each
// pixel becomes v·a + old·(1−a) with coverage a = clamp(½ − sd·Scale/px, 0, 1).
func (c *Canvas) Fill(f SDF, v float64, tex Texture) {
	for i := 0; i < c.Size; i++ {
		for j := 0; j < c.Size; j++ {
			p := c.toModel(i, j)
			d := f(p) * c.Scale / c.px
			if d >= 0.5 {
				continue
			}
			a := min(1, 0.5-d)
			val := v
			if tex != nil {
				val *= tex(p)
			}
			k := i*c.Size + j
			c.Pix[k] = val*a + c.Pix[k]*(1-a)
		}
	}
}

// Finish applies a linear illumination gradient of amplitude amp along
// direction phi (pixel value ×(1 + amp·u), u ∈ [−1, 1]) and Gaussian
// pixel noise of standard deviation sigma.
func (c *Canvas) Finish(amp, phi, sigma float64, rng *rand.Rand) {
	s, co := math.Sincos(phi)
	for i := 0; i < c.Size; i++ {
		for j := 0; j < c.Size; j++ {
			x := -1 + (float64(j)+0.5)*c.px
			y := 1 - (float64(i)+0.5)*c.px
			k := i*c.Size + j
			c.Pix[k] = c.Pix[k]*(1+amp*(co*x+s*y)/math.Sqrt2) + sigma*rng.NormFloat64()
		}
	}
}

// Ellipse centred at (cx, cy) with radii rx, ry, rotated by rot radians
// (first-order signed distance f/|∇f|).
func Ellipse(cx, cy, rx, ry, rot float64) SDF {
	s, co := math.Sincos(-rot)
	return func(p Vec2) float64 {
		x, y := p.X-cx, p.Y-cy
		x, y = co*x-s*y, s*x+co*y
		f := x*x/(rx*rx) + y*y/(ry*ry) - 1
		gx, gy := 2*x/(rx*rx), 2*y/(ry*ry)
		g := math.Hypot(gx, gy)
		if g < 1e-9 {
			return -min(rx, ry)
		}
		return f / g
	}
}

// Circle of radius r.
func Circle(cx, cy, r float64) SDF {
	return func(p Vec2) float64 { return math.Hypot(p.X-cx, p.Y-cy) - r }
}

// Ring of mean radius r and width w.
func Ring(cx, cy, r, w float64) SDF {
	return func(p Vec2) float64 { return math.Abs(math.Hypot(p.X-cx, p.Y-cy)-r) - w/2 }
}

func segDist(p, a, b Vec2) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = max(0, min(1, ((p.X-a.X)*dx+(p.Y-a.Y)*dy)/l2))
	}
	return math.Hypot(p.X-a.X-t*dx, p.Y-a.Y-t*dy)
}

// Capsule is the segment a–b thickened to width w (a stroke with round caps).
func Capsule(a, b Vec2, w float64) SDF {
	return func(p Vec2) float64 { return segDist(p, a, b) - w/2 }
}

// Polyline is a stroke of width w along the points.
func Polyline(pts []Vec2, w float64) SDF {
	return func(p Vec2) float64 {
		d := math.Inf(1)
		for i := 1; i < len(pts); i++ {
			d = min(d, segDist(p, pts[i-1], pts[i]))
		}
		return d - w/2
	}
}

// Polygon is the filled simple polygon with vertices pts (even-odd rule).
func Polygon(pts []Vec2) SDF {
	return func(p Vec2) float64 {
		d := math.Inf(1)
		inside := false
		n := len(pts)
		for i, j := 0, n-1; i < n; j, i = i, i+1 {
			a, b := pts[j], pts[i]
			d = min(d, segDist(p, a, b))
			if (a.Y > p.Y) != (b.Y > p.Y) && p.X < (b.X-a.X)*(p.Y-a.Y)/(b.Y-a.Y)+a.X {
				inside = !inside
			}
		}
		if inside {
			return -d
		}
		return d
	}
}

// Intersect is the intersection of shapes (max of distances).
func Intersect(fs ...SDF) SDF {
	return func(p Vec2) float64 {
		d := math.Inf(-1)
		for _, f := range fs {
			d = max(d, f(p))
		}
		return d
	}
}

// Union of shapes (min of distances).
func Union(fs ...SDF) SDF {
	return func(p Vec2) float64 {
		d := math.Inf(1)
		for _, f := range fs {
			d = min(d, f(p))
		}
		return d
	}
}

// Subtract removes b from a.
func Subtract(a, b SDF) SDF { return func(p Vec2) float64 { return max(a(p), -b(p)) } }

// HalfPlane keeps points with n·p ≤ c (n a unit normal).
func HalfPlane(nx, ny, c float64) SDF {
	return func(p Vec2) float64 { return nx*p.X + ny*p.Y - c }
}

// Transform places shape f rotated by rot and scaled by s about the origin,
// then shifted to (cx, cy).
func Transform(f SDF, cx, cy, s, rot float64) SDF {
	sn, co := math.Sincos(-rot)
	return func(p Vec2) float64 {
		x, y := (p.X-cx)/s, (p.Y-cy)/s
		return f(Vec2{co*x - sn*y, sn*x + co*y}) * s
	}
}

// Regular returns the vertices of a regular k-gon of circumradius r, rotated by rot.
func Regular(k int, r, rot float64) []Vec2 {
	pts := make([]Vec2, k)
	for i := range pts {
		a := rot + 2*math.Pi*float64(i)/float64(k)
		pts[i] = Vec2{r * math.Cos(a), r * math.Sin(a)}
	}
	return pts
}

// Star returns the 2k vertices of a k-pointed star with outer radius r and
// inner radius ri.
func Star(k int, r, ri, rot float64) []Vec2 {
	pts := make([]Vec2, 2*k)
	for i := range pts {
		a := rot + math.Pi*float64(i)/float64(k)
		rr := r
		if i%2 == 1 {
			rr = ri
		}
		pts[i] = Vec2{rr * math.Cos(a), rr * math.Sin(a)}
	}
	return pts
}
