package kalidindi2021

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"gonum.org/v1/gonum/mat"

	"neurolab/analysis/jpca"
	"neurolab/experiment"
	"neurolab/internal/linalg"
	"neurolab/internal/num"
	"neurolab/model/arm"
)

// Experiment is the arm-feedback reproduction.
type Experiment struct{}

// ParamsAt returns the parameters with their values at scale s.
func (Experiment) ParamsAt(s experiment.Scale) []experiment.Param {
	return experiment.Describe(Default(s))
}

// New returns the experiment.
func New() Experiment { return Experiment{} }

// Meta describes the experiment.
func (Experiment) Meta() experiment.Meta {
	return experiment.Meta{
		ID:       "arm-feedback",
		Title:    "Rotational dynamics in motor cortex are consistent with a feedback controller",
		Citation: "Kalidindi et al., eLife 2021",
		Family:   "dynamics",
		Claim: "A network controlling a two-joint muscular arm against posture perturbations shows rotational " +
			"population dynamics (jPCA) even without recurrent connections, at the closed loop's frequency.",
		About:  about,
		Params: experiment.Describe(Default(experiment.Default)),
	}
}

// Stream tags.
const (
	tagPlanted = iota + 1
	tagDecay
	tagNet
	tagTrain
	tagEval
	tagShuffle
	tagBPTT
	tagBPTTInit
)

// Validate checks the parameters before any work.
func (Experiment) Validate(cfg experiment.Config) error {
	p := Default(cfg.Scale)
	if err := experiment.Apply(&p, cfg.Set); err != nil {
		return err
	}
	return validate(p)
}

func validate(p Params) error {
	if p.JPCDims%2 != 0 {
		return experiment.Inputf("jpc_dims = %d must be even", p.JPCDims)
	}
	units, name := p.Units, "units"
	if p.Mode == "bptt" {
		units, name = p.BPTTUnits, "bptt_units"
	}
	if p.JPCDims > units {
		return experiment.Inputf("jpc_dims = %d exceeds %s = %d", p.JPCDims, name, units)
	}
	if int(math.Round(p.WindowMS/10))+onset >= steps {
		return experiment.Inputf("bad value %g for parameter window: its last 10 ms sample falls past the trial's end; want a value in (20, %d] ms", p.WindowMS, (steps-1-onset)*10)
	}
	return nil
}

// First samples of check posture_return's window, +1 s after the load's
// onset (2 s into the trial): the fast mode records the state after step t,
// at (t+1)·dt, and evalBPTT the state before step t, at t·dt. (The fast
// mode used onset+100 too, which started its window at 2.01 s.)
const (
	lateFast = onset + 99
	lateBPTT = onset + 100
)

// student is one trained controller's evaluation.
type student struct {
	name    string
	theta   [][]float64  // per condition, steps×2 trial-averaged θ − θ_home
	act     []*mat.Dense // per condition, window×n trial-averaged L2 activity
	jp      *jpca.Result // on act
	clipped float64      // fraction of rectified commands (evaluation)
	maxLate float64      // max |θ − θ_home| in [+1 s, +2 s]
	peak    float64      // max |θ − θ_home| over the trial
	loop    loopSys      // the trained controller's closed loop (spec check 4)
}

// Run runs the experiment.
func (e Experiment) Run(ctx context.Context, cfg experiment.Config) (*experiment.Result, error) {
	p := Default(cfg.Scale)
	if err := experiment.Apply(&p, cfg.Set); err != nil {
		return nil, err
	}
	if err := validate(p); err != nil {
		return nil, err
	}
	res := experiment.NewResult(e.Meta(), cfg, &p)
	if unused := unusedSet(p.Mode, cfg.Set); len(unused) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("mode = %s does not read %s: the value(s) set for them had no effect on this run.",
			p.Mode, strings.Join(unused, ", ")))
	}
	a := arm.Monkey()

	// Check 2: planted rotations and pure decay.
	plantedRes, decayRatio, err := plantedChecks(cfg.Seed)
	if err != nil {
		return nil, err
	}
	cfg.Report(0.02)

	var studs []*student
	if p.Mode == "bptt" {
		studs, err = runBPTTMode(ctx, cfg, p, &a, res)
	} else {
		studs, err = runFastMode(ctx, cfg, p, a, res)
	}
	if err != nil {
		return nil, err
	}
	norec, rec := studs[0], studs[1]
	// Check 4's reference: the trained NOREC loop (arm, muscle filter, delay
	// line, both layers' states), linearised numerically at rest.
	z0, resid := norec.loop.restState(make([]float64, norec.loop.dim), 3000)
	if math.IsInf(resid, 1) {
		return nil, &experiment.DivergedError{What: "NOREC closed loop without load (30 s)", Unit: "s",
			Hint: "the trained controller does not hold the posture; train longer (epochs) or larger (bptt_units)"}
	}
	res.Metric("closed_loop_rest_residual", resid)
	if resid > 1e-9 {
		res.Notes = append(res.Notes, fmt.Sprintf("The NOREC closed loop did not settle to a resting state (last step's "+
			"change %.2g after 30 s without load): check 4's linearisation is taken at the state it reached.", resid))
	}
	win := int(math.Round(p.WindowMS/10)) + 1
	la, err := analyseLoop(norec.loop, z0, p.Load, norec.jp, win)
	if err != nil {
		return nil, err
	}
	fCL := la.freq
	res.Metric("closed_loop_freq_hz", la.freq)
	res.Metric("closed_loop_modulus", la.mod)
	res.Metric("closed_loop_radius", la.rho)
	res.Metric("jpc1_dominant_mode_freq_hz", la.j1Freq)
	res.Metric("jpc1_dominant_mode_share", la.j1Share)
	res.Metric("closed_loop_mode_jpc1_share", la.refShare)
	res.Metric("closed_loop_mode_in_jpc1_plane", la.ref.inJ1)
	res.Metric("loop_linear_response_r2", la.linR2)
	// Time-shuffled control on the NOREC activity.
	shuf := make([]*mat.Dense, len(norec.act))
	rng := num.Stream(cfg.Seed, tagShuffle)
	for c, X := range norec.act {
		T, n := X.Dims()
		perm := rng.Perm(T)
		Y := mat.NewDense(T, n, nil)
		for t := 0; t < T; t++ {
			copy(Y.RawRowView(t), X.RawRowView(perm[t]))
		}
		shuf[c] = Y
	}
	jShuf, err := jpca.Fit(shuf, jpcaOpts(p))
	if err != nil {
		return nil, fmt.Errorf("arm-feedback: jPCA on shuffled activity: %w", err)
	}

	// Metrics and checks.
	for _, st := range studs {
		tag := map[string]string{"NOREC": "norec", "REC": "rec"}[st.name]
		res.Metric("r2_best_"+tag, st.jp.R2Best)
		res.Metric("r2_skew_"+tag, st.jp.R2Skew)
		res.Metric("ratio_"+tag, st.jp.Ratio())
		res.Metric("jpc1_freq_hz_"+tag, st.jp.Planes[0].Freq)
		res.Metric("max_late_dev_rad_"+tag, st.maxLate)
		res.Metric("peak_dev_rad_"+tag, st.peak)
	}
	res.Metric("r2_best_shuffled", jShuf.R2Best)
	res.Metric("r2_skew_shuffled", jShuf.R2Skew)
	res.Metric("planted_freq_hz", plantedRes.Planes[0].Freq)
	res.Metric("planted_ratio", plantedRes.Ratio())
	res.Metric("decay_ratio_mean", decayRatio)

	res.AddCheck(experiment.NewCheck("posture_return",
		"NOREC-controlled arm: every perturbed joint within 0.01 rad of home from +1 s to the end of the load (rad)",
		norec.maxLate, "<", 0.01))
	res.AddCheck(experiment.NewCheck("posture_peak",
		"NOREC-controlled arm: peak joint excursion below 0.3 rad", norec.peak, "<", 0.3))
	fErr := math.Abs(plantedRes.Planes[0].Freq-2) / 2
	res.AddCheck(experiment.NewCheck("planted_freq",
		"jPCA on a planted 2 Hz rotation recovers its frequency within 2% (relative error)", fErr, "<=", 0.02))
	res.AddCheck(experiment.NewCheck("planted_ratio",
		"jPCA on planted rotations: R²_skew/R²_best ≥ 0.95", plantedRes.Ratio(), ">=", 0.95))
	res.AddCheck(experiment.NewCheck("decay_ratio",
		"jPCA on pure decay (symmetric M): mean R²_skew/R²_best over 10 draws ≤ 0.1", decayRatio, "<=", 0.1))
	res.AddCheck(experiment.NewCheck("norec_r2_best",
		fmt.Sprintf("NOREC L2 activity 0–%g ms after the perturbation: R²_best ≥ 0.6", p.WindowMS), norec.jp.R2Best, ">=", 0.6))
	res.AddCheck(experiment.NewCheck("norec_ratio",
		"NOREC L2 activity: R²_skew/R²_best ≥ 0.5 (rotations without recurrence)", norec.jp.Ratio(), ">=", 0.5))
	f1 := norec.jp.Planes[0].Freq
	res.AddCheck(experiment.NewCheck("jpc1_freq",
		fmt.Sprintf("NOREC jPC1 frequency within 30%% of the linearised closed loop's %.2f Hz (relative error)", fCL),
		math.Abs(f1-fCL)/fCL, "<=", 0.3))
	res.AddCheck(experiment.NewCheck("shuffled_r2_best",
		"time-shuffled NOREC activity: R²_best < 0.2", jShuf.R2Best, "<", 0.2))

	res.Notes = append(res.Notes, fmt.Sprintf(
		"Check 4: NOREC jPC1 rotates at %.2f Hz; the trained NOREC loop linearised at rest (%d states: arm, muscle "+
			"filter, 5-step delay line, both layers) has its largest-modulus complex pair at %.2f Hz (|λ| = %.3f; "+
			"slow complex modes: %s). Decomposing the loop's linear response to the 8 loads (R² %.2f against the "+
			"activity in the PC space) into its modes, the jPC1 plane's load-driven energy comes from %s; the "+
			"check's %.2f Hz pair contributes %.0f%% (its L2 eigenplane lies %.0f%% inside the 6 PCs and, of that, "+
			"%.0f%% inside the jPC1 plane; the dominant complex pair's: %.0f%% and %.0f%%). The dominant complex pair's "+
			"frequency (jpc1_dominant_mode_freq_hz, not a check) is %.2f Hz.",
		f1, norec.loop.dim, la.freq, la.mod, la.modes, la.linR2, la.topModes(4), la.freq, 100*la.refShare,
		100*la.ref.inPC, 100*la.ref.inJ1, 100*la.dom.inPC, 100*la.dom.inJ1, la.j1Freq))
	res.Figures = append(res.Figures, anglesFigure(norec, p), planeFigure(norec, fCL, p.WindowMS), r2Figure(rec, norec, jShuf))
	res.Finish()
	return res, nil
}

func jpcaOpts(p Params) jpca.Options {
	return jpca.Options{Dims: p.JPCDims, Dt: dt, Normalize: true, SoftNorm: p.SoftNorm}
}

// trainAndEval builds a student, trains its readout by DAgger and evaluates
// it on p.Trials noisy trials per condition.
func trainAndEval(ctx context.Context, cfg experiment.Config, p Params, s *sim, name string, rec bool, kind uint64) (*student, error) {
	nw := newNetwork(num.Stream(cfg.Seed, tagNet, kind), p, rec)
	var data []trajectory
	for it := 0; it <= p.DAgger; it++ {
		ctrl := byStudent
		if it == 0 {
			ctrl = byTeacher
		}
		trs := make([]trajectory, nCond)
		err := num.ParallelFor(ctx, cfg.NumWorkers(), nCond, func(c int) error {
			trs[c] = s.rollout(nw, c, ctrl, num.Stream(cfg.Seed, tagTrain, kind, uint64(it), uint64(c)))
			if trs[c].bad {
				// Iteration 0 rolls out under the teacher (the LQR
				// controller): its failure is not the student's imitation.
				if it == 0 {
					return &experiment.DivergedError{What: name + " teacher-controlled arm (DAgger iteration 0)",
						T: trs[c].badT, Unit: "s", Hint: "the LQR teacher cannot hold the arm: load or cocontraction too large for the costs q_pos, q_vel, r_cmd?"}
				}
				return &experiment.DivergedError{What: name + " student-controlled arm (DAgger iteration " +
					fmt.Sprint(it) + ")", T: trs[c].badT, Unit: "s", Hint: "imitation failed; try a larger ridge or more units"}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		data = append(data, trs...)
		if err := fitReadout(nw, data, p.Ridge); err != nil {
			return nil, err
		}
	}
	nRoll := nCond * p.Trials
	ev := make([]trajectory, nRoll)
	err := num.ParallelFor(ctx, cfg.NumWorkers(), nRoll, func(i int) error {
		c, tr := i/p.Trials, i%p.Trials
		ev[i] = s.rollout(nw, c, byStudent, num.Stream(cfg.Seed, tagEval, kind, uint64(c), uint64(tr)))
		if ev[i].bad {
			return &experiment.DivergedError{What: name + " student-controlled arm", T: ev[i].badT, Unit: "s"}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	n := p.Units
	win := int(math.Round(p.WindowMS/10)) + 1
	st := &student{name: name, theta: make([][]float64, nCond), act: make([]*mat.Dense, nCond)}
	clipped := 0
	for c := 0; c < nCond; c++ {
		th := make([]float64, steps*2)
		X := mat.NewDense(win, n, nil)
		for tr := 0; tr < p.Trials; tr++ {
			r := ev[c*p.Trials+tr]
			clipped += r.clipped
			for i, v := range r.theta {
				th[i] += v / float64(p.Trials)
			}
			for t := 0; t < win; t++ {
				row := X.RawRowView(t)
				src := r.h2[(onset+t)*n : (onset+t+1)*n]
				for j := range row {
					row[j] += src[j] / float64(p.Trials)
				}
			}
		}
		st.theta[c], st.act[c] = th, X
		if c == nullIdx {
			continue
		}
		for t := 0; t < steps; t++ {
			for j := 0; j < 2; j++ {
				d := math.Abs(th[2*t+j])
				st.peak = math.Max(st.peak, d)
				if t >= lateFast {
					st.maxLate = math.Max(st.maxLate, d)
				}
			}
		}
	}
	st.clipped = float64(clipped) / float64(nRoll*steps*nu)
	jp, err := jpca.Fit(st.act, jpcaOpts(p))
	if err != nil {
		return nil, fmt.Errorf("arm-feedback: jPCA on %s activity: %w", name, err)
	}
	st.jp = jp
	st.loop = studentLoop(s, nw)
	return st, nil
}

// plantedChecks runs spec check 2: a planted 2 Hz + 1 Hz rotation with
// decays (−3, −5 s⁻¹) embedded by a random orthonormal 50×6 matrix, 9
// conditions, 0–300 ms at 10 ms, no noise; and the pure-decay control
// (symmetric M, eigenvalues −2…−12), as the mean ratio over 10 draws (single
// draws range 0.02–0.11; see analysis/jpca tests).
func plantedChecks(seed uint64) (*jpca.Result, float64, error) {
	w2, w1 := 2*math.Pi*2, 2*math.Pi*1
	M := mat.NewDense(6, 6, []float64{
		0, -w2, 0, 0, 0, 0,
		w2, 0, 0, 0, 0, 0,
		0, 0, 0, -w1, 0, 0,
		0, 0, w1, 0, 0, 0,
		0, 0, 0, 0, -3, 0,
		0, 0, 0, 0, 0, -5,
	})
	r, err := jpca.Fit(plantedData(num.Stream(seed, tagPlanted), M), jpca.Options{Dims: 6, Dt: dt})
	if err != nil {
		return nil, 0, err
	}
	mean := 0.0
	for d := 0; d < 10; d++ {
		rng := num.Stream(seed, tagDecay, uint64(d))
		Q := linalg.RandOrthonormal(rng, 6, 6)
		D := mat.NewDiagDense(6, []float64{-2, -4, -6, -8, -10, -12})
		var S mat.Dense
		S.Mul(Q, D)
		S.Mul(&S, Q.T())
		rd, err := jpca.Fit(plantedData(rng, &S), jpca.Options{Dims: 6, Dt: dt})
		if err != nil {
			return nil, 0, err
		}
		mean += rd.Ratio() / 10
	}
	return r, mean, nil
}

// plantedData returns x_c(t) = Q e^{M t} x0_c, Q random orthonormal 50×6,
// 9 conditions, t = 0…300 ms at 10 ms.
func plantedData(rng *rand.Rand, M *mat.Dense) []*mat.Dense {
	return jpca.Planted(rng, M, linalg.RandOrthonormal(rng, 50, 6), 9, 31, dt)
}

// runFastMode designs the teacher, then trains and evaluates the NOREC and
// REC students by imitation (fast mode).
func runFastMode(ctx context.Context, cfg experiment.Config, p Params, a arm.Arm, res *experiment.Result) ([]*student, error) {
	u0, err := cocontraction(a, p.CoContr)
	if err != nil {
		return nil, experiment.Inputf("cocontraction = %g: %v", p.CoContr, err)
	}
	A, _ := plantModel(a, home)
	m11, m12, m22 := a.Mass(home[1])
	det := m11*m22 - m12*m12
	Minv := [2][2]float64{{m22 / det, -m12 / det}, {-m12 / det, m11 / det}}
	tc, err := designTeacher(A, a.MuscleAlpha, Minv, p)
	if err != nil {
		return nil, err
	}
	fT, modT, rhoCL, _, err := tc.closedLoop(A, a.MuscleAlpha)
	if err != nil {
		return nil, err
	}
	if rhoCL >= 1 {
		return nil, &experiment.DivergedError{What: "teacher closed loop (spectral radius " + fmt.Sprintf("%.4f", rhoCL) + ")",
			Unit: "s", Hint: "LQ weights give no stable delayed-feedback controller"}
	}
	res.Metric("teacher_loop_freq_hz", fT)
	res.Metric("teacher_loop_modulus", modT)
	cfg.Report(0.05)
	s := newSim(a, tc, u0, p)
	var studs []*student
	for ki, kd := range []struct {
		name string
		rec  bool
	}{{"NOREC", false}, {"REC", true}} {
		st, err := trainAndEval(ctx, cfg, p, s, kd.name, kd.rec, uint64(ki))
		if err != nil {
			return nil, err
		}
		studs = append(studs, st)
		cfg.Report(0.05 + 0.45*float64(ki+1))
	}
	res.Metric("clipped_fraction_norec", studs[0].clipped)
	res.Metric("clipped_fraction_rec", studs[1].clipped)
	return studs, nil
}
