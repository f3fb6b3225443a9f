// Package eckmann2024 reproduces Eckmann, S., Young, E. J. & Gjorgjieva, J.
// (2024). Synapse-type-specific competitive Hebbian learning forms
// functional recurrent networks. PNAS 121(25):e2305326121 (bioRxiv 2022).
//
// Experiment ID "competitive-hebbian". An E/I rate network (80 E "PC", 20 I
// "PV" cells) receives orientation-tuned input from 80 L4 cells. All six
// weight matrices (L4→E W, E→E U, I→E M, L4→I K, E→I Q, I→I P) learn by plain
// Hebbian outer products, kept in check by synapse-type-specific L1 row
// normalisation: each E cell's W and U rows share one budget (0.6), its M row
// has its own (0.3); each I cell's K and Q rows share 0.85, its P row 0.35.
// U and Q start at exactly zero. Learning yields selective E and I cells whose
// preferred orientations tile stimulus space, E and I inputs co-tuned on each
// E cell, and like-to-like recurrent connectivity (assemblies). Without the
// normalisation the weights and rates diverge.
//
// Reproduced: the main learning result (paper Figs. 2–3: tuning, tiling,
// co-tuning, connectivity sorted by preferred orientation). Not reproduced:
// response normalisation and cross-orientation suppression (the binocular
// input option), and the later figures.
//
// Deviations: the default scale uses e = 2 and T = 10⁶ steps (same e·T as the
// paper's e = 0.1, T = 2·10⁷; e = 2 is one of the authors' listed
// alternatives). The tuning probe runs on a copy of the network with
// plasticity frozen (one sweep of 25 orientations, 20 steps each, steps 10–19
// averaged), so probing does not perturb learning. The quick scale uses a
// half-size network (40 E, 10 I, 40 L4) with e = 4 for 3·10⁵ steps.
//
// Result (seed 1, default scale): max row-norm deviation 5.6e-16, all E cells
// with OSI ≥ 0.5, Rayleigh length 0.264 and 8 of 10 bins occupied (median of
// 5 final probes), E–I co-tuning median 0.98 (−0.10 at initialisation),
// like-to-like correlations U 0.887, M 0.887, Q 0.905 (spec: 0.98; 0.88–0.93,
// 0.86–0.89, 0.88–0.91). Without normalisation the rates pass 1e8 Hz after
// 7802 steps.
//
// Seed dependence (default scale): the tiling Rayleigh median is 0.264,
// 0.306 and 0.458 at seeds 1, 2 and 3, so check tiling_rayleigh (≤ 0.3)
// passes only at seed 1; every other check passes at all three seeds with a
// wide margin. The spec measured 0.22–0.50 over a single run, so the 0.3 bar
// sits inside the seed-to-seed spread: tiling is not robustly reproduced.
package eckmann2024
