package dobs2022

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"neurolab/experiment"
	"neurolab/internal/exptest"
	"neurolab/model/nn"
)

func TestHeldOutClasses(t *testing.T) {
	// Spec: 12 categories → 8 trained, 4 held out.
	for _, c := range []struct{ k, want int }{{3, 1}, {4, 2}, {5, 2}, {6, 2}, {8, 3}, {10, 3}, {12, 4}, {30, 10}} {
		if got := heldOutClasses(c.k); got != c.want {
			t.Errorf("heldOutClasses(%d): got %d, want %d", c.k, got, c.want)
		}
	}
}

// The per-class shares of a cyclic set add up to the set, and the needs of
// 12 classes at default scale are the procedural counts.
func TestObjectNeeds(t *testing.T) {
	for _, c := range [][2]int{{300, 8}, {1000, 8}, {10, 67}, {7, 7}} {
		sum := 0
		for k := 0; k < c[1]; k++ {
			sum += cyc(c[0], c[1], k)
		}
		if sum != c[0] {
			t.Errorf("cyc(%d, %d, ·) sums to %d, want %d", c[0], c[1], sum, c[0])
		}
	}
	p := Default(experiment.Default)
	tr, held, need := objectNeeds(p, 12)
	if tr != 8 || held != 4 || need[0] != 300+38+125 || need[7] != 300+37+125 || need[8] != 40 {
		t.Errorf("12 classes: got %d trained, %d held, needs %v; want 8, 4, [463 … 462 40 …]", tr, held, need)
	}
}

// Normalisation gives every image the faces' mean and contrast exactly.
func TestNormalise(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	mk := func(n int, f func() float64) nn.Data {
		d := nn.Data{N: n, Dim: 16, X: make([]float64, n*16), Y: make([]int, n)}
		for i := range d.X {
			d.X[i] = f()
		}
		return d
	}
	faces := mk(20, func() float64 { return 0.2 + 0.1*rng.NormFloat64() })
	wantM, wantS := imageStats(faces)
	u := &userObjects{train: mk(5, rng.Float64), val: mk(2, func() float64 { return 0.7 }), test: mk(3, func() float64 { return 5 * rng.Float64() }), heldSet: mk(1, rng.Float64)}
	u.normalise(faces)
	if u.refMean != wantM || u.refStd != wantS {
		t.Fatalf("targets: got %v, %v, want %v, %v", u.refMean, u.refStd, wantM, wantS)
	}
	for _, d := range []nn.Data{u.train, u.test, u.heldSet} {
		for i := 0; i < d.N; i++ {
			m, s := meanStd(d.Row(i))
			if math.Abs(m-wantM) > 1e-12 || math.Abs(s-wantS) > 1e-12 {
				t.Errorf("image mean, std: got %v, %v, want %v, %v ± 1e-12", m, s, wantM, wantS)
			}
		}
	}
	for _, v := range u.val.X {
		if v != wantM {
			t.Fatalf("constant image: got %v, want the target mean %v", v, wantM)
		}
	}
}

// writeObjectTree writes k classes × n PNG images (13×10 px, not square):
// class c is a bar at orientation c·180°/k, with per-image jitter and noise;
// every third image is a JPEG.
func writeObjectTree(t *testing.T, k, n int) string {
	t.Helper()
	root := t.TempDir()
	rng := rand.New(rand.NewPCG(5, 6))
	for c := 0; c < k; c++ {
		dir := filepath.Join(root, fmt.Sprintf("class%02d", c))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		th := float64(c)*math.Pi/float64(k) + 0.1*rng.NormFloat64()
		for i := 0; i < n; i++ {
			img := image.NewRGBA(image.Rect(0, 0, 13, 10))
			cx, cy := 6.5+rng.NormFloat64(), 5+rng.NormFloat64()
			for y := 0; y < 10; y++ {
				for x := 0; x < 13; x++ {
					d := math.Abs(-(float64(x)-cx)*math.Sin(th) + (float64(y)-cy)*math.Cos(th))
					v := 40 + 180*math.Exp(-d*d/2) + 10*rng.NormFloat64()
					g := uint8(max(0, min(255, v)))
					img.Set(x, y, color.RGBA{g, g / 2, 255 - g, 255})
				}
			}
			var b bytes.Buffer
			name := filepath.Join(dir, fmt.Sprintf("%03d.png", i))
			if i%3 == 2 {
				name = strings.TrimSuffix(name, ".png") + ".jpg"
				jpeg.Encode(&b, img, nil)
			} else {
				png.Encode(&b, img)
			}
			if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return root
}

func withObjects(path string) map[string]string {
	set := maps.Clone(tiny)
	set["objects"] = path
	return set
}

// A run on a user's image tree: the faces are unchanged, the objects are
// the user's (5 classes: 3 trained, 2 held out), A5 is not applicable, and
// workers do not change the metrics.
func TestObjectsTree(t *testing.T) {
	root := writeObjectTree(t, 5, 12)
	set := withObjects(root)
	if err := New().Validate(experiment.Config{Scale: experiment.Quick, Set: set}); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	a := exptest.Run(t, New(), experiment.Quick, 2, set)
	exptest.Log(t, a)
	if len(a.Checks) != 15 {
		t.Errorf("checks: got %d, want 15 (no a5_food_control)", len(a.Checks))
	}
	for _, c := range a.Checks {
		if c.Name == "a5_food_control" {
			t.Error("a5_food_control present with user objects")
		}
	}
	if a.Metrics["user_object_classes"] != 5 {
		t.Errorf("user_object_classes: got %v, want 5", a.Metrics["user_object_classes"])
	}
	// tiny asks 6 training + 4 validation + 4 test images per trained
	// class; 12 give ⌊12·4/14⌋ = 3 validation, 3 test and 6 training.
	if n := a.Metrics["user_object_train_images"]; n != 3*6 {
		t.Errorf("user_object_train_images: got %v, want 18", n)
	}
	for k, v := range a.Metrics {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("metric %s = %v", k, v)
		}
	}
	notes := strings.Join(a.Notes, "\n")
	for _, w := range []string{root, "class03, class04", "a5_food_control not applicable", "Fewer images than the scale asks", "mean luminance"} {
		if !strings.Contains(notes, w) {
			t.Errorf("notes: want %q in\n%s", w, notes)
		}
	}
	if len(a.Figures) != 3 {
		t.Errorf("figures: got %d, want 3", len(a.Figures))
	}
	b := exptest.Run(t, New(), experiment.Quick, 1, set)
	exptest.SameMetrics(t, a, b)

	// The faces are the procedural run's: the face-only net and its
	// decoding of held-out faces do not depend on the objects... except
	// through EqualSteps (the dual net's step count), so compare with
	// equal_steps off.
	set["equal_steps"] = "false"
	plain := maps.Clone(tiny)
	plain["equal_steps"] = "false"
	u, p := exptest.Run(t, New(), experiment.Quick, 2, set), exptest.Run(t, New(), experiment.Quick, 2, plain)
	for _, m := range []string{"acc_face_net_faces", "decode_faces_face_net"} {
		if u.Metrics[m] != p.Metrics[m] {
			t.Errorf("%s: got %v with user objects, %v with procedural ones; want equal", m, u.Metrics[m], p.Metrics[m])
		}
	}
}

// An IDX file with 3 classes: one held out, so A1's object half is not
// applicable either.
func TestObjectsIDX(t *testing.T) {
	dir := t.TempDir()
	const n, side = 60, 14
	rng := rand.New(rand.NewPCG(7, 8))
	pix := make([]byte, n*side*side)
	labels := make([]byte, n)
	for i := range labels {
		labels[i] = byte(2 * (i % 3)) // labels 0, 2, 4
		for j := 0; j < side*side; j++ {
			x, y := j%side, j/side
			on := (int(labels[i]) == 0 && x > 4 && x < 9) || (int(labels[i]) == 2 && y > 4 && y < 9) || (int(labels[i]) == 4 && x+y > 10 && x+y < 16)
			v := 20 + 30*rng.Float64()
			if on {
				v += 150
			}
			pix[i*side*side+j] = byte(v)
		}
	}
	write := func(name string, typ byte, dims []uint32, payload []byte) {
		var raw bytes.Buffer
		raw.Write([]byte{0, 0, typ, byte(len(dims))})
		for _, d := range dims {
			binary.Write(&raw, binary.BigEndian, d)
		}
		raw.Write(payload)
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		w.Write(raw.Bytes())
		w.Close()
		if err := os.WriteFile(filepath.Join(dir, name), z.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("train-images-idx3-ubyte.gz", 0x08, []uint32{n, side, side}, pix)
	write("train-labels-idx1-ubyte.gz", 0x08, []uint32{n}, labels)
	for _, path := range []string{dir, filepath.Join(dir, "train-images-idx3-ubyte.gz")} {
		res := exptest.Run(t, New(), experiment.Quick, 2, withObjects(path))
		if len(res.Checks) != 14 {
			t.Errorf("%s: checks: got %d, want 14 (no a1_objects_cross_decoding, no a5_food_control)", path, len(res.Checks))
		}
		notes := strings.Join(res.Notes, "\n")
		if !strings.Contains(notes, "IDX") || !strings.Contains(notes, "a1_objects_cross_decoding not applicable") {
			t.Errorf("%s: notes lack the source or the A1 note:\n%s", path, notes)
		}
	}
}

// Bad object paths are input errors (exit 2) at Validate and at Run, naming
// the file and the accepted forms.
func TestObjectsErrors(t *testing.T) {
	twoClasses := writeObjectTree(t, 2, 3)
	corrupt := writeObjectTree(t, 3, 3)
	if err := os.WriteFile(filepath.Join(corrupt, "class01", "001.png"), []byte("not a png"), 0o644); err != nil {
		t.Fatal(err)
	}
	few := writeObjectTree(t, 3, 2) // a trained class needs 3 images
	for _, c := range []struct {
		name, path string
		want       []string
	}{
		{"nonexistent", "/nonexistent/objects", []string{"/nonexistent/objects", "folder tree"}},
		{"two classes", twoClasses, []string{twoClasses, "2 classes", "at least 3", "folder tree"}},
		{"undecodable", corrupt, []string{filepath.Join("class01", "001.png"), "not a readable PNG", "folder tree"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := experiment.Config{Seed: 1, Scale: experiment.Quick, Set: withObjects(c.path)}
			verr := New().Validate(cfg)
			_, rerr := New().Run(context.Background(), cfg)
			for _, err := range []error{verr, rerr} {
				if err == nil || !errors.Is(err, experiment.ErrInput) {
					t.Fatalf("got %v, want an input error", err)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("got a multi-line message %q", err)
				}
				for _, w := range c.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("got %q, want it to contain %q", err, w)
					}
				}
			}
		})
	}
	_, err := New().Run(context.Background(), experiment.Config{Seed: 1, Scale: experiment.Quick, Set: withObjects(few)})
	if err == nil || !errors.Is(err, experiment.ErrInput) || !strings.Contains(err.Error(), "at least 3") {
		t.Errorf("2 images per class: got %v, want an input error asking for at least 3", err)
	}
}
