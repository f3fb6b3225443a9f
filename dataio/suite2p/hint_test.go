package suite2p

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"neurolab/experiment"
)

// The folder above suite2p/, the suite2p/ folder and a file inside a plane
// each get an input error saying what to pass instead.
func TestPlaneHints(t *testing.T) {
	root := t.TempDir()
	s2p := filepath.Join(root, "s2p")
	for _, pl := range []string{"plane0", "plane1"} {
		d := filepath.Join(s2p, "suite2p", pl)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		writePlane(t, d, ramp(2, 20, 1), ramp(2, 20, 0.5), nil)
	}
	out := filepath.Join(s2p, "suite2p")
	plane := filepath.Join(out, "plane0")
	fnpy := filepath.Join(plane, "F.npy")
	cases := []struct {
		name, dir, want string
	}{
		{"above suite2p", s2p, s2p + ": a Suite2p output folder, not a plane (no F.npy here; planes: suite2p/plane0, suite2p/plane1); pass one plane folder, e.g. --suite2p " + plane},
		{"suite2p", out, out + ": a Suite2p output folder, not a plane (no F.npy here; planes: plane0, plane1); pass one plane folder, e.g. --suite2p " + plane},
		{"file", fnpy, fnpy + ": is a file, not a Suite2p plane folder; pass the folder that holds it (--suite2p " + plane + ")"},
		{"missing", filepath.Join(root, "none"), filepath.Join(root, "none") + ": not a Suite2p plane folder (no such directory)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadPlane(c.dir)
			if err == nil || !errors.Is(err, experiment.ErrInput) || err.Error() != c.want {
				t.Errorf("got %v, want input error %q", err, c.want)
			}
		})
	}
	if _, err := ReadPlane(plane); err != nil {
		t.Errorf("plane folder: got %v, want no error", err)
	}
}
