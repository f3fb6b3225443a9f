package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"neurolab/internal/linalg"
)

// TestMain lets the test binary act as the neurolab child, as the runner's
// own binary does, so the smoke test needs no go build.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "child" {
		os.Exit(childMain(os.Args[2:]))
	}
	os.Exit(m.Run())
}

// TestBenchNeurolabSide runs every workload's neurolab side once, in
// process, at the tiny size, and checks that Compare accepts its output
// against itself: the Go half of the suite cannot rot even where Debian's
// Python is missing.
func TestBenchNeurolabSide(t *testing.T) {
	for _, w := range workloads() {
		t.Run(w.Name, func(t *testing.T) {
			in, out := t.TempDir(), t.TempDir()
			if err := w.Gen(in, true); err != nil {
				t.Fatalf("Gen: %v", err)
			}
			meta, err := readMeta(in)
			if err != nil {
				t.Fatal(err)
			}
			sec, err := w.Run(in, out, 1)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if !(sec >= 0) {
				t.Errorf("kernel time: got %g s, want ≥ 0", sec)
			}
			if _, err := w.Compare(out, out, meta); err != nil {
				t.Errorf("Compare(self): got %v, want agreement", err)
			}
			if w.Flops != nil && !(w.Flops(meta) > 0) {
				t.Errorf("Flops: got %g, want > 0", w.Flops(meta))
			}
		})
	}
}

// TestBenchSmoke runs the whole suite once at the tiny size through the
// runner, children and peers included, and checks that every workload whose
// peer is installed agrees with it. Peers whose interpreter or packages are
// missing are skipped by the runner with a note.
func TestBenchSmoke(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// The test binary is the neurolab side of whichever build is being
	// tested. In the default build the openblas rows are skipped; under
	// -tags openblas every row runs this (openblas) binary.
	bins := map[string]string{"default": self, "openblas": ""}
	if linalg.OpenBLAS {
		bins["openblas"] = self
	}
	o := Options{Pairs: 1, Threads: 1, Python: "/usr/bin/python3", Dir: ".", Tiny: true, NoWarmup: true,
		Binaries: bins}
	rep, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, r := range rep.Rows {
		switch {
		case r.Error != "":
			t.Errorf("%s (%s): %s", r.Workload, r.Build, r.Error)
		case r.Skipped != "":
			t.Logf("%s (%s): %s", r.Workload, r.Build, r.Skipped)
		default:
			ran++
			if len(r.Ratios) != 1 || !(r.Ratios[0] > 0) {
				t.Errorf("%s: got ratios %v, want one positive ratio", r.Workload, r.Ratios)
			}
			t.Logf("%s: %s", r.Workload, r.Agreement)
		}
	}
	dir := t.TempDir()
	if err := rep.Write(dir); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "results.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range workloads() {
		if !strings.Contains(string(md), w.Name) {
			t.Errorf("results.md lacks workload %s", w.Name)
		}
	}
	if ran == 0 {
		t.Skip("no peer available (Debian's python3 or its packages missing): only the neurolab side was tested")
	}
}

// TestExchangeHelpers: writeVectors and readInputs round-trip 1-D arrays and
// their shapes in order; readInputs names a missing array; readScalars
// accepts one finite value per side and otherwise says what is wrong.
func TestExchangeHelpers(t *testing.T) {
	in, nl, py := t.TempDir(), t.TempDir(), t.TempDir()
	meta := newMeta()
	if err := writeVectors(in, meta, map[string][]float64{"a": {1, 2, 3}, "b": {4}}); err != nil {
		t.Fatal(err)
	}
	if err := writeMeta(in, meta); err != nil {
		t.Fatal(err)
	}
	m, arrays, err := readInputs(in, "b", "a")
	if err != nil {
		t.Fatal(err)
	}
	if len(arrays) != 2 || len(arrays[0]) != 1 || arrays[0][0] != 4 || len(arrays[1]) != 3 || arrays[1][2] != 3 ||
		len(m.Shapes["a"]) != 1 || m.Shapes["a"][0] != 3 {
		t.Errorf("readInputs(b, a): got %v, shapes %v", arrays, m.Shapes)
	}
	if _, _, err := readInputs(in, "a", "missing"); err == nil || !strings.Contains(err.Error(), "missing.f64") {
		t.Errorf("readInputs of a missing array: got %v, want an error naming missing.f64", err)
	}
	for _, tc := range []struct {
		nl, py []float64
		want   string // "" for success
	}{
		{[]float64{1.5}, []float64{-2}, ""},
		{[]float64{1.5}, []float64{math.NaN()}, "x: objective [NaN], want one finite value"},
		{[]float64{1, 2}, []float64{1}, "x: objective [1 2], want one finite value"},
	} {
		if err := writeVectors(nl, nil, map[string][]float64{"obj": tc.nl}); err != nil {
			t.Fatal(err)
		}
		if err := writeVectors(py, nil, map[string][]float64{"obj": tc.py}); err != nil {
			t.Fatal(err)
		}
		v, err := readScalars(nl, py, "obj", "x: objective")
		switch {
		case tc.want == "" && (err != nil || v != [2]float64{tc.nl[0], tc.py[0]}):
			t.Errorf("readScalars(%v, %v): got %v, %v", tc.nl, tc.py, v, err)
		case tc.want != "" && (err == nil || err.Error() != tc.want):
			t.Errorf("readScalars(%v, %v): got error %v, want %q", tc.nl, tc.py, err, tc.want)
		}
	}
}
