package main

import "github.com/spf13/cobra"

// extraCommands lists the analysis commands for users' own recordings.
func extraCommands() []*cobra.Command {
	return []*cobra.Command{
		newDeconvolveCmd(),
		newCildsCmd(),
		newJPCACmd(),
		newDriftGeometryCmd(),
		newAverageTestCmd(),
		newVisualDriftCmd(),
		newRemapCmd(),
		newMapsCmd(),
	}
}
