package dobs2022

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"neurolab/dataio/imagefolder"
	"neurolab/experiment"
	"neurolab/internal/num"
	"neurolab/model/nn"
)

// minObjectClasses is the fewest classes a user's object collection may
// have: two trained categories and one held out.
const minObjectClasses = 3

// userObjects holds a user's object images (parameter objects), split as
// the spec splits the 12 procedural categories: the first classes (sorted
// names or label values) are trained, the last third are held out for
// cross-decoding (spec: 8 trained, 4 held out). Pixels are luminance in
// [0, 1] until normalise matches them to the procedural faces.
type userObjects struct {
	path, form        string
	classes           []string
	trained, held     int
	train, val, test  nn.Data // labels 0..trained−1
	heldSet           nn.Data // labels 0..held−1
	decTrain, decTest int     // decoder images per held-out class
	short             []string
	decReduced        bool    // decTrain + decTest < DecodeTrain + DecodeTest
	refMean, refStd   float64 // normalisation targets (set by normalise)
	perTrain, perHeld int     // images per class the scale asks
	size              int     // image side, px
}

// heldOutClasses returns how many of k classes are held out: a third,
// rounded, at least 2 when k ≥ 4 so the held-out decoder has a choice, and 1
// for k = 3 (then the object cross-decoding check is not applicable).
func heldOutClasses(k int) int {
	if k < 4 {
		return 1
	}
	return max(2, int(math.Round(float64(k)/3)))
}

// cyc is the number of the n images of a cyclic set over k classes that
// class c gets (as the procedural validation and test sets: image i shows
// class i mod k).
func cyc(n, k, c int) int {
	v := n / k
	if c < n%k {
		v++
	}
	return v
}

// objectNeeds returns, for k user classes, the numbers of trained and held-out
// classes and the images each class needs at p's scale: ObjImages training
// images plus its share of the ValImages validation and TestImages test
// images for a trained class, DecodeTrain + DecodeTest for a held-out one.
func objectNeeds(p Params, k int) (trained, held int, need []int) {
	held = heldOutClasses(k)
	trained = k - held
	need = make([]int, k)
	for c := range need {
		if c < trained {
			need[c] = p.ObjImages + cyc(p.ValImages, trained, c) + cyc(p.TestImages, trained, c)
		} else {
			need[c] = p.DecodeTrain + p.DecodeTest
		}
	}
	return trained, held, need
}

// objectsError wraps a loader error for the objects parameter, naming the
// accepted forms once.
func objectsError(err error) error {
	if !errors.Is(err, experiment.ErrInput) {
		return err
	}
	msg := err.Error()
	if !strings.Contains(msg, imagefolder.Forms) {
		msg += " (objects accepts " + imagefolder.Forms + ")"
	}
	return experiment.Inputf("objects: %s", msg)
}

// openObjects opens p.Objects and checks it has enough classes.
func openObjects(p Params) (*imagefolder.Source, error) {
	src, err := imagefolder.Open(p.Objects)
	if err != nil {
		return nil, objectsError(err)
	}
	if k := len(src.Classes); k < minObjectClasses {
		return nil, objectsError(experiment.Inputf("%s: %d classes (%s); want at least %d, two trained and one held out",
			p.Objects, k, strings.Join(src.Classes, ", "), minObjectClasses))
	}
	return src, nil
}

// checkObjects is the early (Validate) test of p.Objects: the collection
// opens, has ≥ 3 classes, and every image it will use has a readable header.
func checkObjects(p Params) error {
	src, err := openObjects(p)
	if err != nil {
		return err
	}
	_, _, need := objectNeeds(p, len(src.Classes))
	if err := src.Check(imagefolder.Options{Size: p.ImageSize, Limits: need}); err != nil {
		return objectsError(err)
	}
	return nil
}

// loadObjects reads the user's images and splits each class at random
// (stream seed, tagObjects, class) into training, validation and test
// images (trained classes) or decoder images (held-out classes). A class
// with fewer images than the scale asks gives all it has, split in the same
// proportions; that is recorded for the notes.
func loadObjects(ctx context.Context, p Params, seed uint64, workers int) (*userObjects, error) {
	src, err := openObjects(p)
	if err != nil {
		return nil, err
	}
	k := len(src.Classes)
	trained, held, need := objectNeeds(p, k)
	set, err := src.Load(ctx, imagefolder.Options{Size: p.ImageSize, Limits: need, Workers: workers})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, objectsError(err)
	}
	u := &userObjects{path: p.Objects, form: src.Form.String(), classes: src.Classes, trained: trained, held: held,
		perTrain: need[0], perHeld: need[k-1], size: p.ImageSize}
	dim := p.ImageSize * p.ImageSize
	newData := func() nn.Data { return nn.Data{Dim: dim} }
	u.train, u.val, u.test, u.heldSet = newData(), newData(), newData(), newData()
	add := func(d *nn.Data, img []float64, y int) {
		d.X = append(d.X, img...)
		d.Y = append(d.Y, y)
		d.N++
	}
	first := 0
	minHeld := math.MaxInt
	for c := 0; c < k; c++ {
		n := set.Counts[c]
		rows := num.Stream(seed, tagObjects, uint64(c)).Perm(n)
		img := func(r int) []float64 { i := first + rows[r]; return set.X[i*dim : (i+1)*dim] }
		name := src.Classes[c]
		if c < trained {
			va, te := cyc(p.ValImages, trained, c), cyc(p.TestImages, trained, c)
			if n < need[c] {
				if n < 3 {
					return nil, objectsError(experiment.Inputf("%s: class %q has %d image(s); a trained class needs at least 3 (training, validation, test)",
						p.Objects, name, n))
				}
				va, te = shareOf(n, va, need[c]), shareOf(n, te, need[c])
				u.short = append(u.short, fmt.Sprintf("%q %d of %d (train/val/test %d/%d/%d)", name, n, need[c], n-va-te, va, te))
			}
			for r := 0; r < n; r++ {
				switch {
				case r < te:
					add(&u.test, img(r), c)
				case r < te+va:
					add(&u.val, img(r), c)
				default:
					add(&u.train, img(r), c)
				}
			}
		} else {
			if n < 2 {
				return nil, objectsError(experiment.Inputf("%s: held-out class %q has %d image; it needs at least 2 (decoder training and test)",
					p.Objects, name, n))
			}
			if n < need[c] {
				u.short = append(u.short, fmt.Sprintf("%q %d of %d (held out)", name, n, need[c]))
			}
			minHeld = min(minHeld, n)
			for r := 0; r < n; r++ {
				add(&u.heldSet, img(r), c-trained)
			}
		}
		first += n
	}
	u.decTrain, u.decTest = p.DecodeTrain, p.DecodeTest
	if minHeld < p.DecodeTrain+p.DecodeTest {
		u.decTrain = min(minHeld-1, max(1, minHeld*p.DecodeTrain/(p.DecodeTrain+p.DecodeTest)))
		u.decTest = minHeld - u.decTrain
		u.decReduced = true
	}
	return u, nil
}

// shareOf is part's share of n images when need were asked for: at least 1
// when part > 0.
func shareOf(n, part, need int) int {
	if part == 0 {
		return 0
	}
	return max(1, n*part/need)
}

// imageStats returns the mean over d's images of each image's mean and of
// its standard deviation (population).
func imageStats(d nn.Data) (mean, std float64) {
	for i := 0; i < d.N; i++ {
		m, s := meanStd(d.Row(i))
		mean += m
		std += s
	}
	return mean / float64(d.N), std / float64(d.N)
}

func meanStd(x []float64) (m, s float64) {
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return m, math.Sqrt(s / float64(len(x)))
}

// normalise sets every user image to the procedural faces' mean luminance
// and contrast: x′ = m_ref + s_ref·(x − m_x)/s_x per image, with m_ref and
// s_ref the mean per-image mean and standard deviation of the face training
// images, so that the two tasks' low-level statistics match as the spec's
// single drawer makes them match. A blank image (s_x < blankStd, far below
// the 1/255 quantisation step of 8-bit images, where s_x is rounding
// error) becomes m_ref.
func (u *userObjects) normalise(faces nn.Data) {
	u.refMean, u.refStd = imageStats(faces)
	for _, d := range []nn.Data{u.train, u.val, u.test, u.heldSet} {
		for i := 0; i < d.N; i++ {
			x := d.Row(i)
			m, s := meanStd(x)
			for j, v := range x {
				if s >= blankStd {
					x[j] = u.refMean + u.refStd*(v-m)/s
				} else {
					x[j] = u.refMean
				}
			}
		}
	}
}

// blankStd is the pixel standard deviation below which an image counts as
// blank (luminance units).
const blankStd = 1e-6

// notes describes the object source for the result.
func (u *userObjects) notes() []string {
	held := u.classes[u.trained:]
	out := []string{fmt.Sprintf("Objects: the user's images (%s %s, %d classes: %s), not the procedural categories; trained %d, held out for cross-decoding %d (%s); faces stay procedural. Each user image is grayscale (BT.601 luminance), centre-cropped to a square, area-averaged to %d×%d px, then normalised to the procedural faces' mean luminance %.3f and contrast (per-image pixel std) %.3f so the two tasks' low-level statistics match.",
		u.form, filepath.Clean(u.path), len(u.classes), strings.Join(u.classes, ", "), u.trained, u.held, strings.Join(held, ", "),
		u.size, u.size, u.refMean, u.refStd)}
	if len(u.short) > 0 {
		out = append(out, fmt.Sprintf("Fewer images than the scale asks (%d per trained class, %d per held-out class), all used: %s.",
			u.perTrain, u.perHeld, strings.Join(u.short, "; ")))
	}
	if u.decReduced && u.held >= 2 {
		out = append(out, fmt.Sprintf("Object cross-decoder: %d training and %d test images per held-out class.", u.decTrain, u.decTest))
	}
	if u.held < 2 {
		out = append(out, "Check a1_objects_cross_decoding not applicable: with 3 classes only one is held out, and decoding a single class is trivial.")
	}
	out = append(out, "Check a5_food_control not applicable: the food-like control is built to share shape and texture features with the procedural object categories, so with the user's objects its comparison would measure the difference between procedural and real images, not task similarity; the food-like net is not trained.")
	return out
}
