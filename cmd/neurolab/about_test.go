package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAbout(t *testing.T) {
	code, out, errOut := runCLI(t, context.Background(), "about", "fake-one")
	if code != exitOK {
		t.Fatalf("about fake-one: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"fake-one: Fake fake-one", "Nobody 2026 (test)", "Claim. a fake", "Model. A fake with n items.",
		"\n    x = 2n\n", "Protocol. One run.", "neurolab params fake-one"} {
		if !strings.Contains(out, want) {
			t.Errorf("about fake-one lacks %q:\n%s", want, out)
		}
	}
	if code, _, errOut := runCLI(t, context.Background(), "about", "fake-onee"); code != exitUsage || !strings.Contains(errOut, "unknown experiment") {
		t.Errorf("about fake-onee: exit %d, %q; want %d, unknown experiment", code, errOut, exitUsage)
	}
	// The report written by run shows the claim and the model summary.
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, context.Background(), "run", "fake-one", "--out", dir); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, errOut)
	}
	html, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	for _, want := range []string{`<p class="claim">a fake</p>`, "<b>Model.</b> A fake with n items.", `<pre class="eq">x = 2n</pre>`} {
		if !strings.Contains(string(html), want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
}

func TestFill(t *testing.T) {
	for _, c := range []struct {
		s    string
		w    int
		want string
	}{
		{"a bb ccc", 4, "a bb\nccc"},
		{"a bb ccc", 8, "a bb ccc"},
		{"τ τ τ", 3, "τ τ\nτ"},
		{"verylongword x", 4, "verylongword\nx"},
		{"", 5, ""},
	} {
		if got := fill(c.s, 0, 0, c.w); got != c.want {
			t.Errorf("fill(%q, 0, 0, %d) = %q, want %q", c.s, c.w, got, c.want)
		}
	}
}

func TestDistinctNums(t *testing.T) {
	for _, c := range []struct {
		v, t   float64
		vs, ts string
	}{
		{0.6678, 0.2, "0.6678", "0.2"},
		{50001, 50000, "50001", "50000"},
		{0.30000000000000004, 0.3, "0.30000000000000004", "0.3"},
		{0.3, 0.3, "0.3", "0.3"},
	} {
		if vs, ts := distinctNums(c.v, c.t); vs != c.vs || ts != c.ts {
			t.Errorf("distinctNums(%v, %v) = %s, %s; want %s, %s", c.v, c.t, vs, ts, c.vs, c.ts)
		}
	}
}
