// Package cluster implements the clusterings of neurolab's population
// analyses: k-means with k-means++ seeding and restarts (Lloyd 1982; Arthur &
// Vassilvitskii 2007), as used by Low et al. (Neuron 2021) to find spatial
// maps among trials, and average-linkage (UPGMA) hierarchical clustering with
// the number of clusters chosen by silhouette (Rousseeuw 1987), as used for
// the trial clustering of the multiple-maps reproduction (Sheintuch et al.,
// Curr Biol 2020).
//
// Usage: KMeans clusters the rows of a matrix into k clusters; ChooseK (or
// AverageLinkage and Cut) clusters n items from their n × n distance matrix.
package cluster
