// Package experiment defines the contract between neurolab's paper
// reproductions and the tools that run them: the Experiment interface and the
// plain data it exchanges (Meta, Param, Config, Result, Check, Figure).
//
// An Experiment is a pure function of (parameters, seed, scale): it draws all
// randomness from streams derived from Config.Seed, performs no file I/O and
// prints nothing. The command-line tool (cmd/neurolab) and the report package
// do the I/O. This package imports nothing else of neurolab's.
//
// Parameters are plain Go structs whose exported fields carry struct tags:
//
//	type Params struct {
//		N     int     `param:"n" unit:"neurons" range:"[2,inf)" doc:"network size (derived)"`
//		Sigma float64 `param:"sigma" unit:"mV" range:"[0,inf)" doc:"noise std (Table 1)"`
//		Mode  string  `param:"mode" unit:"-" choices:"fast|bptt" doc:"training mode"`
//	}
//
// Describe turns such a struct, filled by the experiment's one Default
// function, into []Param for Meta; Apply sets fields by name from the
// command line's --set NAME=VALUE overrides, validating each value against its
// range or choices.
package experiment
