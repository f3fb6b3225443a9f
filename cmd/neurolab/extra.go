package main

import "github.com/spf13/cobra"

// extraCommands lists the analysis commands for users' own recordings.
func extraCommands() []*cobra.Command {
	return []*cobra.Command{
		newDeconvolveCmd(),
		newCildsCmd(),
		newJPCACmd(),
		newAverageTestCmd(),
		newVisualDriftCmd(),
		newRemapCmd(),
		newMapsCmd(),
	}
}
