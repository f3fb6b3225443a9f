package dobs2022

import (
	"context"

	"neurolab/internal/num"
	"neurolab/model/nn"
	"neurolab/synth/stimuli"
)

// Image kinds.
const (
	kindFace = iota
	kindObject
	kindFood
)

// Held-out object categories are the last four (spec: 8 trained, 4 held out).
const objTrained = 8

// set describes images to render: image i shows class classes[i] of kind,
// drawn from stream (seed, tagImages, setID, i).
type spec struct {
	kind    int
	classes []int
	setID   uint64
}

// cyclic returns n class indices first, first+1, …, first+k−1, repeated.
func cyclic(n, first, k int) []int {
	c := make([]int, n)
	for i := range c {
		c[i] = first + i%k
	}
	return c
}

// blocks returns per images of each class first..first+k−1, class-major.
func blocks(per, first, k int) []int {
	c := make([]int, 0, per*k)
	for j := 0; j < k; j++ {
		for i := 0; i < per; i++ {
			c = append(c, first+j)
		}
	}
	return c
}

// render draws the images of s (labels = class + offset) in parallel; each
// image has its own stream, so the result does not depend on workers.
func render(ctx context.Context, workers int, seed uint64, size int, faces *stimuli.Faces, s spec, offset int) (nn.Data, error) {
	n := len(s.classes)
	dim := size * size
	d := nn.Data{N: n, Dim: dim, X: make([]float64, n*dim), Y: make([]int, n)}
	nu := stimuli.DefaultNuisance()
	const chunk = 64
	err := num.ParallelFor(ctx, workers, (n+chunk-1)/chunk, func(c int) error {
		for i := c * chunk; i < min(n, (c+1)*chunk); i++ {
			rng := num.Stream(seed, tagImages, s.setID, uint64(i))
			dst := d.X[i*dim : (i+1)*dim]
			cl := s.classes[i]
			switch s.kind {
			case kindFace:
				faces.Render(dst, size, cl, nu, rng)
			case kindObject:
				stimuli.Object(dst, size, cl, nu, rng)
			case kindFood:
				stimuli.Food(dst, size, cl, nu, rng)
			}
			d.Y[i] = cl + offset
		}
		return nil
	})
	return d, err
}

// concat joins data sets.
func concat(ds ...nn.Data) nn.Data {
	out := nn.Data{Dim: ds[0].Dim}
	for _, d := range ds {
		out.X = append(out.X, d.X...)
		out.Y = append(out.Y, d.Y...)
		out.N += d.N
	}
	return out
}

// relabel returns d with labels shifted by delta (sharing X).
func relabel(d nn.Data, delta int) nn.Data {
	y := make([]int, d.N)
	for i, v := range d.Y {
		y[i] = v + delta
	}
	return nn.Data{X: d.X, Y: y, N: d.N, Dim: d.Dim}
}

// datasets holds every image set of the experiment; labels are the class
// indices within the task (faces 0..FaceIDs−1, objects 0..objTrained−1,
// food 0..29).
type datasets struct {
	faceTrain, faceVal, faceTest nn.Data
	objTrain, objVal, objTest    nn.Data
	foodTrain, foodVal, foodTest nn.Data
	faceHeld, objHeld            nn.Data // held-out identities / categories, DecodeTrain+DecodeTest per class

	objTrained, objHeldOut  int  // object categories trained and held out (procedural: 8 and 4)
	objDecTrain, objDecTest int  // object decoder images per held-out class (procedural: DecodeTrain, DecodeTest)
	food                    bool // the food-like control sets exist
	user                    *userObjects
}

// makeData renders the procedural sets; with user objects (user != nil) the
// object sets are the user's, normalised to the faces, and the food-like
// control is not rendered (check A5 is not applicable).
func makeData(ctx context.Context, p Params, seed uint64, workers int, user *userObjects) (*datasets, error) {
	faces := stimuli.NewFaces(p.FaceIDs+p.FaceHeldOut, p.FaceSpread, num.Stream(seed, tagFaces))
	held := p.DecodeTrain + p.DecodeTest
	specs := []struct {
		dst *nn.Data
		s   spec
	}{}
	var ds datasets
	add := func(dst *nn.Data, kind int, classes []int) {
		specs = append(specs, struct {
			dst *nn.Data
			s   spec
		}{dst, spec{kind, classes, uint64(len(specs))}})
	}
	add(&ds.faceTrain, kindFace, blocks(p.FaceImages, 0, p.FaceIDs))
	add(&ds.faceVal, kindFace, cyclic(p.ValImages, 0, p.FaceIDs))
	add(&ds.faceTest, kindFace, cyclic(p.TestImages, 0, p.FaceIDs))
	add(&ds.objTrain, kindObject, blocks(p.ObjImages, 0, objTrained))
	add(&ds.objVal, kindObject, cyclic(p.ValImages, 0, objTrained))
	add(&ds.objTest, kindObject, cyclic(p.TestImages, 0, objTrained))
	add(&ds.faceHeld, kindFace, blocks(held, p.FaceIDs, p.FaceHeldOut))
	add(&ds.objHeld, kindObject, blocks(held, objTrained, stimuli.NumObjectCategories-objTrained))
	if p.FoodControl {
		add(&ds.foodTrain, kindFood, blocks(p.FoodImages, 0, stimuli.NumFoodClasses))
		add(&ds.foodVal, kindFood, cyclic(p.ValImages, 0, stimuli.NumFoodClasses))
		add(&ds.foodTest, kindFood, cyclic(p.TestImages, 0, stimuli.NumFoodClasses))
	}
	ds.objTrained, ds.objHeldOut = objTrained, stimuli.NumObjectCategories-objTrained
	ds.objDecTrain, ds.objDecTest = p.DecodeTrain, p.DecodeTest
	ds.food = p.FoodControl && user == nil
	for _, s := range specs {
		// Set ids stay those of the procedural run, so faces are the same
		// images whichever objects are used.
		if user != nil && (s.s.kind == kindObject || s.s.kind == kindFood) {
			continue
		}
		d, err := render(ctx, workers, seed, p.ImageSize, faces, s.s, 0)
		if err != nil {
			return nil, err
		}
		*s.dst = d
	}
	// Held-out classes start at 0 for the decoder.
	ds.faceHeld = relabel(ds.faceHeld, -p.FaceIDs)
	if user == nil {
		ds.objHeld = relabel(ds.objHeld, -objTrained)
		return &ds, nil
	}
	user.normalise(ds.faceTrain)
	ds.objTrain, ds.objVal, ds.objTest, ds.objHeld = user.train, user.val, user.test, user.heldSet
	ds.objTrained, ds.objHeldOut = user.trained, user.held
	ds.objDecTrain, ds.objDecTest = user.decTrain, user.decTest
	ds.user = user
	return &ds, nil
}
