package main

import (
	"neurolab/experiment"
	"neurolab/paper/acker2019"
	"neurolab/paper/aitken2022"
	"neurolab/paper/deitch2021"
	"neurolab/paper/dobs2022"
	"neurolab/paper/eckmann2024"
	"neurolab/paper/fauth2019"
	"neurolab/paper/gauthier2022"
	"neurolab/paper/hennequin2018"
	"neurolab/paper/herbert2022"
	"neurolab/paper/kalidindi2021"
	"neurolab/paper/kallekossio2021"
	"neurolab/paper/koh2023"
	"neurolab/paper/low2021"
	"neurolab/paper/luczak2022"
	"neurolab/paper/rule2022"
	"neurolab/paper/scholl2021"
	"neurolab/paper/sheintuch2020"
	"neurolab/paper/tlaie2024"
	"neurolab/paper/valente2022"
	"neurolab/paper/zhang2022"
)

// experiments is the explicit list of every experiment neurolab runs, in the
// order of the specs' table. Adding a paper means adding its constructor here.
func experiments() []experiment.Experiment {
	return []experiment.Experiment{
		hennequin2018.New(),
		herbert2022.New(),
		valente2022.New(),
		zhang2022.New(),
		kalidindi2021.New(),
		eckmann2024.New(),
		acker2019.New(),
		fauth2019.New(),
		kallekossio2021.New(),
		rule2022.New(),
		dobs2022.New(),
		luczak2022.New(),
		scholl2021.New(),
		aitken2022.New(),
		koh2023.New(),
		gauthier2022.New(),
		tlaie2024.New(),
		deitch2021.New(),
		low2021.New(),
		sheintuch2020.New(),
	}
}
