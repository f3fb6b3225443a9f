package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestProgressBar(t *testing.T) {
	oldTerm, oldOut := stderrIsTerminal, progressOut
	defer func() { stderrIsTerminal, progressOut = oldTerm, oldOut }()

	var buf bytes.Buffer
	stderrIsTerminal = func() bool { return false }
	progressOut = &buf
	update, done := newProgress("x")
	update(0.5)
	done()
	if buf.Len() != 0 {
		t.Errorf("drew a bar on a non-terminal: %q", buf.String())
	}

	stderrIsTerminal = func() bool { return true }
	update, done = newProgress("ssn-variability")
	for _, f := range []float64{0.1, 0.5, 0.4, 1.2} {
		update(f)
	}
	done()
	if !strings.Contains(buf.String(), "ssn-variability") {
		t.Errorf("bar does not show its label: %q", buf.String())
	}
}
