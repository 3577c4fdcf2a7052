package io.asyncrl.jobs.spec;

import static io.asyncrl.jobs.spec.FieldReader.NON_NEGATIVE_NUMBER;
import static io.asyncrl.jobs.spec.FieldReader.POSITIVE_INT;
import static io.asyncrl.jobs.spec.FieldReader.POSITIVE_NUMBER;

import io.asyncrl.schemas.DistKind;
import io.asyncrl.schemas.LengthDist;
import io.asyncrl.schemas.RewardKind;
import io.asyncrl.schemas.RewardSpec;
import io.asyncrl.schemas.WorkloadSpec;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code workload:}: the prompt and response length distributions and the reward. */
final class WorkloadReader {
    static final Map<DistKind, Set<String>> DIST_KEYS = Map.of(
            DistKind.FIXED, Set.of("dist", "value"),
            DistKind.UNIFORM, Set.of("dist", "min", "max"),
            DistKind.LOGNORMAL, Set.of("dist", "median", "sigma", "min", "max"));
    /** A lognormal of the response lengths: the keys of any lognormal, and the share a prompt's samples have in common. */
    static final Set<String> RESPONSE_LOGNORMAL_KEYS = Set.of("dist", "median", "sigma", "min", "max", "prompt_share");
    /** {@link #DIST_KEYS} of the response lengths. */
    static final Map<DistKind, Set<String>> RESPONSE_KEYS = Map.of(
            DistKind.FIXED, DIST_KEYS.get(DistKind.FIXED),
            DistKind.UNIFORM, DIST_KEYS.get(DistKind.UNIFORM),
            DistKind.LOGNORMAL, RESPONSE_LOGNORMAL_KEYS);

    static final Set<String> REWARD_MODEL_ONLY_KEYS = Set.of("model", "devices", "tp");

    private final FieldReader r;

    WorkloadReader(FieldReader r) {
        this.r = r;
    }

    WorkloadSpec read(Section s) {
        WorkloadSpec.Builder b = WorkloadSpec.newBuilder();
        b.setPromptTokens(readLengthDist(r.requiredSection(s, "prompt_tokens",
                "e.g. prompt_tokens: {dist: fixed, value: 1024}", LengthDist.getClassSchema())));
        b.setResponseTokens(readLengthDist(r.requiredSection(s, "response_tokens",
                "e.g. response_tokens: {dist: lognormal, median: 6000, sigma: 0.9, max: 27648}", LengthDist.getClassSchema()),
                true));
        b.setReward(readReward(r.requiredSection(s, "reward",
                "e.g. reward: {kind: rule, cpu_ms_per_sample: 20, workers: 64}", RewardSpec.getClassSchema())));
        new AgenticReader(r, this).read(s, b);
        r.finish(s);
        return b.build();
    }

    LengthDist readLengthDist(Section s) {
        return readLengthDist(s, false);
    }

    /**
     * One length distribution; {@code response}: the response lengths, whose lognormal may also say how much of it the
     * samples of one prompt share ({@code prompt_share}).
     */
    LengthDist readLengthDist(Section s, boolean response) {
        LengthDist.Builder b = LengthDist.newBuilder();
        DistKind kind = r.requiredEnum(s, "dist", DistKind.values(), DistKind.FIXED);
        b.setDist(kind);
        r.readInt(s, "value", POSITIVE_INT).ifPresent(b::setValue);
        r.readInt(s, "min", POSITIVE_INT).ifPresent(b::setMin);
        r.readDouble(s, "median", POSITIVE_NUMBER).ifPresent(b::setMedian);
        r.readDouble(s, "sigma", NON_NEGATIVE_NUMBER).ifPresent(b::setSigma);
        r.readInt(s, "max", POSITIVE_INT).ifPresent(b::setMax);
        r.readDouble(s, "prompt_share", NON_NEGATIVE_NUMBER).ifPresent(b::setPromptShare);
        if (!response && s.node != null && s.node.has("prompt_share") && !r.invalid.contains(s.path("prompt_share"))) {
            r.error(s.path("prompt_share"), "applies to response_tokens only (how much the samples of one prompt share "
                    + "their length); remove it");
            r.invalid.add(s.path("prompt_share"));
        }
        if (s.node != null && !r.invalid.contains(s.path("dist"))) {
            Set<String> used = (response ? RESPONSE_KEYS : DIST_KEYS).get(kind);
            List<String> usedInOrder = s.keys.stream().filter(used::contains).filter(k -> !k.equals("dist")).toList();
            for (Iterator<String> it = s.node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (s.keys.contains(key) && !used.contains(key) && !r.invalid.contains(s.path(key))) {
                    r.error(s.path(key), "is not used by dist " + YamlValues.enumName(kind) + " (" + YamlValues.enumName(kind) + " uses "
                            + String.join(", ", usedInOrder) + "); remove it");
                    r.invalid.add(s.path(key));
                }
            }
        }
        r.finish(s);
        return b.build();
    }

    private RewardSpec readReward(Section s) {
        RewardSpec.Builder b = RewardSpec.newBuilder();
        RewardKind kind = r.requiredEnum(s, "kind", RewardKind.values(), RewardKind.RULE);
        b.setKind(kind);
        r.readDouble(s, "cpu_ms_per_sample", NON_NEGATIVE_NUMBER).ifPresent(b::setCpuMsPerSample);
        r.readInt(s, "workers", POSITIVE_INT).ifPresent(b::setWorkers);
        b.setModel(r.nullableString(s, "model"));
        r.readInt(s, "devices", POSITIVE_INT).ifPresent(b::setDevices);
        r.readInt(s, "tp", POSITIVE_INT).ifPresent(b::setTp);
        if (s.node != null && kind == RewardKind.RULE && !r.invalid.contains(s.path("kind"))) {
            for (Iterator<String> it = s.node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (REWARD_MODEL_ONLY_KEYS.contains(key)) {
                    r.error(s.path(key), "is only used with kind model (a reward model served on its own devices); remove it "
                            + "or set kind: model");
                    r.invalid.add(s.path(key));
                }
            }
        }
        r.finish(s);
        return b.build();
    }
}
