// Package templates generates Poisson population responses with known class
// templates and trial gains, the simulated recordings of the average-test
// reproduction (Tlaie et al., "What does the mean mean? A simple test for
// neuroscience", PLoS Comput Biol 2024; spec average-test.md, "Reproduction at
// default scale").
//
// Template rates μ_{c,n} = μ0·exp(κ·pref_{c,n}) with pref ~ N(0,1) i.i.d.;
// trial i of class c has counts r_in ~ Poisson(g_i·μ_{c,n}·ξ_in) with gain
// g_i ~ Gamma(shape, mean 1) and pattern noise ξ_in ~ LogNormal(0, σ_ξ)
// (σ_ξ = 0: no pattern noise, the "template-Poisson" condition).
package templates
