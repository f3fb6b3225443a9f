package dobs2022

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"neurolab/experiment"
	"neurolab/internal/fig"
	"neurolab/model/nn"
)

// ratioFloor keeps the lesion-ratio checks finite when a drop is ~0: a
// denominator below half a point of normalised accuracy counts as 0.005.
const ratioFloor = 0.005

// randomGapMax bounds |Δ_face(R) − Δ_object(R)| for random 20% lesions
// (check A4; spec: 0.05, "calibrate once": a 30-way fine-grained face task
// loses more normalised accuracy than the 8-way object task under any
// damage). Calibrated at default scale, seed 1: conv2 0.127, conv3 0.038,
// FC64 0.239; threshold 0.3 = the largest (FC64) plus a 25% margin. The
// ratio checks (a4_ratio_*) are the test of selectivity beyond fragility.
const randomGapMax = 0.3

func ratio(a, b float64) float64 { return a / math.Max(b, ratioFloor) }

func checks(res *experiment.Result, p Params, ds *datasets, accDualFace, accDualObj, accFace, accObj float64, dec map[string]float64, les []lesionResult) {
	// A1: cross-decoding on held-out classes.
	res.AddCheck(experiment.NewCheck("a1_faces_cross_decoding",
		"held-out identities decode better from the face CNN's FC64 than the object CNN's: accuracy difference",
		dec["decode_faces_face_net"]-dec["decode_faces_object_net"], ">=", 0.15))
	if _, ok := dec["decode_objects_object_net"]; ok { // not with one held-out class (see userObjects.notes)
		res.AddCheck(experiment.NewCheck("a1_objects_cross_decoding",
			"held-out object categories decode better from the object CNN's FC64 than the face CNN's: accuracy difference",
			dec["decode_objects_object_net"]-dec["decode_objects_face_net"], ">=", 0.10))
	}
	// A2: the dual net matches the single-task nets.
	res.AddCheck(experiment.NewCheck("a2_dual_faces",
		"dual-task net's face accuracy within 5 points of the face-only net: |difference|", math.Abs(accDualFace-accFace), "<=", 0.05))
	res.AddCheck(experiment.NewCheck("a2_dual_objects",
		"dual-task net's object accuracy within 5 points of the object-only net: |difference|", math.Abs(accDualObj-accObj), "<=", 0.05))

	by := map[[2]int]lesionResult{}
	for _, l := range les {
		by[[2]int{l.net, l.layer}] = l
	}
	// A3: task-specific lesions in conv3 and FC64.
	for _, layer := range []int{layerConv3, layerFC} {
		l := by[[2]int{netDual, layer}]
		n := layerNames[layer]
		res.AddCheck(experiment.NewCheck("a3_face_units_"+n,
			fmt.Sprintf("lesioning the top face units of %s: Δ_face − 3·Δ_object ≥ 0", n), l.dAA-3*l.dBA, ">=", 0))
		res.AddCheck(experiment.NewCheck("a3_object_units_"+n,
			fmt.Sprintf("lesioning the top object units of %s: Δ_object − 3·Δ_face ≥ 0", n), l.dBB-3*l.dAB, ">=", 0))
	}
	siFC, siConv2 := by[[2]int{netDual, layerFC}].si(), by[[2]int{netDual, layerConv2}].si()
	res.AddCheck(experiment.NewCheck("a3_si_fc", "segregation index of FC64 ≥ 0.2", siFC, ">=", 0.2))
	res.AddCheck(experiment.NewCheck("a3_si_depth", "segregation grows with depth: SI(FC64) − SI(conv2) ≥ 0.1", siFC-siConv2, ">=", 0.1))
	// A4: random-lesion controls.
	for _, layer := range lesionLayers {
		l := by[[2]int{netDual, layer}]
		n := layerNames[layer]
		res.AddCheck(experiment.NewCheck("a4_random_"+n,
			fmt.Sprintf("random %.0f%% lesions of %s hurt both tasks about alike: |Δ_face(R) − Δ_object(R)|", 100*p.LesionFrac, n), math.Abs(l.dAR-l.dBR), "<=", randomGapMax))
	}
	for _, layer := range []int{layerConv3, layerFC} {
		l := by[[2]int{netDual, layer}]
		n := layerNames[layer]
		v := ratio(l.dAA, l.dBA) - 3*ratio(l.dAR, l.dBR)
		res.Metric("ratio_face_units_"+n, ratio(l.dAA, l.dBA))
		res.Metric("ratio_random_"+n, ratio(l.dAR, l.dBR))
		res.AddCheck(experiment.NewCheck("a4_ratio_"+n,
			fmt.Sprintf("face-unit lesions of %s are ≥ 3× more face-selective than random ones: Δf(Ff)/Δo(Ff) − 3·Δf(R)/Δo(R)", n), v, ">=", 0))
	}
	// Notes on failed lesion checks: the most common cause is the face
	// task's fragility (a 30-way fine-grained task loses more normalised
	// accuracy than the 8-way object task under any damage).
	for _, layer := range lesionLayers {
		l := by[[2]int{netDual, layer}]
		res.Metric("random_drop_gap_"+layerNames[layer], l.dAR-l.dBR)
	}
	// A5: the food-like control segregates less (not with user objects:
	// see userObjects.notes).
	if ds.food {
		siFood := by[[2]int{netFood, layerFC}].si()
		res.AddCheck(experiment.NewCheck("a5_food_control",
			"SI(FC64) of faces + objects exceeds that of food-like + objects: SI(faces) − SI(food)", siFC-siFood, ">", 0))
	}
}

// addNotes records, for every failed check, what was measured (the random
// lesions' size is the run's lesion_frac: the note said 20% at any value).
func addNotes(res *experiment.Result, p Params, les []lesionResult) {
	var failed []string
	for _, c := range res.Checks {
		if !c.Pass {
			failed = append(failed, fmt.Sprintf("%s = %.3g (want %s %g)", c.Name, c.Value, c.Op, c.Threshold))
		}
	}
	if len(failed) == 0 {
		return
	}
	res.Notes = append(res.Notes, "Checks that did not reproduce: "+strings.Join(failed, "; ")+".")
	for _, l := range les {
		if l.net == netDual && l.layer == layerFC {
			res.Notes = append(res.Notes, fmt.Sprintf("FC64 of the dual net: random %.0f%% lesions cost faces %.2f and objects %.2f of their accuracy; lesioning the top object units costs faces %.2f and objects %.2f, the top face units faces %.2f and objects %.2f.",
				100*p.LesionFrac, l.dAR, l.dBR, l.dAB, l.dBB, l.dAA, l.dBA))
		}
		if l.net == netDual && (l.layer == layerFC || l.layer == layerConv3) && l.overlap > 0 {
			k, name := len(l.setB), map[int]string{layerConv3: "conv3", layerFC: "FC64"}[l.layer]
			res.Notes = append(res.Notes, fmt.Sprintf("%s of the dual net: %d of the top %d object units rank among the top %d face units too (each task ranked on its own, as the spec asks); lesioning only the %d object-only units costs faces %.2f and objects %.2f, only the %d face-only units faces %.2f and objects %.2f.",
				name, l.overlap, k, k, k-l.overlap, l.dAOnlyB, l.dBOnlyB, k-l.overlap, l.dAOnlyA, l.dBOnlyA))
		}
	}
}

// layerTicks labels the lesioned layers 1–3 of the lesion figures.
var layerTicks = plot.ConstantTicks([]plot.Tick{{Value: 1, Label: "conv2"}, {Value: 2, Label: "conv3"}, {Value: 3, Label: "FC64"}})

// failing returns the layers among names whose check prefix+layer failed,
// named as on the figures' axes (FC64 for fc).
func failing(res *experiment.Result, prefix string, names ...string) []string {
	var out []string
	for _, n := range names {
		for _, c := range res.Checks {
			if c.Name == prefix+n && !c.Pass {
				name := n
				if name == "fc" {
					name = "FC64"
				}
				out = append(out, name)
			}
		}
	}
	return out
}

// figures builds the figures; their titles state the paper's claims only
// where the corresponding checks in res pass.
func figures(res *experiment.Result, p Params, ds *datasets, les []lesionResult) []experiment.Figure {
	figs := []experiment.Figure{stimulusFigure(p, ds)}
	var dual []lesionResult
	var food *lesionResult
	for i, l := range les {
		if l.net == netDual {
			dual = append(dual, l)
		} else {
			food = &les[i]
		}
	}
	x := make([]float64, len(dual))
	get := func(f func(lesionResult) float64) []float64 {
		y := make([]float64, len(dual))
		for i, l := range dual {
			x[i] = float64(i + 1)
			y[i] = f(l)
		}
		return y
	}
	ta := "Face-unit lesions hurt faces selectively"
	switch fa, fr := failing(res, "a3_face_units_", "conv3", "fc"), failing(res, "a4_ratio_", "conv3", "fc"); {
	case len(fa) > 0:
		ta = "Face-unit lesions: face drop < 3× object drop in " + strings.Join(fa, ", ") + " (paper: ≥ 3×)"
	case len(fr) > 0:
		ta = "Face-unit lesions not 3× more selective than random (" + strings.Join(fr, ", ") + ")"
	}
	tb := "Object-unit lesions hurt objects selectively"
	if fb := failing(res, "a3_object_units_", "conv3", "fc"); len(fb) > 0 {
		tb = "Object-unit lesions: object drop < 3× face drop in " + strings.Join(fb, ", ") + " (paper: ≥ 3×)"
	}
	a := fig.New(ta, "lesioned layer", "normalised accuracy drop Δ")
	a.X.Tick.Marker = layerTicks
	fig.Line(a, x, get(func(l lesionResult) float64 { return l.dAA }), "faces", fig.Color(0))
	fig.Line(a, x, get(func(l lesionResult) float64 { return l.dBA }), "objects", fig.Color(1))
	fig.Dashed(a, x, get(func(l lesionResult) float64 { return l.dAR }), "faces, random lesion", fig.Color(0))
	fig.Dashed(a, x, get(func(l lesionResult) float64 { return l.dBR }), "objects, random lesion", fig.Color(1))
	b := fig.New(tb, "lesioned layer", "normalised accuracy drop Δ")
	b.X.Tick.Marker = layerTicks
	fig.Line(b, x, get(func(l lesionResult) float64 { return l.dAB }), "faces", fig.Color(0))
	fig.Line(b, x, get(func(l lesionResult) float64 { return l.dBB }), "objects", fig.Color(1))
	fig.Dashed(b, x, get(func(l lesionResult) float64 { return l.dAR }), "faces, random lesion", fig.Color(0))
	fig.Dashed(b, x, get(func(l lesionResult) float64 { return l.dBR }), "objects, random lesion", fig.Color(1))
	figs = append(figs, experiment.Figure{Name: "lesion-drops", Panels: [][]*plot.Plot{{a, b}},
		Caption: fmt.Sprintf("Dual-task CNN: normalised accuracy drop on faces and objects after lesioning the %.0f%% of units most important for faces (left) or objects (right), per layer; dashed: random lesions of the same size (mean of %d).", 100*p.LesionFrac, p.RandomDraws)})

	// The title states what the two SI checks found.
	tc := "Segregation grows with depth"
	switch f := failing(res, "a3_si_", "fc", "depth"); {
	case len(f) == 2:
		tc = "Segregation index per layer (paper: grows with depth; not reproduced)"
	case len(f) == 1 && f[0] == "depth":
		tc = "Segregation index per layer: FC64 segregated, but not more than conv2"
	case len(f) == 1:
		tc = "Segregation grows with depth, but FC64's SI is below 0.2"
	}
	c := fig.New(tc, "layer", "segregation index SI")
	c.X.Tick.Marker = layerTicks
	si := get(func(l lesionResult) float64 { return l.si() })
	fig.Line(c, x, si, "faces + objects", fig.Color(0))
	fig.Points(c, x, si, "", fig.Color(0))
	if food != nil {
		fig.Points(c, []float64{3}, []float64{food.si()}, "food-like + objects (FC64)", fig.Color(2))
	}
	figs = append(figs, experiment.Figure{Name: "segregation-depth", Plot: c,
		Caption: "Segregation index ½[(Δ_face(F_face) − Δ_obj(F_face)) + (Δ_obj(F_obj) − Δ_face(F_obj))] per layer of the dual-task CNN, and of the food-like control in FC64."})
	return figs
}

// faceTiles returns the indices into the face training set (ids
// identities, blocks of perID images each) of the figure's n face tiles
// (n even), and their description: two images of each of the first n/2
// identities, or one image of each of the first n when an identity has a
// single training image. The tiles were (k/2)·perID + k%2, which at
// perID = 1 showed identities 0, 1, 1, 2, 2, … under a caption of six
// identities with two images each (and past the last identity, with fewer
// than six, tiles that the figure skips).
func faceTiles(ids, perID, n int) ([]int, string) {
	var idx []int
	for k := 0; k < n; k++ {
		if perID >= 2 {
			idx = append(idx, (k/2)*perID+k%2)
		} else {
			idx = append(idx, k)
		}
	}
	count := func(m int) string {
		m = min(m, ids)
		switch m {
		case 6:
			return "six"
		case 12:
			return "twelve"
		}
		return fmt.Sprint(m)
	}
	if perID >= 2 {
		return idx, count(n/2) + " face identities (two images each)"
	}
	return idx, count(n) + " face identities (one image each)"
}

// stimulusFigure tiles example images: faces of 6 identities (two images
// each), the first image of each object category (trained, then held out;
// at most 12), and 12 food-like classes.
func stimulusFigure(p Params, ds *datasets) experiment.Figure {
	S := p.ImageSize
	const cols = 12
	var rows [][]float64
	pick := func(d nn.Data, idx []int) {
		for _, i := range idx {
			if i < d.N {
				rows = append(rows, d.Row(i))
			}
		}
	}
	fi, faceText := faceTiles(p.FaceIDs, p.FaceImages, cols)
	var fo []int
	for k := 0; k < cols; k++ {
		fo = append(fo, (k*5/2)*p.FoodImages)
	}
	// Each kind starts a new row (blank tiles pad a short one).
	pad := func() {
		for len(rows)%cols != 0 {
			rows = append(rows, nil)
		}
	}
	pick(ds.faceTrain, fi)
	pad()
	nObj := len(rows)
	pick(ds.objTrain, firstOfClass(ds.objTrain, ds.objTrained))
	pick(ds.objHeld, firstOfClass(ds.objHeld, ds.objHeldOut))
	rows = rows[:min(len(rows), nObj+cols)]
	pad()
	if ds.food {
		pick(ds.foodTrain, fo)
	}
	nr := (len(rows) + cols - 1) / cols
	g := fig.Grid{Rows: nr * (S + 1), Cols: cols * (S + 1), Data: make([]float64, nr*(S+1)*cols*(S+1))}
	for k := range g.Data {
		g.Data[k] = math.NaN()
	}
	for n, img := range rows {
		if img == nil {
			continue
		}
		r0, c0 := (n/cols)*(S+1), (n%cols)*(S+1)
		for i := 0; i < S; i++ {
			for j := 0; j < S; j++ {
				// Grid row 0 is at the bottom: flip.
				g.Data[(g.Rows-1-(r0+i))*g.Cols+c0+j] = img[i*S+j]
			}
		}
	}
	pl := plot.New()
	pl.Title.TextStyle.Font.Size = vg.Points(11) // as fig.New's titles
	pl.Title.Text = "Stimuli: faces (row 1), objects (row 2), food-like (row 3), one drawer"
	caption := "Example images: " + faceText + ", the 12 object categories (last 4 held out), and 12 of the 30 food-like classes; all rendered by the same anti-aliased drawer with the same nuisance."
	if u := ds.user; u != nil {
		pl.Title.Text = "Stimuli: procedural faces (row 1), your objects (row 2), matched mean and contrast"
		caption = fmt.Sprintf("Example images: %s and the first image of up to 12 of your %d object classes from %s (%d trained, then %d held out), normalised to the faces' mean luminance and contrast.",
			strings.Replace(faceText, " face ", " procedural face ", 1), len(u.classes), filepath.Base(filepath.Clean(u.path)), u.trained, u.held)
	}
	fig.HeatMapGray(pl, g, "pixel intensity (a.u.)")
	pl.HideAxes()
	// Square pixels: the tiles share the width left by the colour bar
	// (about 1.5 in), and the height follows from the number of rows.
	const width = 8 * vg.Inch
	tile := (width - 1.5*vg.Inch) / vg.Length(cols)
	return experiment.Figure{Name: "stimuli", Plot: pl, Width: width, Height: 0.5*vg.Inch + vg.Length(nr)*tile, Caption: caption}
}

// firstOfClass returns the index of the first image of each class 0..k−1
// in d (d.N when a class has none, which pick skips).
func firstOfClass(d nn.Data, k int) []int {
	idx := make([]int, k)
	for c := range idx {
		idx[c] = d.N
	}
	for i := d.N - 1; i >= 0; i-- {
		if d.Y[i] < k {
			idx[d.Y[i]] = i
		}
	}
	return idx
}
