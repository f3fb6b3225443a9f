package suite2p

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"neurolab/experiment"
)

// opsFile is an ops.npy: the .npy header of a 0-d object array followed by
// the pickle p.
func opsFile(p string) []byte {
	dict := "{'descr': '|O', 'fortran_order': False, 'shape': (), }"
	dict += strings.Repeat(" ", (64-(10+len(dict)+1)%64)%64) + "\n"
	b := []byte("\x93NUMPY\x01\x00")
	b = append(b, byte(len(dict)), byte(len(dict)>>8))
	return append(append(b, dict...), p...)
}

// opsCrashers are pickles that crashed, hung or exhausted memory in
// gopickle before checkPickle; each must now be a one-line input error.
var opsCrashers = map[string]string{
	// BINBYTES8 and FRAME lengths of 2^63−1: gopickle allocates them.
	"binbytes8":  "\x80\x04\x8e\xff\xff\xff\xff\xff\xff\xff\x7f.",
	"frame":      "\x80\x04\x95\x00\x00\x00\x00\x00\x00\x01\x00N.",
	"binunicode": "\x80\x03X\xff\xff\xff\x7fabc.",
	// LONG1 of no bytes: index out of range in decodeLong.
	"long1-empty": "\x80\x02\x8a\x00.",
	// LONG4 of 1025 bytes, over the integer limit: decodeLong is
	// quadratic (1 MiB took minutes, 16 MiB, within MaxOpsBytes, hours).
	"long4-huge": "\x80\x02\x8b\x01\x04\x00\x00" + strings.Repeat("\x01", 1<<10+1) + ".",
	// An unknown opcode 0x0a: gopickle's message quoted it as a newline.
	"newline-opcode": "\x80\x02\n.",
}

// FuzzReadOps feeds arbitrary bytes to ReadOps' decoder. Seeds: the ops.npy
// fixtures of the other tests, ops dicts that numpy.save wrote with pickle
// protocols 2 to 5 (testdata/fuzz/FuzzReadOps: numpy scalars, datetime,
// pathlib, arrays, nested containers) and the crashers above.
func FuzzReadOps(f *testing.F) {
	for _, h := range []string{opsHex, opsRealHex} {
		b, err := hex.DecodeString(h)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, p := range opsCrashers {
		f.Add(opsFile(p))
	}
	f.Add([]byte("\x93NUMPY\x01\x00\x10\x00{'descr': '|O'}\n"))
	f.Add([]byte("\x93NUMPY\x01\x00\x12\x00{'descr':\n'<f8'}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		// A hang crashes the worker, which makes the fuzzer keep the input.
		watchdog := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("ReadOps of %d bytes took over 10 s", len(b))) })
		defer watchdog.Stop()
		ops, err := opsFrom("ops.npy", bytes.NewReader(b))
		if err != nil {
			if !errors.Is(err, experiment.ErrInput) || strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("got error %q, want a one-line input error", err)
			}
			if ops != (Ops{}) {
				t.Fatalf("got %+v with error %v", ops, err)
			}
		}
	})
}

// The crashers give input errors quickly (each well under a second).
func TestOpsCrashers(t *testing.T) {
	for name, p := range opsCrashers {
		if p == "" {
			continue
		}
		_, err := opsFrom("ops.npy", bytes.NewReader(opsFile(p)))
		if err == nil || !errors.Is(err, experiment.ErrInput) || strings.ContainsAny(err.Error(), "\n\r") {
			t.Errorf("%s: got %v, want a one-line input error", name, err)
		}
		t.Logf("%s: %v", name, err)
	}
}

// seedFile returns the bytes of a seed in the fuzz corpus format
// ("go test fuzz v1" and one []byte("…") line).
func seedFile(t *testing.T, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "[]byte(") {
		t.Fatalf("%s: not a fuzz seed", path)
	}
	s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return []byte(s)
}

// The ops dicts NumPy wrote with pickle protocols 2 to 5 (fs a numpy
// float64 scalar; protocol 2 writes its bytes with _codecs.encode) read.
func TestOpsPickleProtocols(t *testing.T) {
	for p := 2; p <= 5; p++ {
		b := seedFile(t, filepath.Join("testdata", "fuzz", "FuzzReadOps", fmt.Sprintf("numpy-ops-p%d", p)))
		ops, err := opsFrom("ops.npy", bytes.NewReader(b))
		if err != nil || ops.Fs != 15.5 || ops.Tau != 0.7 {
			t.Errorf("protocol %d: got %+v, %v; want fs 15.5, tau 0.7", p, ops, err)
		}
	}
}
