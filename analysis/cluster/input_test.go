package cluster

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/experiment"
)

// KMeans reports bad input as errors wrapping experiment.ErrInput (k out of
// range used to panic; NaN was clustered silently).
func TestKMeansInputErrors(t *testing.T) {
	ctx := context.Background()
	X := mat.NewDense(3, 2, []float64{0, 0, 1, 1, 5, 5})
	nan := mat.DenseCopyOf(X)
	nan.Set(2, 1, math.NaN())
	cases := []struct {
		name string
		X    *mat.Dense
		k    int
		want string
	}{
		{"k > rows", X, 4, "cluster: KMeans with k = 4 for 3 rows, want 1..3"},
		{"k = 0", X, 0, "cluster: KMeans with k = 0"},
		{"nil", nil, 1, "cluster: KMeans of no rows"},
		{"NaN", nan, 2, "cluster: KMeans: row 2, column 1 is NaN"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := KMeans(ctx, c.X, c.k, KMeansOptions{})
			if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want an input error containing %q", err, c.want)
			}
		})
	}
}

// Negative counts in KMeansOptions are input errors naming the field and
// what 0 means (they used to fall back to the defaults silently).
func TestKMeansNegativeCounts(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{0, 0, 1, 1, 5, 5})
	cases := []struct {
		name string
		o    KMeansOptions
		want string
	}{
		{"Restarts", KMeansOptions{Restarts: -1}, "cluster: KMeansOptions.Restarts = -1: want ≥ 0 (0 means 10)"},
		{"MaxIter", KMeansOptions{MaxIter: -300}, "cluster: KMeansOptions.MaxIter = -300: want ≥ 0 (0 means 300)"},
		{"Workers", KMeansOptions{Workers: -2}, "cluster: KMeansOptions.Workers = -2: want ≥ 0 (0 and 1 both mean serial)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := KMeans(context.Background(), X, 2, c.o)
			if !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want an input error containing %q", err, c.want)
			}
		})
	}
}
