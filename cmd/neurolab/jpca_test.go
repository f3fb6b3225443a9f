package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"

	"neurolab/dataio/npy"
	"neurolab/experiment"
)

// jpcaPlanted returns C conditions × T bins × n neurons of x_c(t) = Q e^{Mt}
// x0_c with a 2 Hz and a 1 Hz rotation plane and decays (−3, −5 s⁻¹) at 10 ms
// bins (the arm-feedback spec's planted test).
func jpcaPlanted(C, T, n int) []float64 {
	rng := rand.New(rand.NewPCG(4, 2))
	w2, w1 := 2*math.Pi*2, 2*math.Pi*1
	M := mat.NewDense(6, 6, []float64{0, -w2, 0, 0, 0, 0, w2, 0, 0, 0, 0, 0, 0, 0, 0, -w1, 0, 0, 0, 0, w1, 0, 0, 0, 0, 0, 0, 0, -3, 0, 0, 0, 0, 0, 0, -5})
	G := mat.NewDense(n, 6, nil)
	for i := range G.RawMatrix().Data {
		G.RawMatrix().Data[i] = rng.NormFloat64()
	}
	var qr mat.QR
	qr.Factorize(G)
	var Q mat.Dense
	qr.QTo(&Q)
	out := make([]float64, 0, C*T*n)
	for c := 0; c < C; c++ {
		x0 := mat.NewVecDense(6, nil)
		for j := 0; j < 6; j++ {
			x0.SetVec(j, rng.NormFloat64())
		}
		for t := 0; t < T; t++ {
			var Mt, E mat.Dense
			Mt.Scale(float64(t)*0.01, M)
			E.Exp(&Mt)
			var z, x mat.VecDense
			z.MulVec(&E, x0)
			x.MulVec(Q.Slice(0, n, 0, 6), &z)
			out = append(out, x.RawVector().Data...)
		}
	}
	return out
}

// writeF32 writes a C-order float32 .npy file by hand (format version 1.0).
func writeF32(t *testing.T, path string, shape []int, data []float64) {
	t.Helper()
	s := "("
	for _, v := range shape {
		s += fmt.Sprintf("%d, ", v)
	}
	s += ")"
	h := fmt.Sprintf("{'descr': '<f4', 'fortran_order': False, 'shape': %s, }", s)
	for (10+len(h)+1)%64 != 0 {
		h += " "
	}
	h += "\n"
	var b bytes.Buffer
	b.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&b, binary.LittleEndian, uint16(len(h)))
	b.WriteString(h)
	for _, v := range data {
		binary.Write(&b, binary.LittleEndian, float32(v))
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func execJPCA(args ...string) error {
	c := newJPCACmd()
	c.SetArgs(args)
	c.SetOut(io.Discard)
	c.SetErr(io.Discard)
	c.SetContext(context.Background())
	return c.Execute()
}

func TestJPCACommandPlanted(t *testing.T) {
	dir := t.TempDir()
	const C, T, n = 9, 31, 40
	data := jpcaPlanted(C, T, n)
	for _, kind := range []string{"f8", "f4"} {
		t.Run(kind, func(t *testing.T) {
			in := filepath.Join(dir, "x"+kind+".npy")
			if kind == "f8" {
				if err := npy.WriteFloat64(in, []int{C, T, n}, data); err != nil {
					t.Fatal(err)
				}
			} else {
				writeF32(t, in, []int{C, T, n}, data)
			}
			out := filepath.Join(dir, "out"+kind)
			if err := execJPCA("--input", in, "--out", out, "--no-normalize"); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(out, "jpca.json"))
			if err != nil {
				t.Fatal(err)
			}
			var res struct {
				Ratio  float64 `json:"r2_skew_over_r2_best"`
				Planes []struct {
					FreqHz float64 `json:"freq_hz"`
				} `json:"planes"`
				Figures []string `json:"figures"`
			}
			if err := json.Unmarshal(b, &res); err != nil {
				t.Fatal(err)
			}
			if f := res.Planes[0].FreqHz; math.Abs(f-2) > 0.04 {
				t.Errorf("jPC1 frequency: got %.4f Hz, want 2 ± 0.04", f)
			}
			if res.Ratio < 0.95 {
				t.Errorf("R²_skew/R²_best: got %.3f, want ≥ 0.95", res.Ratio)
			}
			if len(res.Figures) == 0 {
				t.Error("no figure written")
			}
			for _, f := range res.Figures {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("figure %s: %v", f, err)
				}
			}
		})
	}
}

func TestJPCACommandBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, shape []int, data []float64) string {
		p := filepath.Join(dir, name)
		if err := npy.WriteFloat64(p, shape, data); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := jpcaPlanted(3, 10, 8)
	nan := append([]float64(nil), good...)
	nan[17] = math.NaN()
	cases := []struct {
		name string
		args []string
	}{
		{"rank 2", []string{"--input", write("r2.npy", []int{30, 8}, good[:240])}},
		{"NaN", []string{"--input", write("nan.npy", []int{3, 10, 8}, nan)}},
		{"one condition", []string{"--input", write("c1.npy", []int{1, 10, 8}, good[:80])}},
		{"dims > neurons", []string{"--input", write("ok.npy", []int{3, 10, 8}, good), "--dims", "10"}},
		{"odd dims", []string{"--input", filepath.Join(dir, "ok.npy"), "--dims", "3"}},
		{"missing file", []string{"--input", filepath.Join(dir, "none.npy")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := execJPCA(append(c.args, "--out", filepath.Join(dir, "o"))...)
			if !errors.Is(err, experiment.ErrInput) {
				t.Errorf("got %v, want an error wrapping experiment.ErrInput (exit 2)", err)
			}
		})
	}
}
