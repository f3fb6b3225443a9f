package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// These tests drive real experiments through the command line.

func TestRealDivergenceExits3(t *testing.T) {
	dir := t.TempDir()
	var o, e bytes.Buffer
	code := cli(context.Background(), []string{"run", "ssn-variability", "--scale", "quick", "--out", dir, "--set", "w_EE=5"}, &o, &e, experiments())
	if code != exitRun {
		t.Fatalf("exit status: got %d, want %d (stderr %q)", code, exitRun, e.String())
	}
	if msg := e.String(); !strings.Contains(msg, "diverged at t =") || !strings.Contains(msg, "excitatory") {
		t.Errorf("message %q does not say what diverged and when", msg)
	}
	if _, err := os.Stat(filepath.Join(dir, "ssn-variability", "result.json")); !os.IsNotExist(err) {
		t.Errorf("a diverged run wrote result.json")
	}
}

func TestRealDeterminismAcrossWorkers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs an experiment twice")
	}
	var outs []string
	for _, w := range []string{"1", "2"} {
		dir := t.TempDir()
		var o, e bytes.Buffer
		code := cli(context.Background(), []string{"run", "ssn-variability", "--scale", "quick", "--out", dir, "--workers", w}, &o, &e, experiments())
		if code != exitOK {
			t.Fatalf("workers %s: exit %d: %s", w, code, e.String())
		}
		b, err := os.ReadFile(filepath.Join(dir, "ssn-variability", "result.json"))
		if err != nil {
			t.Fatal(err)
		}
		png, _ := os.ReadFile(filepath.Join(dir, "ssn-variability", "std-vs-input.png"))
		outs = append(outs, stripElapsed(b)+string(png))
	}
	if outs[0] != outs[1] {
		t.Errorf("--workers 1 and --workers 2 gave different result.json or figures")
	}
}

// TestRealSIGINT builds the binary, interrupts a default-scale run with
// SIGINT, and checks that it stops within a second with exit status 3 and no
// result.json.
func TestRealSIGINT(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "neurolab")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	cmd := exec.Command(bin, "run", "ssn-variability", "--out", dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(700 * time.Millisecond)
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	took := time.Since(sent)
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != exitRun {
		t.Fatalf("got %v, want exit status %d (stderr %q)", err, exitRun, stderr.String())
	}
	// One second is the contract; allow slack for a loaded test machine.
	if took > 2*time.Second {
		t.Errorf("took %v to stop after SIGINT, want about a second", took)
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr %q does not say it was interrupted", stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "ssn-variability", "result.json")); !os.IsNotExist(err) {
		t.Errorf("an interrupted run left result.json")
	}
}
