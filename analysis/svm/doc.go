// Package svm trains linear support-vector classifiers by dual coordinate
// descent, the solver of liblinear (Hsieh, Chang, Lin, Keerthi & Sundararajan,
// "A dual coordinate descent method for large-scale linear SVM", ICML 2008,
// Algorithm 1), as used by Aitken et al., "The geometry of representational
// drift in natural and artificial neural networks", PLoS Comput Biol 2022
// (§4.1: linear SVCs between sessions).
//
// The bias is handled as liblinear and scikit-learn's LinearSVC do: a
// constant feature (value 1) is appended to every example, so the bias is
// regularised with the weights.
package svm
