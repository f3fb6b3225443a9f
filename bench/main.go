// Command bench runs neurolab's benchmark suite against the peer tools
// researchers would use instead (NumPy, SciPy, scikit-learn, statsmodels),
// side by side in one run (issue 11).
//
// From the repository root:
//
//	go run ./bench                  # full suite, 5 pairs, writes bench/results.{md,json}
//	go run ./bench -pairs 9 -only 'eig|kmeans'
//	go run ./bench -setup           # first install the peers' Debian packages (apt-get)
//
// For each workload the runner writes one input to a temporary directory,
// then runs the neurolab side (this program, rebuilt in the default build and
// with -tags openblas, in a hidden "child" mode) and the Python peer
// (bench/peers/*.py under /usr/bin/python3) as child processes, alternately,
// after a warm-up pair. It checks that the two outputs agree to the
// workload's stated tolerance on every run before it reports a time, and
// records each side's kernel time (self-reported, excluding start-up,
// imports and input reading), process wall time and peak resident memory
// (rusage maxrss of the child).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"runtime/pprof"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "child" {
		os.Exit(childMain(os.Args[2:]))
	}
	var o Options
	flag.IntVar(&o.Pairs, "pairs", 5, "timed neurolab/peer pairs per workload, after one warm-up pair")
	flag.IntVar(&o.Threads, "threads", runtime.NumCPU(), "threads for both sides (neurolab workers, OpenBLAS/OpenMP threads)")
	only := flag.String("only", "", "regular expression selecting workloads by name")
	flag.StringVar(&o.Python, "python", "/usr/bin/python3", "Python interpreter of the peers (Debian's, with Debian's packages)")
	flag.StringVar(&o.Dir, "dir", "bench", "the bench directory (holds peers/; results are written there)")
	results := flag.String("results", "", "directory for results.md and results.json (default: -dir)")
	flag.BoolVar(&o.Tiny, "tiny", false, "tiny sizes (smoke test); results are written only with -results")
	flag.BoolVar(&o.Profile, "profile", true, "profile the neurolab side where peer/neurolab < 1 and list the top entries")
	setup := flag.Bool("setup", false, "install the peers' Debian packages and OpenBLAS with apt-get (sudo when not root) before running")
	flag.Parse()
	if *setup {
		if err := installPeers(); err != nil {
			fmt.Fprintln(os.Stderr, "bench: setup:", err)
			os.Exit(1)
		}
	}
	if *only != "" {
		re, err := regexp.Compile(*only)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(2)
		}
		o.Only = re
	}
	o.Log = os.Stderr
	rep, err := Run(context.Background(), o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	if *results == "" && !o.Tiny {
		*results = o.Dir
	}
	if *results != "" {
		if err := rep.Write(*results); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "bench: wrote %s/results.md and results.json\n", *results)
	}
	if rep.Failed() {
		os.Exit(1)
	}
}

// peerPackages are the Debian packages the peers and the openblas build
// need. A peer whose packages are missing is skipped with a note, so the
// setup step is optional.
var peerPackages = []string{"python3-numpy", "python3-scipy", "python3-sklearn", "python3-statsmodels",
	"python3-torch", "python3-brian", "libopenblas-dev"}

// installPeers installs peerPackages with apt-get, through sudo when this
// process is not root.
func installPeers() error {
	var pre []string
	if os.Geteuid() != 0 {
		pre = []string{"sudo"}
	}
	for _, args := range [][]string{{"apt-get", "update", "-q"},
		append([]string{"apt-get", "install", "-y", "-q", "--no-install-recommends"}, peerPackages...)} {
		cmd := append(append([]string(nil), pre...), args...)
		c := exec.Command(cmd[0], cmd[1:]...)
		c.Stdout, c.Stderr = os.Stderr, os.Stderr
		if err := c.Run(); err != nil {
			return fmt.Errorf("%v: %w", cmd, err)
		}
	}
	return nil
}

// childMain is the neurolab side of one run: child WORKLOAD IN OUT WORKERS.
// With NLBENCH_CPUPROFILE set it writes a CPU profile of the whole run there.
// "child gen WORKLOAD DIR TINY" writes the workload's input instead: the
// runner generates inputs in a child so that its own resident set stays
// small (on Linux a child's maxrss starts from the parent's resident set at
// fork, so a large runner would inflate every measurement).
func childMain(args []string) int {
	if len(args) == 4 && args[0] == "gen" {
		for _, w := range workloads() {
			if w.Name == args[1] {
				if err := w.Gen(args[2], args[3] == "tiny"); err != nil {
					fmt.Fprintln(os.Stderr, "bench child gen:", err)
					return 1
				}
				return 0
			}
		}
		fmt.Fprintln(os.Stderr, "bench child gen: unknown workload", args[1])
		return 2
	}
	if len(args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: bench child WORKLOAD IN OUT WORKERS")
		return 2
	}
	var workers int
	if _, err := fmt.Sscan(args[3], &workers); err != nil {
		fmt.Fprintln(os.Stderr, "bench child:", err)
		return 2
	}
	var w *Workload
	for _, x := range workloads() {
		if x.Name == args[0] {
			w = x
		}
	}
	if w == nil {
		fmt.Fprintln(os.Stderr, "bench child: unknown workload", args[0])
		return 2
	}
	if p := os.Getenv("NLBENCH_CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench child:", err)
			return 1
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "bench child:", err)
			return 1
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	sec, err := w.Run(args[1], args[2], workers)
	if err == nil {
		err = writeTiming(args[2], sec)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench child:", err)
		return 1
	}
	return 0
}
