package main

import (
	"runtime/debug"
	"testing"
)

func TestStampVersion(t *testing.T) {
	set := func(kv ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{}
		for i := 0; i < len(kv); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return bi
	}
	rev := "2ed91c63818416e303fd51eb2b2173fa9c1912a0"
	for _, c := range []struct {
		v    string
		bi   *debug.BuildInfo
		want string
	}{
		{"v0.1.0-dev", set(), "v0.1.0-dev"},
		{"v0.1.0-dev", set("vcs", "git", "vcs.revision", rev, "vcs.modified", "false"), "v0.1.0-dev+2ed91c638184"},
		{"v0.1.0-dev", set("vcs.revision", rev, "vcs.modified", "true"), "v0.1.0-dev+2ed91c638184.dirty"},
		{"v0.1.0-dev", set("-tags", "openblas,hdf5", "vcs.revision", rev), "v0.1.0-dev+2ed91c638184.openblas.hdf5"},
		{"v0.1.0-dev", set("-tags", "purego"), "v0.1.0-dev+purego"},
		{"v1.2.3+build7", set("-tags", "openblas"), "v1.2.3+build7.openblas"},
		{"v0.1.0-dev", set("vcs.revision", "abc"), "v0.1.0-dev+abc"},
	} {
		if got := stampVersion(c.v, c.bi); got != c.want {
			t.Errorf("stampVersion(%q, %v) = %q, want %q", c.v, c.bi.Settings, got, c.want)
		}
	}
}
