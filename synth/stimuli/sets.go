package stimuli

import (
	"math"
	"math/rand/v2"
)

// Nuisance is the per-image variation shared by every set (spec
// specialization.md).
type Nuisance struct {
	ShiftPx float64 // maximum shift, pixels (spec: 2)
	Scale   float64 // maximum relative scale change (spec: 0.08)
	RotDeg  float64 // maximum rotation, degrees (spec: 8)
	Illum   float64 // maximum illumination-gradient amplitude (ours: 0.3)
	Noise   float64 // pixel-noise standard deviation (spec: 0.05)
}

// DefaultNuisance returns the spec's nuisance.
func DefaultNuisance() Nuisance {
	return Nuisance{ShiftPx: 2, Scale: 0.08, RotDeg: 8, Illum: 0.3, Noise: 0.05}
}

func uniform(rng *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }

// newCanvas draws the background and the image transform.
func newCanvas(size int, nu Nuisance, rng *rand.Rand) *Canvas {
	c := NewCanvas(size, uniform(rng, 0.15, 0.25))
	px := 2 / float64(size)
	c.Shift = Vec2{uniform(rng, -1, 1) * nu.ShiftPx * px, uniform(rng, -1, 1) * nu.ShiftPx * px}
	c.Scale = 1 + uniform(rng, -1, 1)*nu.Scale
	c.Rot = uniform(rng, -1, 1) * nu.RotDeg * math.Pi / 180
	return c
}

func finish(c *Canvas, dst []float64, nu Nuisance, rng *rand.Rand) {
	c.Finish(uniform(rng, 0, nu.Illum), uniform(rng, 0, 2*math.Pi), nu.Noise, rng)
	copy(dst, c.Pix)
}

// Face parameters (model units, image = [−1, 1]²).
const (
	fAspect   = iota // face height / width
	fEyeSep          // distance between eye centres
	fEyeY            // eye height above centre
	fEyeSize         // eye radius
	fBrowTilt        // brow tilt, radians (inner ends down for positive)
	fNoseLen
	fNoseWidth
	fMouthWidth
	fMouthY
	fMouthCurve // mouth curvature (sagitta; positive = smile)
	fHairline   // hairline height
	nFaceParams
)

// meanFace and faceScale: the mean face and the per-parameter scale of the
// identity spread (ours).
var (
	meanFace  = [nFaceParams]float64{1.3, 0.44, 0.14, 0.085, 0, 0.28, 0.13, 0.36, -0.36, 0.04, 0.38}
	faceScale = [nFaceParams]float64{0.12, 0.08, 0.06, 0.025, 0.25, 0.08, 0.05, 0.1, 0.07, 0.06, 0.12}
)

// Faces is a set of face identities.
type Faces struct {
	ID [][nFaceParams]float64
	// Expression is the standard deviation of the per-image jitter on mouth
	// curvature (ours: 0.04).
	Expression float64
}

// NewFaces draws n identities: parameter k is meanFace[k] + spread·faceScale[k]·N(0, 1).
func NewFaces(n int, spread float64, rng *rand.Rand) *Faces {
	f := &Faces{ID: make([][nFaceParams]float64, n), Expression: 0.04}
	for i := range f.ID {
		for k := range f.ID[i] {
			f.ID[i][k] = meanFace[k] + spread*faceScale[k]*rng.NormFloat64()
		}
	}
	return f
}

// Render draws an image of identity id into dst (size×size).
func (f *Faces) Render(dst []float64, size, id int, nu Nuisance, rng *rand.Rand) {
	q := f.ID[id]
	c := newCanvas(size, nu, rng)
	rx := 0.52
	ry := rx * q[fAspect]
	ry = min(ry, 0.92)
	head := Ellipse(0, -0.02, rx, ry, 0)
	c.Fill(Ellipse(0, 0.04, rx*1.06, ry*1.0, 0), uniform(rng, 0.25, 0.35), nil) // hair
	c.Fill(Intersect(head, HalfPlane(0, 1, q[fHairline])), uniform(rng, 0.6, 0.7), nil)
	ex, ey, es := q[fEyeSep]/2, q[fEyeY], max(q[fEyeSize], 0.03)
	for _, s := range []float64{-1, 1} {
		c.Fill(Ellipse(s*ex, ey, es*1.4, es, 0), 0.95, nil)
		c.Fill(Circle(s*ex, ey, es*0.55), 0.05, nil)
		t := q[fBrowTilt] * s
		by := ey + es + 0.07
		c.Fill(Capsule(Vec2{s*ex - 0.1*math.Cos(t), by + 0.1*math.Sin(t)}, Vec2{s*ex + 0.1*math.Cos(t), by - 0.1*math.Sin(t)}, 0.045), 0.15, nil)
	}
	ny := ey - 0.06
	nl, nw := max(q[fNoseLen], 0.08), max(q[fNoseWidth], 0.04)
	c.Fill(Polygon([]Vec2{{0, ny}, {-nw / 2, ny - nl}, {nw / 2, ny - nl}}), 0.45, nil)
	mw, my := max(q[fMouthWidth], 0.1), q[fMouthY]
	curve := q[fMouthCurve] + f.Expression*rng.NormFloat64()
	pts := make([]Vec2, 7)
	for i := range pts {
		u := -1 + 2*float64(i)/6
		pts[i] = Vec2{u * mw / 2, my + curve*(u*u-1) + curve}
	}
	c.Fill(Polyline(pts, 0.055), 0.2, nil)
	finish(c, dst, nu, rng)
}

// NumObjectCategories is the number of object categories.
const NumObjectCategories = 12

// ObjectNames names the object categories.
var ObjectNames = [NumObjectCategories]string{"polygon", "star", "ring", "cross", "bars", "arrow",
	"crescent", "striped-disc", "L-shape", "triangle-outline", "dots", "zigzag"}

// Object draws an image of object category cat into dst (size×size): each
// category has random size, rotation, proportions and intensity.
func Object(dst []float64, size, cat int, nu Nuisance, rng *rand.Rand) {
	c := newCanvas(size, nu, rng)
	r := uniform(rng, 0.45, 0.8)
	rot := uniform(rng, 0, 2*math.Pi)
	v := uniform(rng, 0.45, 0.95)
	var f SDF
	var tex Texture
	switch cat {
	case 0: // polygon
		f = Transform(Polygon(Regular(3+rng.IntN(6), 1, 0)), 0, 0, r, rot)
	case 1: // star
		f = Transform(Polygon(Star(4+rng.IntN(4), 1, uniform(rng, 0.35, 0.6), 0)), 0, 0, r, rot)
	case 2: // ring
		f = Ring(0, 0, r*0.75, uniform(rng, 0.12, 0.3))
	case 3: // cross
		w := uniform(rng, 0.12, 0.3)
		a := uniform(rng, 0.6, 1)
		f = Transform(Union(Capsule(Vec2{-1, 0}, Vec2{1, 0}, w/r), Capsule(Vec2{0, -a}, Vec2{0, a}, w/r)), 0, 0, r, rot)
	case 4: // bars
		k := 2 + rng.IntN(3)
		w := uniform(rng, 0.1, 0.18)
		var bars []SDF
		for i := 0; i < k; i++ {
			y := -1 + 2*(float64(i)+0.5)/float64(k)
			bars = append(bars, Capsule(Vec2{-0.9, y}, Vec2{0.9, y}, w/r))
		}
		f = Transform(Union(bars...), 0, 0, r, rot)
	case 5: // arrow
		w := uniform(rng, 0.1, 0.2)
		f = Transform(Union(Capsule(Vec2{-1, 0}, Vec2{0.3, 0}, w/r),
			Polygon([]Vec2{{0.2, -0.55}, {1, 0}, {0.2, 0.55}})), 0, 0, r, rot)
	case 6: // crescent
		o := uniform(rng, 0.3, 0.6)
		f = Transform(Subtract(Circle(0, 0, 1), Circle(o, 0, 0.9)), 0, 0, r, rot)
	case 7: // striped disc
		k := uniform(rng, 8, 16)
		f = Circle(0, 0, r*0.85)
		tex = func(p Vec2) float64 { return 0.55 + 0.45*math.Sin(k*(p.X*math.Cos(rot)+p.Y*math.Sin(rot))) }
	case 8: // L-shape
		w := uniform(rng, 0.12, 0.25)
		a := uniform(rng, 0.6, 1)
		f = Transform(Union(Capsule(Vec2{-0.6, -0.8}, Vec2{-0.6, 0.8}, w/r), Capsule(Vec2{-0.6, -0.8}, Vec2{-0.6 + 1.4*a, -0.8}, w/r)), 0, 0, r, rot)
	case 9: // triangle outline
		pts := Regular(3, 1, 0)
		pts = append(pts, pts[0])
		f = Transform(Polyline(pts, uniform(rng, 0.1, 0.2)/r), 0, 0, r, rot)
	case 10: // dots
		k := 3 + rng.IntN(4)
		var ds []SDF
		for i := 0; i < k; i++ {
			a := rot + 2*math.Pi*float64(i)/float64(k) + uniform(rng, -0.3, 0.3)
			d := uniform(rng, 0.4, 0.9) * r
			ds = append(ds, Circle(d*math.Cos(a), d*math.Sin(a), uniform(rng, 0.09, 0.16)))
		}
		f = Union(ds...)
	case 11: // zigzag
		k := 3 + rng.IntN(4)
		pts := make([]Vec2, k+1)
		amp := uniform(rng, 0.3, 0.6)
		for i := range pts {
			pts[i] = Vec2{-1 + 2*float64(i)/float64(k), amp * float64(2*(i%2)-1)}
		}
		f = Transform(Polyline(pts, uniform(rng, 0.1, 0.18)/r), 0, 0, r, rot)
	default:
		panic("stimuli: unknown object category")
	}
	c.Fill(f, v, tex)
	finish(c, dst, nu, rng)
}

// NumFoodClasses is the number of food-like classes: 3 families × 5
// textures × 2 sizes.
const NumFoodClasses = 30

// Food draws an image of food-like class cls (family = cls/10, texture =
// (cls/2)%5, size = cls%2) into dst (size×size). The families (blob, leaf,
// wedge) are not among the object categories.
func Food(dst []float64, size, cls int, nu Nuisance, rng *rand.Rand) {
	if cls < 0 || cls >= NumFoodClasses {
		panic("stimuli: unknown food class")
	}
	fam, texID, big := cls/10, (cls/2)%5, cls%2 == 1
	c := newCanvas(size, nu, rng)
	r := uniform(rng, 0.4, 0.5)
	if big {
		r = uniform(rng, 0.65, 0.8)
	}
	rot := uniform(rng, 0, 2*math.Pi)
	v := uniform(rng, 0.6, 0.95)
	var f SDF
	switch fam {
	case 0: // blob: radius modulated by low harmonics
		a2, a3 := uniform(rng, 0.05, 0.15), uniform(rng, 0.03, 0.1)
		p2, p3 := uniform(rng, 0, 2*math.Pi), uniform(rng, 0, 2*math.Pi)
		f = func(p Vec2) float64 {
			th := math.Atan2(p.Y, p.X)
			return math.Hypot(p.X, p.Y) - r*(1+a2*math.Cos(2*th+p2)+a3*math.Cos(3*th+p3))
		}
	case 1: // leaf: vesica with a stem
		o := uniform(rng, 0.35, 0.5)
		f = Transform(Union(Intersect(Circle(0, o, 1), Circle(0, -o, 1)), Capsule(Vec2{-0.95, 0}, Vec2{-1.2, 0}, 0.12)), 0, 0, r, rot)
	case 2: // wedge: pie slice
		half := uniform(rng, 0.4, 0.7)
		sn, cs := math.Sincos(half)
		ax := -0.6 // apex
		f = Transform(Intersect(Circle(ax, 0, 1.5), HalfPlane(-sn, cs, -sn*ax), HalfPlane(-sn, -cs, -sn*ax)), 0, 0, r, rot)
	}
	k := uniform(rng, 14, 20)
	var tex Texture
	switch texID {
	case 1: // stripes
		tex = func(p Vec2) float64 { return 0.55 + 0.45*math.Sin(k*(p.X*math.Cos(rot)+p.Y*math.Sin(rot))) }
	case 2: // checker
		tex = func(p Vec2) float64 { return 0.55 + 0.45*math.Tanh(4*math.Sin(k*p.X)*math.Sin(k*p.Y)) }
	case 3: // spots
		tex = func(p Vec2) float64 { return 1 - 0.6*math.Max(0, math.Cos(k*p.X)*math.Cos(k*p.Y)) }
	case 4: // radial gradient
		tex = func(p Vec2) float64 { return 0.35 + 0.65*math.Max(0, 1-math.Hypot(p.X, p.Y)/max(r, 1e-9)) }
	}
	c.Fill(f, v, tex)
	finish(c, dst, nu, rng)
}
