package main

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"neurolab/analysis/placefield"
	"neurolab/analysis/stats"
	"neurolab/dataio/npy"
	"neurolab/report"
)

// TestMapsPVFigureBounded: the pv-matrix figure of thousands of trials is
// block-averaged (as remap's similarity figure is) to at most
// trialFigureSide a side, drawn as an image, with axes in trial numbers and
// a caption that says so; up to trialFigureSide trials it is the ordered
// matrix itself, caption unchanged.
func TestMapsPVFigureBounded(t *testing.T) {
	for _, T := range []int{trialFigureSide, 1234, 5000} {
		// Two maps alternating every 100 trials: PV 0.8 within a map,
		// 0.2 across, 1 on the diagonal, one NaN pair.
		labels := make([]int, T)
		for i := range labels {
			labels[i] = i / 100 % 2
		}
		pv := make([]float64, T*T)
		for i := 0; i < T; i++ {
			for j := 0; j < T; j++ {
				pv[i*T+j] = 0.2
				if labels[i] == labels[j] {
					pv[i*T+j] = 0.8
				}
			}
			pv[i*T+i] = 1
		}
		pv[5*T+7], pv[7*T+5] = math.NaN(), math.NaN()
		g, caption := mapsPVGrid(pv, labels)
		if g.Rows > trialFigureSide || g.Rows != g.Cols || len(g.Data) != g.Rows*g.Cols {
			t.Fatalf("T = %d: %d × %d grid, want square and at most %d a side", T, g.Rows, g.Cols, trialFigureSide)
		}
		if T <= trialFigureSide {
			ordered := placefield.OrderPV(pv, labels)
			same := g.Rows == T && g.X == nil && g.Y == nil
			for i := range ordered {
				same = same && math.Float64bits(g.Data[i]) == math.Float64bits(ordered[i])
			}
			if !same || caption != "Trial × trial PV correlation, trials ordered by map." {
				t.Errorf("T = %d: want the ordered matrix itself and the unchanged caption, got caption %q", T, caption)
			}
			continue
		}
		n := g.Rows
		if n != trialFigureSide {
			t.Errorf("T = %d: %d a side, want %d", T, n, trialFigureSide)
		}
		for _, part := range []string{"averaged over blocks", "ordered by map", "the " + strconv.Itoa(T) + " trials are cut into " + strconv.Itoa(n) + " runs"} {
			if !strings.Contains(caption, part) {
				t.Errorf("T = %d: caption %q does not say %q", T, caption, part)
			}
		}
		// Axes in trial numbers: the blocks span −0.5 … T − 0.5.
		d := float64(T) / float64(n)
		if math.Abs(g.X[0]-d/2+0.5) > 1e-9 || math.Abs(g.Y[n-1]+d/2-(float64(T)-0.5)) > 1e-9 {
			t.Errorf("T = %d: blocks centred at %g … %g, want them to span the trials", T, g.X[0], g.X[n-1])
		}
		// Ordered by map: the first block is map 0 with itself (0.8, the
		// diagonal and the NaN pair left out), the first with the last map
		// 0 with map 1 (0.2).
		if v := g.Data[0]; math.Abs(v-0.8) > 1e-12 {
			t.Errorf("T = %d: first block %v, want 0.8 (no diagonal)", T, v)
		}
		if v := g.Data[n-1]; math.Abs(v-0.2) > 1e-12 {
			t.Errorf("T = %d: first × last block %v, want 0.2 (across maps)", T, v)
		}
		figs := mapsFigures(labels, pv, nil, nil, 4)
		if figs[0].Caption != caption {
			t.Errorf("T = %d: figure caption %q, want %q", T, figs[0].Caption, caption)
		}
		svg, err := report.Render(figs[0], "svg")
		if err != nil {
			t.Fatal(err)
		}
		// An image of n × n cells, not T × T (87 MB of SVG at 5000 trials
		// before the figure was bounded).
		if limit := 20*n*n + 200000; len(svg) > limit {
			t.Errorf("T = %d: %d-byte SVG, want at most %d", T, len(svg), limit)
		}
		if !bytes.Contains(svg, []byte("<image")) {
			t.Errorf("T = %d: the SVG embeds no image", T)
		}
	}
}

// TestMapsCommandManyTrials: maps on a recording of 600 short trials (two
// maps alternating every 50 trials) runs end to end, keeps the full
// 600 × 600 PV matrix in maps.json, and writes a pv-matrix figure drawn as
// an image.
func TestMapsCommandManyTrials(t *testing.T) {
	const T, perTrial, N = 600, 40, 6
	F := T * perTrial
	ev := make([]float64, F*N)
	pos := make([]float64, F)
	tr := make([]float64, F)
	for i := range pos {
		// One lap out and back per trial, 96 cm each way at 96 cm/s.
		x := math.Mod(float64(i%perTrial)*192/perTrial, 192)
		if x > 96 {
			x = 192 - x
		}
		pos[i] = x
		tr[i] = float64(i / perTrial)
		m := i / perTrial / 50 % 2
		for c := 0; c < N; c++ {
			centre := float64(8 + 16*((c+3*m)%N)) // map 1 shifts every field
			if math.Abs(x-centre) < 8 {
				ev[i*N+c] = 1
			}
		}
	}
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	npy.WriteFloat64(p("E.npy"), []int{F, N}, ev)
	npy.WriteFloat64(p("P.npy"), []int{F}, pos)
	npy.WriteFloat64(p("T.npy"), []int{F}, tr)
	out := p("out")
	err := execPop(t, newMapsCmd(), "--events", p("E.npy"), "--position", p("P.npy"), "--trials", p("T.npy"),
		"--bins", "6", "--shuffles", "5", "--out", out)
	if err != nil {
		t.Fatal(err)
	}
	m := readPopJSON(t, filepath.Join(out, "maps.json"))
	if got := int(m["trials"].(float64)); got != T {
		t.Fatalf("trials: got %d, want %d", got, T)
	}
	if got := len(m["pv_matrix"].([]any)); got != T*T {
		t.Errorf("pv_matrix: %d values, want %d (the figure is averaged, the JSON is not)", got, T*T)
	}
	svg, err := os.ReadFile(filepath.Join(out, "pv-matrix.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("<image")) {
		t.Error("pv-matrix.svg embeds no image")
	}
}

// TestMapsWithinAcrossPV: the running means equal stats.MeanNaN of the
// lists of pairs they replaced, bit for bit, NaN and Inf pairs left out,
// null where a list has no finite value.
func TestMapsWithinAcrossPV(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, nT := range []int{2, 7, 60} {
		labels := make([]int, nT)
		pv := make([]float64, nT*nT)
		for i := range labels {
			labels[i] = r.IntN(3)
		}
		for i := range pv {
			pv[i] = 2*r.Float64() - 1
			switch r.IntN(10) {
			case 0:
				pv[i] = math.NaN()
			case 1:
				pv[i] = math.Inf(1)
			}
		}
		var w, a []float64
		for i := 0; i < nT; i++ {
			for j := i + 1; j < nT; j++ {
				if labels[i] == labels[j] {
					w = append(w, pv[i*nT+j])
				} else {
					a = append(a, pv[i*nT+j])
				}
			}
		}
		gw, ga := withinAcrossPV(pv, labels)
		if !reflect.DeepEqual(gw, popNum(stats.MeanNaN(w))) || !reflect.DeepEqual(ga, popNum(stats.MeanNaN(a))) {
			t.Errorf("nT = %d: got %v, %v; want %v, %v", nT, gw, ga, popNum(stats.MeanNaN(w)), popNum(stats.MeanNaN(a)))
		}
	}
	// One map: no pair across, null.
	if w, a := withinAcrossPV([]float64{1, 0.5, 0.5, 1}, []int{0, 0}); w != 0.5 || a != nil {
		t.Errorf("one map: got %v, %v; want 0.5, nil", w, a)
	}
}

// TestMapsStreamedPV: maps.json with the PV matrix streamed into it is
// byte for byte the file the boxed values of popNums gave when the whole
// output was encoded at once.
func TestMapsStreamedPV(t *testing.T) {
	x := []float64{1, -0.25, math.NaN(), 1e-7, math.Inf(-1), 0, math.Copysign(0, -1), 0.1 + 0.2, 123456789e20}
	dir := t.TempDir()
	out := mapsOutput{Events: "e.npy", Trials: 3, Labels: []int{0, 1, 0}, Switches: []mapsSwitch{}, PlaceCell: []bool{true},
		SI: []any{0.5}, SIp: []any{nil}, Notes: []string{"a note"}}
	var figs []string
	if err := writeResultsArray(filepath.Join(dir, "got"), "maps.json", nil, &out, &figs, "pv_matrix", x); err != nil {
		t.Fatal(err)
	}
	out.PV = popNums(x)
	if err := writeResults(filepath.Join(dir, "want"), "maps.json", nil, &out, &figs); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "got", "maps.json"))
	want, _ := os.ReadFile(filepath.Join(dir, "want", "maps.json"))
	if !bytes.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
