package io.asyncrl.jobs.spec;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What one experiment may cost before it is admitted, set by whoever runs the service (or the local
 * CLI): the limits {@link CostBound} holds every spec to. Each limit has a key, read from the service
 * job's Flink configuration or program arguments and, for the CLI, from a Java system property of the
 * same name ({@code ASYNCRL_JAVA_OPTS="-Xmx8g -Dasyncrl.admission.max-state-mb=2048"}).
 *
 * <p>The defaults fit the heaps an experiment runs in: the CLI's own run has 4 GB (./asyncrl's
 * -Xmx4g), the local cluster's TaskManager about 0.5 GB of task heap (taskmanager.memory.process.size
 * 2g), k8s/flink-session-cluster.yaml's TaskManagers about 1.5 GB (4096m); an operator running many
 * experiments at once on a small TaskManager lowers {@code max-state-mb}.
 *
 * @param maxRolloutInstances rollout (and evaluation) instances, each a simulated engine with its queues
 * @param maxTrajectoriesPerStep prompts_per_step x group_size
 * @param maxEvents instance visits over the whole run: every rollout event scans every instance, so
 *     trajectories x rollout instances (plus trajectories x reward servers); bounds the simulation's CPU
 *     time (about 70 ns a visit measured on a 2-core machine)
 * @param maxStateMb estimated stage state of the experiment, in MiB
 * @param maxSimulatedHours simulated time the reward work alone takes (bounds simulated time, which is
 *     a long count of microseconds and would saturate)
 */
public record CostLimits(long maxRolloutInstances, long maxTrajectoriesPerStep, long maxEvents, long maxStateMb,
        long maxSimulatedHours) implements Serializable {

    public static final String PREFIX = "asyncrl.admission.";
    public static final String MAX_ROLLOUT_INSTANCES = PREFIX + "max-rollout-instances";
    public static final String MAX_TRAJECTORIES_PER_STEP = PREFIX + "max-trajectories-per-step";
    public static final String MAX_EVENTS = PREFIX + "max-events";
    public static final String MAX_STATE_MB = PREFIX + "max-state-mb";
    public static final String MAX_SIMULATED_HOURS = PREFIX + "max-simulated-hours";

    /**
     * 100,000 instances (a 100k-device cluster at tp 1); 1,048,576 trajectories per step (128x the
     * largest example, 512 x 16); a billion instance visits (about a minute of CPU); 512 MiB of state
     * (AReaL's 1.5B setting at staleness 8, examples/papers/areal-1.5b-math.yaml, needs 256 MiB);
     * 100,000 simulated hours (11 years, far below the 2.5 million hours a long of microseconds holds).
     */
    public static final CostLimits DEFAULTS = new CostLimits(100_000, 1L << 20, 1_000_000_000L, 512, 100_000);

    /** Limits from {@code lookup} (key to value, null when unset); unset keys keep the default. */
    public static CostLimits from(Function<String, String> lookup) {
        return new CostLimits(
                get(lookup, MAX_ROLLOUT_INSTANCES, DEFAULTS.maxRolloutInstances),
                get(lookup, MAX_TRAJECTORIES_PER_STEP, DEFAULTS.maxTrajectoriesPerStep),
                get(lookup, MAX_EVENTS, DEFAULTS.maxEvents),
                get(lookup, MAX_STATE_MB, DEFAULTS.maxStateMb),
                get(lookup, MAX_SIMULATED_HOURS, DEFAULTS.maxSimulatedHours));
    }

    /** The CLI's limits: Java system properties named by the keys, else the defaults. */
    public static CostLimits fromSystemProperties() {
        return from(System::getProperty);
    }

    /** Every limit by key, e.g. to pass them on as job parameters. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MAX_ROLLOUT_INSTANCES, Long.toString(maxRolloutInstances));
        m.put(MAX_TRAJECTORIES_PER_STEP, Long.toString(maxTrajectoriesPerStep));
        m.put(MAX_EVENTS, Long.toString(maxEvents));
        m.put(MAX_STATE_MB, Long.toString(maxStateMb));
        m.put(MAX_SIMULATED_HOURS, Long.toString(maxSimulatedHours));
        return m;
    }

    private static long get(Function<String, String> lookup, String key, long fallback) {
        String v = lookup.apply(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n < 1) {
                throw new IllegalArgumentException(key + " must be a positive integer, got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a positive integer, got '" + v + "'");
        }
    }
}
