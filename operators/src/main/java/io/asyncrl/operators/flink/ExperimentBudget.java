package io.asyncrl.operators.flink;

import io.asyncrl.operators.sim.core.ParamsResolver;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.SimEvent;
import java.io.Serializable;
import java.util.Locale;
import java.util.function.Function;

/**
 * What one experiment may hold in a stage of this TaskManager, checked by the stage itself: the last
 * line behind the service's admission (which an operator can lift, or which can misjudge a spec). An
 * experiment over its budget fails alone through {@link ExperimentGuard} (a {@code StageFailure}, its
 * stage state dropped) instead of exhausting the heap, which would fail the task, restart it from the
 * checkpoint, fail again on the same record and stop every other experiment with it.
 *
 * <p>Three checks, none of which needs state of its own:
 * <ul>
 *   <li>state, before a stage allocates anything for the experiment (when its parameters are resolved
 *       from the SPEC): rollout instances, the prompts the rollout holds (all of the run's prompts
 *       arrive at time 0) and the trajectories in flight, at the per-unit sizes below, against this
 *       TaskManager's share ({@value #MAX_STATE_MB}, default half the JVM's maximum heap);</li>
 *   <li>events: trajectories x rollout instances (every rollout event visits every instance), the CPU a
 *       run takes, against {@value #MAX_EVENTS};</li>
 *   <li>simulated time: a record stamped beyond {@value #MAX_SIMULATED_HOURS} (a duration that
 *       saturated the long of microseconds) would stall every stage behind it without an error.</li>
 * </ul>
 * Limits come from the job parameters of the same keys. The checks are deterministic for a given heap,
 * so a restore fails the same experiment the same way.
 */
public final class ExperimentBudget implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String PREFIX = "asyncrl.guard.";
    public static final String MAX_STATE_MB = PREFIX + "max-state-mb";
    public static final String MAX_EVENTS = PREFIX + "max-events";
    public static final String MAX_SIMULATED_HOURS = PREFIX + "max-simulated-hours";

    /** Heap of one rollout instance with its queues: 450 bytes measured at 100,000 instances, rounded up. */
    public static final long BYTES_PER_INSTANCE = 512;
    /** Heap of one trajectory in flight: 2.4 to 3.6 KB measured (tiny-async scaled up), rounded up. */
    public static final long BYTES_PER_TRAJECTORY = 4096;
    /** Heap of one prompt the rollout holds: an int[] of 1 + group_size lengths (16 B header) and its reference. */
    static final long BYTES_PER_PROMPT_BASE = 16 + 8 + 4;

    /** Ten times the admission's default of a billion instance visits (about 10 CPU minutes). */
    static final long DEFAULT_MAX_EVENTS = 10_000_000_000L;
    /** The admission's default: 11 years of simulated time, far below the 2.5 million hours a long holds. */
    static final long DEFAULT_MAX_SIMULATED_HOURS = 100_000;

    private final long maxStateMb;
    private final long maxEvents;
    private final long maxSimulatedHours;

    public ExperimentBudget(long maxStateMb, long maxEvents, long maxSimulatedHours) {
        this.maxStateMb = maxStateMb;
        this.maxEvents = maxEvents;
        this.maxSimulatedHours = maxSimulatedHours;
    }

    /** Limits from {@code lookup} (key to value, null when unset); the state share defaults to half of this heap. */
    public static ExperimentBudget from(Function<String, String> lookup) {
        long halfHeapMb = Math.max(1, Runtime.getRuntime().maxMemory() / 2 / (1 << 20));
        return new ExperimentBudget(get(lookup, MAX_STATE_MB, halfHeapMb), get(lookup, MAX_EVENTS, DEFAULT_MAX_EVENTS),
                get(lookup, MAX_SIMULATED_HOURS, DEFAULT_MAX_SIMULATED_HOURS));
    }

    public long maxStateMb() {
        return maxStateMb;
    }

    /** The experiment's estimated stage state in bytes: instances, prompts held, trajectories in flight. */
    static double stateBytes(SimParams p) {
        long trajectoriesPerStep = (long) p.promptsPerStep * p.groupSize;
        long inFlight = trajectoriesPerStep * Math.min((long) p.maxStaleness + 1, Math.max(1, p.steps));
        return (double) p.rolloutInstances * BYTES_PER_INSTANCE
                + (double) p.promptCount() * (BYTES_PER_PROMPT_BASE + 4L * p.groupSize)
                + (double) inFlight * BYTES_PER_TRAJECTORY;
    }

    /** Throws {@link Exceeded} when the experiment of {@code p} does not fit this budget. */
    void check(SimParams p) {
        double mb = stateBytes(p) / (1 << 20);
        if (mb > maxStateMb) {
            throw new Exceeded(String.format(Locale.ROOT, "the experiment's state would take about %.0f MiB (%d rollout "
                    + "instances, %d prompts, %d trajectories per step), over this TaskManager's share of %d MiB (%s); "
                    + "lower cluster.rollout.devices or algorithm.prompts_per_step", mb, p.rolloutInstances,
                    p.promptCount(), (long) p.promptsPerStep * p.groupSize, maxStateMb, MAX_STATE_MB));
        }
        double events = (double) p.steps * p.promptsPerStep * p.groupSize * p.rolloutInstances;
        if (events > maxEvents) {
            throw new Exceeded(String.format(Locale.ROOT, "%d steps of %d trajectories over %d rollout instances make "
                    + "%.3g instance visits, over the limit of %d (%s); use fewer steps, prompts or devices", p.steps,
                    (long) p.promptsPerStep * p.groupSize, p.rolloutInstances, events, maxEvents, MAX_EVENTS));
        }
    }

    /** {@code resolver} that checks every experiment it resolves before a stage allocates its state. */
    ParamsResolver checking(ParamsResolver resolver) {
        return spec -> {
            // Before resolving: two billion prompts x a group overflow the int of a batch, and the resolver's
            // own error would not say which field to change.
            long perStep = (long) spec.getAlgorithm().getPromptsPerStep() * spec.getAlgorithm().getGroupSize();
            if (perStep > Integer.MAX_VALUE) {
                throw new Exceeded("algorithm.prompts_per_step " + spec.getAlgorithm().getPromptsPerStep()
                        + " x group_size " + spec.getAlgorithm().getGroupSize() + " make " + perStep
                        + " trajectories per step, more than a stage can count (" + Integer.MAX_VALUE + ")");
            }
            SimParams p = resolver.resolve(spec);
            check(p);
            return p;
        };
    }

    /** {@code out} that refuses a data record stamped beyond the simulated-time horizon (watermarks and ENDs may say NEVER). */
    StageOutput watching(StageOutput out) {
        long horizonUs = maxSimulatedHours * 3_600_000_000L;
        return new StageOutput() {
            @Override
            public void emit(SimEvent event) {
                checkTime(event, horizonUs);
                out.emit(event);
            }

            @Override
            public void metric(SimEvent event) {
                out.metric(event);
            }
        };
    }

    private void checkTime(SimEvent e, long horizonUs) {
        if (e.getKind() != EventKind.DATA || (e.getTimeUs() >= 0 && e.getTimeUs() <= horizonUs)) {
            return;
        }
        String at = e.getTimeUs() < 0 ? "a negative simulated time (a sum of durations overflowed)"
                : e.getTimeUs() == SimTime.NEVER ? "the end of time (a duration saturated)"
                : String.format(Locale.ROOT, "%.3g simulated hours", e.getTimeUs() / 3.6e9);
        throw new Exceeded(String.format(Locale.ROOT, "a record of experiment %s is stamped at %s, outside the limit "
                + "of %d simulated hours (%s); a duration in the spec is too long (e.g. "
                + "workload.reward.cpu_ms_per_sample)", e.getExperimentId(), at, maxSimulatedHours,
                MAX_SIMULATED_HOURS));
    }

    private static long get(Function<String, String> lookup, String key, long fallback) {
        String v = lookup.apply(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below with the key
        }
        throw new IllegalArgumentException(key + " must be a positive integer, got '" + v + "'");
    }

    /** An experiment over its budget; {@link ExperimentGuard} turns it into that experiment's StageFailure. */
    public static final class Exceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exceeded(String message) {
            super(message);
        }
    }
}
