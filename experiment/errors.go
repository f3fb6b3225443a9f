package experiment

import (
	"errors"
	"fmt"
)

// ErrInput marks bad input: an unknown parameter, a value out of range, an
// unreadable or malformed file. The command line exits with status 2 on it.
var ErrInput = errors.New("bad input")

type inputError struct{ msg string }

func (e *inputError) Error() string { return e.msg }
func (e *inputError) Is(target error) bool {
	return target == ErrInput
}

// Inputf returns an error that wraps ErrInput, with the formatted message
// (which should name the cause and the valid range).
func Inputf(format string, args ...any) error {
	return &inputError{msg: fmt.Sprintf(format, args...)}
}

// DivergedError reports a simulation that left its valid domain (NaN, Inf or
// a runaway value). The command line exits with status 3 on it.
type DivergedError struct {
	What string  // what diverged, e.g. "SSN excitatory voltage"
	T    float64 // simulated time at which it was detected
	Unit string  // unit of T, e.g. "s" or "ms"
	Hint string  // optional hint, e.g. "w_EE too strong for a stable network?"
}

func (e *DivergedError) Error() string {
	s := fmt.Sprintf("%s diverged at t = %g %s", e.What, e.T, e.Unit)
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}
