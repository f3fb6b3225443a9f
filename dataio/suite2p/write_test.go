package suite2p

import (
	"bytes"
	"fmt"
	"math"
	"testing"

	"codeberg.org/sbinet/npyio"
	"gonum.org/v1/gonum/mat"
)

// WriteFloat32 and WriteFloat64 encode the values directly; their bytes must
// be those npyio writes (the encoder they replace), header padding included,
// for shapes whose header lengths cover every padding.
func TestWriteMatchesNpyio(t *testing.T) {
	for _, sh := range [][2]int{{1, 1}, {1, 7}, {3, 4}, {12, 345}, {123, 45}, {1000, 10}, {7, 100000}} {
		r, c := sh[0], sh[1]
		m := mat.NewDense(r, c, nil)
		for i := range r {
			for j := range c {
				m.Set(i, j, math.Sin(float64(i*c+j))*math.Pow(10, float64((i+j)%9-4)))
			}
		}
		m.Set(0, 0, math.NaN())
		rows := make([][]float32, r)
		for i := range rows {
			rows[i] = make([]float32, c)
			for j, v := range m.RawRowView(i) {
				rows[i][j] = float32(v)
			}
		}
		var want32, want64 bytes.Buffer
		if err := npyio.Write(&want32, rows); err != nil {
			t.Fatal(err)
		}
		if err := npyio.Write(&want64, m); err != nil {
			t.Fatal(err)
		}
		got32, err := WriteFloat32(m)
		if err != nil {
			t.Fatal(err)
		}
		got64, err := WriteFloat64(m)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got32, want32.Bytes()) {
			t.Errorf("%d×%d float32: bytes differ from npyio's (len %d vs %d)", r, c, len(got32), want32.Len())
		}
		if !bytes.Equal(got64, want64.Bytes()) {
			t.Errorf("%d×%d float64: bytes differ from npyio's (len %d vs %d)", r, c, len(got64), want64.Len())
		}
	}
}

// BenchmarkWriteFloat32Cells2000Frames3000 is one tenth of a 2000-cell,
// 30 000-frame recording's spikes.npy.
func BenchmarkWriteFloat32Cells2000Frames3000(b *testing.B) {
	m := mat.NewDense(2000, 3000, nil)
	for i, v := range m.RawMatrix().Data {
		m.RawMatrix().Data[i] = v + float64(i%97)
	}
	b.SetBytes(2000 * 3000 * 4)
	for b.Loop() {
		if _, err := WriteFloat32(m); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCorrectedInPlace: the traces computed in F's storage equal
// Corrected's, for every pattern of non-cells.
func TestCorrectedInPlace(t *testing.T) {
	for _, cells := range [][]bool{{true, true, true, true}, {false, true, false, true}, {true, false, false, true}, {false, false, false, true}} {
		n, T := len(cells), 50
		mk := func() *Plane {
			F, Fn := mat.NewDense(n, T, nil), mat.NewDense(n, T, nil)
			for i := 0; i < n; i++ {
				for j := 0; j < T; j++ {
					F.Set(i, j, math.Sin(float64(i*T+j))+3)
					Fn.Set(i, j, math.Cos(float64(i+j))+1)
				}
			}
			return &Plane{F: F, Fneu: Fn, IsCell: cells}
		}
		want, wantIdx := mk().Corrected(0.7)
		p := mk()
		got, idx := p.CorrectedInPlace(0.7)
		if !mat.Equal(got, want) || fmt.Sprint(idx) != fmt.Sprint(wantIdx) {
			t.Errorf("cells %v: CorrectedInPlace differs from Corrected", cells)
		}
		if p.F != nil || p.Fneu != nil {
			t.Errorf("cells %v: F and Fneu not released", cells)
		}
	}
}
