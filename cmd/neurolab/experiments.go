package main

import (
	"neurolab/experiment"
	"neurolab/paper/hennequin2018"
)

// experiments is the explicit list of every experiment neurolab runs, in the
// order of the specs' table. Adding a paper means adding its constructor here.
func experiments() []experiment.Experiment {
	return []experiment.Experiment{
		hennequin2018.New(),
	}
}
