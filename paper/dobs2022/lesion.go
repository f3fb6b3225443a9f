package dobs2022

import (
	"context"
	"math/rand/v2"
	"slices"

	"neurolab/internal/num"
	"neurolab/model/nn"
	"neurolab/synth/stimuli"
)

// lesionResult holds one net's lesions in one layer. Task a is faces (or
// food for the control net), task b objects. dXY = Δ_X(F_Y): the normalised
// accuracy drop of task X when the units ranked most important for task Y
// are lesioned; dXR = Δ_X(R), mean over random lesions of the same size.
type lesionResult struct {
	net, layer         int
	setA, setB         []int
	dAA, dBA, dBB, dAB float64
	dAR, dBR           float64
	// Diagnostics of the sets' overlap (not in the spec's checks): overlap
	// = |F_a ∩ F_b|; dXOnlyY = Δ_X(F_Y \ F_other), the drop when only the
	// units top-ranked for task Y alone are lesioned.
	overlap          int
	dAOnlyA, dBOnlyA float64
	dAOnlyB, dBOnlyB float64
	lossA, lossB     []float64 // single-unit ablation losses (ranking)
	accA, accB       float64   // unlesioned test accuracies
}

// si is the segregation index ½[(Δ_a(F_a) − Δ_b(F_a)) + (Δ_b(F_b) − Δ_a(F_b))].
func (l lesionResult) si() float64 { return 0.5 * ((l.dAA - l.dBA) + (l.dBB - l.dAB)) }

// clone returns a copy of src with its own buffers.
func clone(p Params, src *nn.Net) *nn.Net {
	k := src.OutShape().Size()
	net := newCNN(p, k, 0, 0)
	net.CopyParams(src)
	return net
}

const chunk = 250

// inputs returns the input of layer l for every image of d (n × size), in chunks.
func inputs(net *nn.Net, l int, d nn.Data) []float64 {
	if l == 0 {
		return d.X
	}
	size := net.InShape(l).Size()
	out := make([]float64, 0, d.N*size)
	for s := 0; s < d.N; s += chunk {
		n := min(chunk, d.N-s)
		net.Forward(d.X[s*d.Dim:(s+n)*d.Dim], n, nil)
		out = append(out, net.Output(l-1)...)
	}
	return out
}

// evalFrom returns accuracy and mean cross-entropy of the net on x, the
// input of layer l for examples with labels y.
func evalFrom(net *nn.Net, l int, x []float64, y []int) (acc, loss float64) {
	size := net.InShape(l).Size()
	k := net.OutShape().Size()
	correct := 0
	for s := 0; s < len(y); s += chunk {
		n := min(chunk, len(y)-s)
		z := net.ForwardFrom(l, x[s*size:(s+n)*size], n, nil)
		loss += nn.SoftmaxCrossEntropy(nil, z, y[s:s+n], n, k) * float64(n)
		for r := 0; r < n; r++ {
			if nn.Argmax(z[r*k:(r+1)*k]) == y[s+r] {
				correct++
			}
		}
	}
	return float64(correct) / float64(len(y)), loss / float64(len(y))
}

// rankUnits returns the single-unit ablation loss of every unit of layer l
// on task data d (the reference code's greedy_p = 0 mode).
func rankUnits(net *nn.Net, p Params, l int, d nn.Data) []float64 {
	x := inputs(net, l, d)
	loss := make([]float64, unitsOf(p, l))
	for u := range loss {
		ablate(net, l, []int{u})
		_, loss[u] = evalFrom(net, l, x, d.Y)
	}
	ablate(net, l, nil)
	return loss
}

// top returns the k units with the largest loss (ties: lower index first).
func top(loss []float64, k int) []int {
	idx := make([]int, len(loss))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case loss[a] > loss[b]:
			return -1
		case loss[a] < loss[b]:
			return 1
		}
		return 0
	})
	return slices.Sorted(slices.Values(idx[:k]))
}

// lesions ranks and evaluates the lesions of the dual net in conv2, conv3
// and FC64, and of the food control net in FC64.
func lesions(ctx context.Context, p Params, ds *datasets, nets []*nn.Net, seed uint64, workers int, tick func()) ([]lesionResult, error) {
	F := p.FaceIDs
	type pair struct{ val, test nn.Data }
	tasks := map[int][2]pair{
		netDual: {{ds.faceVal, ds.faceTest}, {relabel(ds.objVal, F), relabel(ds.objTest, F)}},
	}
	var res []lesionResult
	for _, l := range lesionLayers {
		res = append(res, lesionResult{net: netDual, layer: l})
	}
	if ds.food {
		tasks[netFood] = [2]pair{{ds.foodVal, ds.foodTest},
			{relabel(ds.objVal, stimuli.NumFoodClasses), relabel(ds.objTest, stimuli.NumFoodClasses)}}
		res = append(res, lesionResult{net: netFood, layer: layerFC})
	}
	// Ranking: one job per (result, task).
	err := num.ParallelFor(ctx, workers, 2*len(res), func(i int) error {
		r := &res[i/2]
		net := clone(p, nets[r.net])
		t := tasks[r.net][i%2]
		loss := rankUnits(net, p, r.layer, t.val)
		if i%2 == 0 {
			r.lossA = loss
		} else {
			r.lossB = loss
		}
		tick()
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Evaluation on the test sets: one job per result.
	err = num.ParallelFor(ctx, workers, len(res), func(i int) error {
		r := &res[i]
		net := clone(p, nets[r.net])
		k := lesionCount(p, r.layer)
		r.setA, r.setB = top(r.lossA, k), top(r.lossB, k)
		ta, tb := tasks[r.net][0].test, tasks[r.net][1].test
		xa, xb := inputs(net, r.layer, ta), inputs(net, r.layer, tb)
		r.accA, _ = evalFrom(net, r.layer, xa, ta.Y)
		r.accB, _ = evalFrom(net, r.layer, xb, tb.Y)
		drops := func(units []int) (da, db float64) {
			ablate(net, r.layer, units)
			a, _ := evalFrom(net, r.layer, xa, ta.Y)
			b, _ := evalFrom(net, r.layer, xb, tb.Y)
			ablate(net, r.layer, nil)
			return normDrop(r.accA, a), normDrop(r.accB, b)
		}
		r.dAA, r.dBA = drops(r.setA)
		r.dAB, r.dBB = drops(r.setB)
		onlyA, onlyB := without(r.setA, r.setB), without(r.setB, r.setA)
		r.overlap = k - len(onlyA)
		r.dAOnlyA, r.dBOnlyA = drops(onlyA)
		r.dAOnlyB, r.dBOnlyB = drops(onlyB)
		for d := 0; d < p.RandomDraws; d++ {
			rng := num.Stream(seed, tagRandom, uint64(r.net), uint64(r.layer), uint64(d))
			da, db := drops(randomSet(rng, unitsOf(p, r.layer), k))
			r.dAR += da / float64(p.RandomDraws)
			r.dBR += db / float64(p.RandomDraws)
		}
		tick()
		return nil
	})
	return res, err
}

// without returns the units of a that are not in b.
func without(a, b []int) []int {
	var out []int
	for _, u := range a {
		if !slices.Contains(b, u) {
			out = append(out, u)
		}
	}
	return out
}

// normDrop is Δ = (acc − acc_lesioned)/acc (spec), 0 when acc is 0.
func normDrop(acc, lesioned float64) float64 {
	if acc == 0 {
		return 0
	}
	return (acc - lesioned) / acc
}

func randomSet(rng *rand.Rand, n, k int) []int {
	return slices.Sorted(slices.Values(rng.Perm(n)[:k]))
}

// crossDecoding returns the A1 metrics: held-out decoding accuracy from the
// FC64 features of the face-only and object-only nets.
func crossDecoding(ctx context.Context, p Params, ds *datasets, nets []*nn.Net, seed uint64, workers int) (map[string]float64, error) {
	type combo struct {
		net         int
		set         nn.Data
		k           int
		train, test int
		name        string
	}
	combos := []combo{
		{netFace, ds.faceHeld, p.FaceHeldOut, p.DecodeTrain, p.DecodeTest, "decode_faces_face_net"},
		{netObj, ds.faceHeld, p.FaceHeldOut, p.DecodeTrain, p.DecodeTest, "decode_faces_object_net"},
	}
	// With one held-out object class (3 user classes) object decoding is
	// trivial: check A1's object half is not applicable.
	if ds.objHeldOut >= 2 {
		combos = append(combos,
			combo{netFace, ds.objHeld, ds.objHeldOut, ds.objDecTrain, ds.objDecTest, "decode_objects_face_net"},
			combo{netObj, ds.objHeld, ds.objHeldOut, ds.objDecTrain, ds.objDecTest, "decode_objects_object_net"})
	}
	out := make([]float64, len(combos))
	err := num.ParallelFor(ctx, workers, len(combos), func(i int) error {
		c := combos[i]
		net := clone(p, nets[c.net])
		feats := inputs(net, layerFeat+1, c.set)
		acc, err := crossDecode(feats, c.set.Y, p.FC, c.k, c.train, c.test, p.DecodeSplits, p.DecodeLambda,
			num.Stream(seed, tagDecode, uint64(i)))
		out[i] = acc
		return err
	})
	if err != nil {
		return nil, err
	}
	m := map[string]float64{}
	for i, c := range combos {
		m[c.name] = out[i]
	}
	return m, nil
}
