package suite2p_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"

	"neurolab/dataio/suite2p"
	"neurolab/experiment"
)

// writeNpy writes m as a float32 .npy file (Suite2p's dtype for F and Fneu).
func writeNpy(path string, m *mat.Dense) {
	b, err := suite2p.WriteFloat32(m)
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		panic(err)
	}
}

// Example writes a tiny Suite2p plane folder (3 ROIs × 5 frames: F.npy,
// Fneu.npy and iscell.npy, where ROI 1 is not a cell; no ops.npy), reads it
// back with ReadPlane and computes the neuropil-corrected fluorescence
// F − 0.7·Fneu of the cells, the input of spike inference
// (analysis/deconv).
func Example() {
	dir, err := os.MkdirTemp("", "suite2p-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)

	F := mat.NewDense(3, 5, []float64{
		2, 2, 4, 3, 2,
		1, 1, 1, 1, 1,
		3, 5, 4, 3, 3,
	})
	Fneu := mat.NewDense(3, 5, []float64{
		1, 1, 1, 1, 1,
		1, 1, 1, 1, 1,
		2, 2, 2, 2, 2,
	})
	iscell := mat.NewDense(3, 2, []float64{ // label, classifier probability
		1, 0.9,
		0, 0.2,
		1, 0.75,
	})
	writeNpy(filepath.Join(dir, "F.npy"), F)
	writeNpy(filepath.Join(dir, "Fneu.npy"), Fneu)
	writeNpy(filepath.Join(dir, "iscell.npy"), iscell)

	p, err := suite2p.ReadPlane(dir)
	if err != nil {
		panic(err)
	}
	r, c := p.F.Dims()
	fmt.Println("ROIs × frames:", r, "×", c, "cells:", p.IsCell)
	// Without ops.npy the frame rate and decay are unknown; the error is an
	// input error that says to pass them explicitly.
	fmt.Println("ops.npy unusable, input error:", p.OpsErr != nil && errors.Is(p.OpsErr, experiment.ErrInput))

	Y, rois := p.Corrected(0.7)
	fmt.Println("corrected rows are ROIs", rois)
	fmt.Printf("ROI 2: %.1f\n", Y.RawRowView(1))
	// Output:
	// ROIs × frames: 3 × 5 cells: [true false true]
	// ops.npy unusable, input error: true
	// corrected rows are ROIs [0 2]
	// ROI 2: [1.6 3.6 2.6 1.6 1.6]
}

// ExampleMatrix reads one 2-D .npy file into a gonum matrix; float32,
// float64, int32 and int64 files are accepted, non-finite values are
// input errors naming the file.
func ExampleMatrix() {
	dir, err := os.MkdirTemp("", "suite2p-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "spks.npy")
	writeNpy(path, mat.NewDense(2, 3, []float64{0, 0.5, 0, 1.25, 0, 0}))

	m, err := suite2p.Matrix(path)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v\n", mat.Formatted(m))
	_, err = suite2p.Vector(path)
	fmt.Println("read as a vector, input error:", errors.Is(err, experiment.ErrInput))
	// Output:
	// ⎡   0   0.5     0⎤
	// ⎣1.25     0     0⎦
	// read as a vector, input error: true
}
