package io.asyncrl.jobs.spec;

import static io.asyncrl.jobs.spec.FieldReader.NON_NEGATIVE_NUMBER;
import static io.asyncrl.jobs.spec.FieldReader.POSITIVE_INT;

import io.asyncrl.schemas.DelayDist;
import io.asyncrl.schemas.DistKind;
import io.asyncrl.schemas.EnvExecution;
import io.asyncrl.schemas.EnvironmentSpec;
import io.asyncrl.schemas.KvRetention;
import io.asyncrl.schemas.LengthDist;
import io.asyncrl.schemas.PassRateDist;
import io.asyncrl.schemas.PassRateKind;
import io.asyncrl.schemas.WorkloadSpec;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads the agentic and difficulty fields of {@code workload:}: {@code turns}, {@code tool_tokens},
 * {@code environment} and {@code pass_rate}. Each is optional; left out, the workload is single-turn with
 * fair-coin rewards, exactly as before these fields existed. {@link AgenticChecks} validates the values.
 */
final class AgenticReader {
    static final Map<DistKind, Set<String>> DELAY_KEYS = Map.of(
            DistKind.FIXED, Set.of("dist", "value"),
            DistKind.UNIFORM, Set.of("dist", "min", "max"),
            DistKind.LOGNORMAL, Set.of("dist", "median", "sigma", "min", "max"));
    static final Map<PassRateKind, Set<String>> PASS_RATE_KEYS = Map.of(
            PassRateKind.FIXED, Set.of("dist", "value"),
            PassRateKind.UNIFORM, Set.of("dist", "min", "max"),
            PassRateKind.BETA, Set.of("dist", "alpha", "beta"));

    private final FieldReader r;
    private final WorkloadReader lengths;

    AgenticReader(FieldReader r, WorkloadReader lengths) {
        this.r = r;
        this.lengths = lengths;
    }

    void read(Section s, WorkloadSpec.Builder b) {
        Section turns = r.optionalSection(s, "turns", LengthDist.getClassSchema());
        if (turns.node != null) {
            b.setTurns(lengths.readLengthDist(turns));
        }
        Section tool = r.optionalSection(s, "tool_tokens", LengthDist.getClassSchema());
        if (tool.node != null) {
            b.setToolTokens(lengths.readLengthDist(tool));
        }
        Section env = r.optionalSection(s, "environment", EnvironmentSpec.getClassSchema());
        if (env.node != null) {
            b.setEnvironment(readEnvironment(env));
        }
        Section pass = r.optionalSection(s, "pass_rate", PassRateDist.getClassSchema());
        if (pass.node != null) {
            b.setPassRate(readPassRate(pass));
        }
    }

    private EnvironmentSpec readEnvironment(Section s) {
        EnvironmentSpec.Builder b = EnvironmentSpec.newBuilder();
        b.setWorkers(r.nullableInt(s, "workers", POSITIVE_INT));
        Section latency = r.optionalSection(s, "latency_seconds", DelayDist.getClassSchema());
        if (latency.node != null) {
            b.setLatencySeconds(readDelay(latency));
        }
        if (s.get("execution") != null) {
            b.setExecution(r.requiredEnum(s, "execution", EnvExecution.values(), EnvExecution.ASYNC));
        }
        if (s.get("kv_cache") != null) {
            b.setKvCache(r.requiredEnum(s, "kv_cache", KvRetention.values(), KvRetention.KEEP));
        }
        b.setKvTtlSeconds(r.nullableDouble(s, "kv_ttl_seconds", NON_NEGATIVE_NUMBER));
        r.finish(s);
        return b.build();
    }

    private DelayDist readDelay(Section s) {
        DelayDist.Builder b = DelayDist.newBuilder();
        DistKind kind = r.requiredEnum(s, "dist", DistKind.values(), DistKind.FIXED);
        b.setDist(kind);
        r.readDouble(s, "value", NON_NEGATIVE_NUMBER).ifPresent(b::setValue);
        r.readDouble(s, "min", NON_NEGATIVE_NUMBER).ifPresent(b::setMin);
        r.readDouble(s, "median", NON_NEGATIVE_NUMBER).ifPresent(b::setMedian);
        r.readDouble(s, "sigma", NON_NEGATIVE_NUMBER).ifPresent(b::setSigma);
        r.readDouble(s, "max", NON_NEGATIVE_NUMBER).ifPresent(b::setMax);
        unusedKeys(s, YamlValues.enumName(kind), DELAY_KEYS.get(kind));
        r.finish(s);
        return b.build();
    }

    private PassRateDist readPassRate(Section s) {
        PassRateDist.Builder b = PassRateDist.newBuilder();
        PassRateKind kind = r.requiredEnum(s, "dist", PassRateKind.values(), PassRateKind.FIXED);
        b.setDist(kind);
        String number = "a number in [0, 1]";
        r.readDouble(s, "value", number).ifPresent(b::setValue);
        r.readDouble(s, "min", number).ifPresent(b::setMin);
        r.readDouble(s, "max", number).ifPresent(b::setMax);
        r.readDouble(s, "alpha", FieldReader.POSITIVE_NUMBER).ifPresent(b::setAlpha);
        r.readDouble(s, "beta", FieldReader.POSITIVE_NUMBER).ifPresent(b::setBeta);
        unusedKeys(s, YamlValues.enumName(kind), PASS_RATE_KEYS.get(kind));
        r.finish(s);
        return b.build();
    }

    /** Keys of the mapping that its {@code dist} does not use: reported, like the length distributions'. */
    private void unusedKeys(Section s, String kind, Set<String> used) {
        if (s.node == null || r.invalid.contains(s.path("dist"))) {
            return;
        }
        for (Iterator<String> it = s.node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (s.keys.contains(key) && !used.contains(key)) {
                r.error(s.path(key), "is not used by dist " + kind + " (" + kind + " uses "
                        + String.join(", ", used.stream().filter(k -> !k.equals("dist")).sorted().toList()) + "); remove it");
                r.invalid.add(s.path(key));
            }
        }
    }
}
