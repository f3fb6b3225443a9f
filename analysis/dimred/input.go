package dimred

import (
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

// checkTrials validates trials passed to an entry point (what names it in
// the messages): at least one trial, none nil, all of the same width and,
// when sameLen, of the same length. It returns the length and width of
// trial 0. Errors wrap experiment.ErrInput.
func checkTrials(what string, Y []*mat.Dense, sameLen bool) (T, N int, err error) {
	if len(Y) == 0 {
		return 0, 0, experiment.Inputf("dimred: %s: no trials (want at least 1)", what)
	}
	for k, y := range Y {
		if y == nil {
			return 0, 0, experiment.Inputf("dimred: %s: trial %d is nil", what, k)
		}
	}
	T, N = Y[0].Dims()
	for k, y := range Y {
		r, c := y.Dims()
		if c != N {
			return 0, 0, experiment.Inputf("dimred: %s: trial %d has %d neurons, trial 0 has %d", what, k, c, N)
		}
		if sameLen && r != T {
			return 0, 0, experiment.Inputf("dimred: %s: trial %d has %d frames, trial 0 has %d (trials must be of equal length)", what, k, r, T)
		}
	}
	return T, N, nil
}

// checkFinite returns an input error naming the first non-finite value of
// the trials (frames × neurons).
func checkFinite(what string, Y []*mat.Dense) error {
	for k, y := range Y {
		r, c := y.Dims()
		for t := 0; t < r; t++ {
			for i := 0; i < c; i++ {
				if v := y.At(t, i); math.IsNaN(v) || math.IsInf(v, 0) {
					return experiment.Inputf("dimred: %s: trial %d, frame %d, neuron %d is %g: missing data is not supported; analysis/deconv handles NaN frames", what, k, t, i, v)
				}
			}
		}
	}
	return nil
}

// Trials cuts a recording Y (cells × frames, the layout of Suite2p's F.npy
// and of deconv) into trials of L frames that start at the given frame
// onsets, each returned as an L × cells matrix (frames × neurons, the layout
// every fitting function here takes). An onset outside [0, frames − L] or
// L < 1 is an input error.
func Trials(Y *mat.Dense, onsets []int, L int) ([]*mat.Dense, error) {
	if Y == nil {
		return nil, experiment.Inputf("dimred: Trials: Y is nil")
	}
	n, T := Y.Dims()
	if L < 1 || L > T {
		return nil, experiment.Inputf("dimred: Trials: trial length %d, want 1..%d (the recording's frames)", L, T)
	}
	out := make([]*mat.Dense, len(onsets))
	for k, s := range onsets {
		if s < 0 || s+L > T {
			return nil, experiment.Inputf("dimred: Trials: onset %d (trial %d) leaves no %d frames in a recording of %d (want 0..%d)", s, k, L, T, T-L)
		}
		y := mat.NewDense(L, n, nil)
		for t := 0; t < L; t++ {
			for i := 0; i < n; i++ {
				y.Set(t, i, Y.At(i, s+t))
			}
		}
		out[k] = y
	}
	return out, nil
}

// constantNeurons returns the neurons (columns) that take a single value
// over every frame of Y (nil if none), and the number of frames.
func constantNeurons(Y []*mat.Dense) (idx []int, frames int) {
	var first []float64
	_, n := Y[0].Dims()
	varies := make([]bool, n)
	for _, y := range Y {
		r, _ := y.Dims()
		frames += r
		for t := 0; t < r; t++ {
			row := y.RawRowView(t)
			if first == nil {
				first = row
				continue
			}
			for i, v := range row {
				if v != first[i] {
					varies[i] = true
				}
			}
		}
	}
	for i, v := range varies {
		if !v {
			idx = append(idx, i)
		}
	}
	return idx, frames
}

// constantNeuronsErr returns the input error of a factor model (what: FA or
// GPFA) given neurons idx (of n) that are constant over all frames: such a
// neuron's private variance has no maximum-likelihood value (the likelihood
// grows without bound as it shrinks to 0), so EM has nothing to converge
// to; it carries no information about the latents and is best dropped.
func constantNeuronsErr(what string, idx []int, n, frames int) error {
	const show = 8
	list := ""
	for k, i := range idx {
		if k == show {
			list += ", …"
			break
		}
		if k > 0 {
			list += ", "
		}
		list += strconv.Itoa(i)
	}
	noun, verb, pron := "neuron", "is", "it"
	if len(idx) > 1 {
		noun, verb, pron = "neurons", "are", "them"
	}
	return experiment.Inputf("dimred: %s: %s %s (%d of %d) %s constant over all %d frames: with zero variance the likelihood has no maximum (it grows without bound as the private variance shrinks to 0); drop %s before fitting",
		what, noun, list, len(idx), n, verb, frames, pron)
}
