package suite2p

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"neurolab/experiment"
)

// ReadOps errors name the file and say, without command-line flags, that fs
// and tau must be given by the caller.
func TestReadOpsErrorsNeutral(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.npy")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxOpsBytes + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	bad := filepath.Join(dir, "bad.npy")
	if err := os.WriteFile(bad, []byte("\x93NUMPY\x01\x00\x10\x00{'descr': '|O'}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "none.npy")
	const tail = "fs and tau must then be given by the caller"
	cases := []struct {
		name, path, want string
	}{
		{"missing", missing, "suite2p: " + missing + ": file not found; " + tail},
		{"too large", big, "suite2p: " + big + ": 16777217 bytes, more than the 16777216 this reader decodes; " + tail},
		{"undecodable", bad, "suite2p: " + bad + ": cannot decode the pickled ops dict ("},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadOps(c.path)
			if err == nil || !strings.HasPrefix(err.Error(), c.want) || !strings.HasSuffix(err.Error(), tail) {
				t.Fatalf("got %v, want an error starting %q and ending %q", err, c.want, tail)
			}
			if strings.Contains(err.Error(), "--") {
				t.Errorf("got %q, want no command-line flag in a library message", err)
			}
			if !errors.Is(err, experiment.ErrInput) {
				t.Errorf("got errors.Is(err, experiment.ErrInput) = false, want true")
			}
		})
	}
}
