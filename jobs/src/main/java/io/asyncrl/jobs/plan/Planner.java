package io.asyncrl.jobs.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncrl.hw.InstanceTiming;
import io.asyncrl.jobs.compare.InMemoryRunner;
import io.asyncrl.jobs.compare.SettledSteps;
import io.asyncrl.jobs.compare.SpecVariants;
import io.asyncrl.jobs.compare.Variant;
import io.asyncrl.jobs.compare.VariantMetrics;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.jobs.spec.SpecException;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.Workload;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.Prompt;
import io.asyncrl.schemas.StepReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Searches the rollout/train split, the TP of each role and the staleness bound for the highest
 * trained tokens/s on a fixed number of devices (asynchronous, disaggregated), and beside them the synchronous
 * colocated runs on all the devices at each pair of TPs (not splitting at all, as verl's default recipes run).
 *
 * <p>Every candidate is first checked by the spec validator (memory fit of a rollout instance and
 * of the training state). The survivors get an analytic throughput bound from the hardware model:
 * the rollout bound is instances x (the decode throughput of one instance at the batch its KV cache
 * admits for sequences of mean length, with the cache read at prompt length only, an optimistic
 * step time) scaled to trained tokens, the training bound is a step's mean tokens over the
 * hardware model's step time; the bound is their minimum (eta >= 1, generation overlaps training) or
 * the harmonic sum (eta 0 and colocated, they alternate; the colocated switch is not counted). Candidates are
 * simulated best-bound first, and a candidate is skipped once its bound is below the best simulated throughput at
 * the same or a smaller staleness bound (it can neither win nor enter the Pareto front). The leaders are then settled
 * (rerun past their pipeline's fill, {@link SettledSteps}) and the candidates their settled figures no longer prune are
 * simulated, until none is left.
 */
public final class Planner {
    static final int[] TPS = {1, 2, 4, 8};
    static final int[] ETAS = {0, 1, 2, 4, 8};
    /** How many of the ranking's first candidates are settled (the recommendation and the runner-ups plan prints). */
    static final int SETTLE_TOP = 6;

    public record Result(List<Candidate> candidates, int considered, int unfit, int simulatedCount, double seconds,
            int simulatedSteps, boolean budgetReached, int settledCount) {
        /** The recommended candidate: the best simulated one under {@link PlanRanking}'s tie rule. */
        public Candidate best() {
            return simulated().get(0);
        }

        /** The simulated candidates, recommendation first ({@link PlanRanking}). */
        public List<Candidate> simulated() {
            return PlanRanking.rank(candidates.stream().filter(Candidate::simulatedYet).toList());
        }

        /** Best simulated throughput per staleness bound, keeping only bounds that improve on every smaller one. */
        public List<Candidate> pareto() {
            List<Candidate> front = new ArrayList<>();
            double best = -1;
            for (int eta : ETAS) {
                Candidate top = null;
                for (Candidate c : candidates) {
                    if (c.eta == eta && c.simulatedYet() && (top == null || c.simulated > top.simulated)) {
                        top = c;
                    }
                }
                if (top != null && top.simulated > best) {
                    front.add(top);
                    best = top.simulated;
                }
            }
            return front;
        }
    }

    private final SpecVariants base;
    private final int devices;
    private final int maxStaleness;
    private final int steps;
    private final int threads;
    private final double budgetSeconds;
    private Consumer<String> progress = line -> {};
    /** Mean prompt and response tokens of the workload, computed once (every candidate has the same workload). */
    private double[] lengths;

    public Planner(SpecVariants base, int devices, int maxStaleness, int steps, int threads, double budgetSeconds) {
        this.budgetSeconds = budgetSeconds;
        this.base = base;
        this.devices = devices;
        this.maxStaleness = maxStaleness;
        this.steps = steps;
        this.threads = threads;
    }

    /** Where a line goes after each simulated candidate (count, total, best so far). */
    public Planner progress(Consumer<String> lines) {
        this.progress = lines;
        return this;
    }

    public Result search() throws Exception {
        long t0 = System.nanoTime();
        ObjectNode tree = base.tree();
        int heads = -1;
        List<Candidate> candidates = new ArrayList<>();
        int considered = 0;
        int unfit = 0;
        int granularity = granularity(devices);
        for (int r = granularity; r < devices; r += granularity) {
            int t = devices - r;
            for (int rtp : TPS) {
                for (int ttp : TPS) {
                    if (r % rtp != 0 || t % ttp != 0) {
                        continue;
                    }
                    for (int eta : ETAS) {
                        if (eta > maxStaleness) {
                            continue;
                        }
                        considered++;
                        Variant v;
                        try {
                            v = base.variant(settings(r, t, rtp, ttp, eta), String.format(
                                    "r%d-tp%d-t%d-tp%d-eta%d", r, rtp, t, ttp, eta));
                        } catch (SpecException e) {
                            unfit++;
                            continue;
                        }
                        double[] b = bounds(v);
                        double rb = b[0];
                        double tb = b[1];
                        double bound = eta == 0 ? 1 / (1 / rb + 1 / tb) : Math.min(rb, tb);
                        candidates.add(new Candidate(r, t, rtp, ttp, eta, v, rb, tb, bound));
                    }
                }
            }
        }
        // Not splitting at all: both roles on every device, alternating (synchronous, staleness 0). The rollout
        // bound is the whole cluster generating, the training bound the whole cluster training, and they add up.
        for (int rtp : TPS) {
            for (int ttp : TPS) {
                if (devices % rtp != 0 || devices % ttp != 0) {
                    continue;
                }
                considered++;
                Variant v;
                try {
                    Map<String, String> m = new LinkedHashMap<>(SpecVariants.colocatedSync(devices));
                    m.put("cluster.rollout.tp", String.valueOf(rtp));
                    m.put("cluster.train.tp", String.valueOf(ttp));
                    m.put("algorithm.steps", String.valueOf(steps));
                    m.put("evaluation", "~");
                    v = base.variant(m, String.format("colocated%d-rtp%d-ttp%d", devices, rtp, ttp));
                } catch (SpecException e) {
                    unfit++;
                    continue;
                }
                double[] b = bounds(v);
                candidates.add(Candidate.colocated(devices, rtp, ttp, v, b[0], b[1], 1 / (1 / b[0] + 1 / b[1])));
            }
        }
        candidates.sort(Comparator.comparingDouble((Candidate c) -> -c.bound).thenComparingInt(c -> c.eta));
        int simulated = 0;
        int settled = 0;
        boolean budgetReached = false;
        // Daemon threads: a simulation still running when the budget ends is abandoned, not awaited.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), task -> {
            Thread th = new Thread(task, "plan-simulation");
            th.setDaemon(true);
            return th;
        });
        try {
            // Pass 1 prunes by the best short-run figure at the same or a smaller bound; settling then replaces the
            // leaders' figures with longer runs, which a short run overstates, so later passes simulate what the settled
            // figures no longer prune, until none is left.
            boolean first = true;
            while (true) {
                int[] ran = new int[1];
                budgetReached = pass(candidates, pool, t0, first, ran);
                simulated += ran[0];
                if (budgetReached || (!first && ran[0] == 0)) {
                    break;
                }
                int reruns = settle(candidates, pool, t0);
                settled += reruns < 0 ? -1 - reruns : reruns;
                if (reruns < 0) {
                    budgetReached = true;
                    break;
                }
                first = false;
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(candidates, considered, unfit, simulated, (System.nanoTime() - t0) / 1e9, steps,
                budgetReached, settled);
    }

    /**
     * Simulates, best bound first, every candidate not yet simulated whose bound reaches the best figure at the same or
     * a smaller staleness bound: any figure on the first pass, settled ones after it. Returns whether the budget ran out.
     */
    private boolean pass(List<Candidate> candidates, ExecutorService pool, long t0, boolean first, int[] ran)
            throws Exception {
        int i = 0;
        while (i < candidates.size()) {
            if ((System.nanoTime() - t0) / 1e9 > budgetSeconds) {
                return true;
            }
            List<Candidate> batch = new ArrayList<>();
            while (i < candidates.size() && batch.size() < Math.max(1, threads)) {
                Candidate c = candidates.get(i++);
                if (!c.simulatedYet() && c.bound >= bestAtOrBelow(candidates, c.eta, first ? -1 : steps)) {
                    batch.add(c);
                }
            }
            List<Future<RunResult>> futures = new ArrayList<>();
            for (Candidate c : batch) {
                futures.add(pool.submit(() -> InMemoryRunner.run(c.variant.spec(), false)));
            }
            for (int k = 0; k < batch.size(); k++) {
                Candidate c = batch.get(k);
                double left = budgetSeconds - (System.nanoTime() - t0) / 1e9;
                try {
                    measure(c, futures.get(k).get((long) Math.max(1, left), TimeUnit.SECONDS));
                } catch (TimeoutException e) {
                    return true;
                }
                ran[0]++;
                progress.accept(progressLine(candidates, candidates.stream().filter(Candidate::simulatedYet).count(), t0));
            }
        }
        return false;
    }

    private static void measure(Candidate c, RunResult r) {
        c.simulated = VariantMetrics.steadyTokensPerSecond(r.steps());
        c.stepSeconds = VariantMetrics.steadyStepSeconds(r.steps(), r.steps().size() / 2);
        c.stalenessMean = VariantMetrics.of(c.variant.spec(), r).stalenessMean();
        c.summaryJson = r.summaryJson();
    }

    /**
     * Reruns the ranking's first {@link #SETTLE_TOP} candidates and the best of each staleness bound over
     * {@link SettledSteps#of} steps, and again while a candidate not yet settled rises into that set, so that the
     * recommendation, the runner-ups and the Pareto front are all measured past the fill. Returns the reruns, or -1
     * minus them when the budget ran out first.
     */
    private int settle(List<Candidate> candidates, ExecutorService pool, long t0) throws Exception {
        int reruns = 0;
        while (true) {
            Set<Candidate> wanted = new LinkedHashSet<>(PlanRanking.rank(candidates.stream()
                    .filter(Candidate::simulatedYet).toList()).stream().limit(SETTLE_TOP).toList());
            for (int eta : ETAS) {
                candidates.stream().filter(c -> c.eta == eta && c.simulatedYet())
                        .max(Comparator.comparingDouble(c -> c.simulated)).ifPresent(wanted::add);
            }
            List<Candidate> todo = wanted.stream().filter(c -> !settled(c, steps))
                    .toList();
            if (todo.isEmpty()) {
                return reruns;
            }
            progress.accept("settling " + todo.size() + " candidates: each again over " + todo.stream()
                    .map(c -> SettledSteps.of(steps, c.eta)).distinct().sorted().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(" or ")) + " steps, past its pipeline's fill");
            List<Variant> longer = new ArrayList<>();
            List<Future<RunResult>> futures = new ArrayList<>();
            for (Candidate c : todo) {
                Map<String, String> m = new LinkedHashMap<>(c.variant.settings());
                m.put("algorithm.steps", String.valueOf(SettledSteps.of(steps, c.eta)));
                Variant v = base.variant(m, c.variant.label());
                longer.add(v);
                futures.add(pool.submit(() -> InMemoryRunner.run(v.spec(), false)));
            }
            for (int k = 0; k < todo.size(); k++) {
                double left = budgetSeconds - (System.nanoTime() - t0) / 1e9;
                RunResult r;
                try {
                    r = futures.get(k).get((long) Math.max(1, left), TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    return -1 - reruns;
                }
                Candidate c = todo.get(k);
                c.variant = longer.get(k);
                c.settledSteps = SettledSteps.of(steps, c.eta);
                measure(c, r);
                reruns++;
            }
        }
    }

    private static String progressLine(List<Candidate> candidates, long simulated, long t0) {
        Candidate best = PlanRanking.rank(candidates.stream().filter(Candidate::simulatedYet).toList()).get(0);
        return String.format(java.util.Locale.ROOT, "simulated %d of %d candidates that fit (%.0f s; the bound prunes some), best so far: %s -> %.0f "
                + "trained tokens/s", simulated, candidates.size(), (System.nanoTime() - t0) / 1e9, best.config(), best.simulated);
    }

    private Map<String, String> settings(int r, int t, int rtp, int ttp, int eta) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cluster.placement", "disaggregated");
        m.put("cluster.rollout.devices", String.valueOf(r));
        m.put("cluster.rollout.tp", String.valueOf(rtp));
        m.put("cluster.train.devices", String.valueOf(t));
        m.put("cluster.train.tp", String.valueOf(ttp));
        m.put("async.mode", "async");
        m.put("async.max_staleness", String.valueOf(eta));
        // a fractional threshold (verl's) would replace eta and make the searched bound a label only
        m.put("async.staleness_threshold", "~");
        m.put("algorithm.steps", String.valueOf(steps));
        m.put("evaluation", "~");
        return m;
    }

    /** The step between the rollout pool sizes the search tries: 8 devices from 64 devices up, else 1. */
    static int granularity(int devices) {
        return devices >= 64 ? 8 : 1;
    }

    /** The rollout and training bounds of a variant (trained tokens/s), from the workload's mean lengths. */
    private double[] bounds(Variant v) {
        SimParams p = new CatalogParamsResolver().resolve(v.spec());
        if (lengths == null) {
            lengths = meanLengths(v.spec());
        }
        return new double[] {rolloutBound(p, lengths), trainBound(p, lengths)};
    }

    /** Whether the candidate's figure is past its fill: settled, or its search run already as long as that needs. */
    private static boolean settled(Candidate c, int searchSteps) {
        return c.settledSteps > 0 || SettledSteps.of(searchSteps, c.eta) <= searchSteps;
    }

    /** The best figure at {@code eta} or below; only settled ones unless {@code searchSteps} is negative. */
    private static double bestAtOrBelow(List<Candidate> cs, int eta, int searchSteps) {
        double best = 0;
        for (Candidate c : cs) {
            if (c.simulatedYet() && c.eta <= eta && (searchSteps < 0 || settled(c, searchSteps))) {
                best = Math.max(best, c.simulated);
            }
        }
        return best;
    }

    /** Mean prompt and response tokens of the spec's workload, from the generator itself (2,000 prompts). */
    static double[] meanLengths(ExperimentSpec spec) {
        double p = 0;
        double r = 0;
        long n = 0;
        for (long id = 0; id < 2000; id++) {
            Prompt pr = Workload.prompt(spec, id);
            for (int len : pr.getResponseTokens()) {
                p += pr.getPromptTokens();
                r += len;
                n++;
            }
        }
        return new double[] {p / n, r / n};
    }

    static double rolloutBound(SimParams p, double[] lengths) {
        InstanceTiming timing = p.rolloutTiming;
        double prompt = lengths[0];
        double response = lengths[1];
        long perSeq = (long) Math.ceil(prompt + response / 2);
        int batch = (int) Math.max(1, Math.min(p.maxNumSeqs, timing.kvCapacityTokens() / Math.max(1, perSeq)));
        double step = timing.decodeStepSeconds(batch, (long) (batch * prompt));
        double generated = p.rolloutInstances * batch / step;
        return generated * (prompt + response) / response;
    }

    static double trainBound(SimParams p, double[] lengths) {
        long seqs = p.batchTrajectories;
        long tokens = (long) (seqs * (lengths[0] + lengths[1]));
        return tokens / p.trainStep(tokens, seqs).totalSeconds();
    }
}
