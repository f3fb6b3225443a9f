// Command neurolab runs the reproductions of computational-neuroscience
// papers that neurolab implements, writes their results and figures, and
// builds an HTML report.
//
// Usage:
//
//	neurolab list [--json]
//	neurolab params ID [--json]
//	neurolab run ID... | all [--out DIR] [--seed N] [--scale quick|default|paper] [--set NAME=VALUE]... [--workers N]
//	neurolab report DIR
//
// Exit status: 0 every check passed; 1 a check failed; 2 usage or input
// error; 3 the run failed (diverged, NaN, interrupted).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"neurolab/experiment"
)

// Exit statuses of the contract.
const (
	exitOK     = 0
	exitFailed = 1 // a check failed
	exitUsage  = 2 // usage or input error
	exitRun    = 3 // the run failed
)

// version names the code in result.json and --version: defaultVersion, or
// what -ldflags "-X main.version=..." set, plus the commit and build tags
// the toolchain recorded (version.go).
var version = defaultVersion

// exitError carries an exit status and an optional message.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

// plural returns "1 job" or "n jobs" (word is the singular; the plural adds s).
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func usagef(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code := cli(ctx, os.Args[1:], os.Stdout, os.Stderr, experiments())
	stop()
	os.Exit(code)
}

// cli runs the command line args against exps and returns the exit status.
// It writes results to files, verdicts to stdout and messages to stderr.
func cli(ctx context.Context, args []string, stdout, stderr io.Writer, exps []experiment.Experiment) int {
	root := newRootCmd(ctx, stdout, stderr, exps)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	if strings.HasPrefix(err.Error(), "unknown command ") {
		err = unknownCommand(root, args)
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "neurolab:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "neurolab:", err)
	if errors.Is(err, experiment.ErrInput) {
		return exitUsage
	}
	var div *experiment.DivergedError
	if errors.As(err, &div) || errors.Is(err, context.Canceled) {
		return exitRun
	}
	// Cobra's own errors (unknown command or flag, wrong argument count)
	// are usage errors.
	return exitUsage
}

// unknownCommand is the one-line error for a command name that does not
// exist, with the nearest command suggested.
func unknownCommand(root *cobra.Command, args []string) error {
	name := ""
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			name = a
			break
		}
	}
	var names []string
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return experiment.Inputf("unknown command %q%s %s", name, experiment.DidYouMean(name, names), helpHint(root))
}

func newRootCmd(ctx context.Context, stdout, stderr io.Writer, exps []experiment.Experiment) *cobra.Command {
	root := &cobra.Command{
		Use:   "neurolab",
		Short: "Run reproductions of computational-neuroscience papers",
		Long: "neurolab runs the models and analysis methods of computational-neuroscience papers,\n" +
			"checks each paper's headline finding, and writes figures and an HTML report.",
		SilenceUsage:       true,
		SilenceErrors:      true,
		DisableSuggestions: true, // cli suggests, on one line
		Version:            version,
	}
	root.SetContext(ctx)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(
		newListCmd(exps),
		newParamsCmd(exps),
		newAboutCmd(exps),
		newRunCmd(exps),
		newReportCmd(exps),
		newSweepCmd(exps),
	)
	for _, c := range extraCommands() {
		root.AddCommand(c)
	}
	return root
}
