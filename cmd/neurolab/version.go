package main

import (
	"runtime/debug"
	"strings"
)

// defaultVersion is the release line this source belongs to; version (main.go)
// starts from it unless -ldflags "-X main.version=..." replaced it.
const defaultVersion = "v0.1.0-dev"

func init() {
	bi, ok := debug.ReadBuildInfo()
	if ok {
		version = stampVersion(version, bi)
	}
}

// stampVersion appends to v, as semantic-version build metadata, what the Go
// toolchain recorded about this binary's source and build: the first 12
// hex digits of the git commit and ".dirty" when the tree had uncommitted
// changes (recorded by go build/install inside the repository unless
// -buildvcs=false), and the build tags (openblas, purego, hdf5), since the
// openblas build rounds differently. result.json's "version" then names the
// code that produced it, e.g. "v0.1.0-dev+2ed91c638184.dirty.openblas", and
// a sweep run by several binaries warns that its jobs' versions differ.
// Without either, v is returned unchanged.
func stampVersion(v string, bi *debug.BuildInfo) string {
	var meta []string
	var rev string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev != "" {
		meta = append(meta, rev[:min(12, len(rev))])
		if dirty {
			meta = append(meta, "dirty")
		}
	}
	for _, s := range bi.Settings {
		if s.Key == "-tags" {
			for _, t := range strings.Split(s.Value, ",") {
				if t = strings.TrimSpace(t); t != "" {
					meta = append(meta, t)
				}
			}
		}
	}
	if len(meta) == 0 {
		return v
	}
	sep := "+"
	if strings.Contains(v, "+") {
		sep = "."
	}
	return v + sep + strings.Join(meta, ".")
}
