package io.asyncrl.jobs.spec;

import static io.asyncrl.jobs.spec.FieldReader.NON_NEGATIVE_INT;
import static io.asyncrl.jobs.spec.FieldReader.NON_NEGATIVE_NUMBER;
import static io.asyncrl.jobs.spec.FieldReader.POSITIVE_INT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncrl.operators.sim.core.StalenessRule;
import io.asyncrl.schemas.AlgorithmKind;
import io.asyncrl.schemas.AlgorithmSpec;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.AsyncSpec;
import io.asyncrl.schemas.ClusterSpec;
import io.asyncrl.schemas.EvaluationSpec;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.HardwareSpec;
import io.asyncrl.schemas.WorkloadSpec;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Walks a parsed YAML tree into an {@link ExperimentSpec}, collecting every schema error (unknown
 * fields, wrong types, missing required fields, keys that do not apply). Fields left out get the
 * defaults of ExperimentSpec.avsc (Avro builders fill them), except {@code async.max_staleness}, whose
 * default follows the mode ({@link StalenessRule}). Where a field is wrong the builder gets a
 * placeholder and the field's path is recorded as invalid so that the semantic checks of
 * {@link SpecValidator} skip it instead of reporting consequential errors. Each section has its reader
 * ({@link ModelReader}, {@link WorkloadReader}, {@link ClusterReader}; the small ones are here); a new
 * section is a new reader called from {@link #readSpec}.
 */
final class SpecReader {

    /** The spec built (with placeholders where fields were wrong), the schema errors, and the wrong paths. */
    record Result(ExperimentSpec spec, List<SpecError> errors, Set<String> invalidPaths) {}

    private final FieldReader r = new FieldReader();

    private SpecReader() {}

    static Result read(JsonNode root, String experimentId) {
        SpecReader reader = new SpecReader();
        ExperimentSpec spec = reader.readSpec(root, experimentId);
        return new Result(spec, List.copyOf(reader.r.errors), Set.copyOf(reader.r.invalid));
    }

    /** YAML spelling of an enum symbol: lower case, '-' for '_' (ONE_STEP_OFF is one-step-off). */
    static String enumName(Enum<?> value) {
        return YamlValues.enumName(value);
    }

    /** A YAML value as error messages name it ({@code string "x"}, {@code a mapping}, ...). */
    static String describe(JsonNode node) {
        return YamlValues.describe(node);
    }

    private ExperimentSpec readSpec(JsonNode root, String experimentId) {
        List<String> topKeys = Section.keysOf(ExperimentSpec.getClassSchema());
        topKeys.remove("id");
        Section top;
        if (root == null || root.isMissingNode() || root.isNull()) {
            r.error("yaml", "the document is empty; an experiment spec is a mapping with " + String.join(", ", topKeys));
            top = Section.absent("", topKeys);
            r.invalid.add("");
        } else if (!root.isObject()) {
            r.error("yaml", "the document must be a mapping with " + String.join(", ", topKeys) + ", got "
                    + YamlValues.describe(root));
            top = Section.absent("", topKeys);
            r.invalid.add("");
        } else {
            top = new Section("", (ObjectNode) root, topKeys, true);
        }

        ExperimentSpec.Builder b = ExperimentSpec.newBuilder();
        b.setId(experimentId == null ? "" : experimentId);
        if (top.node != null && top.node.has("id")) {
            top.allow("id");
            r.error("id", "is assigned when the experiment is submitted (the experiment id), not in the spec file; remove it");
        }
        if (top.node != null && top.node.has(DerivedBlock.FIELD)) {
            top.allow(DerivedBlock.FIELD); // spec.resolved.yaml's output-only block, checked against the spec (SpecLoader)
        }
        b.setName(r.requiredString(top, "name", "a name for the experiment, e.g. name: qwen2.5-7b-grpo-async").orElse(""));
        r.readLong(top, "seed").ifPresent(b::setSeed);
        b.setModel(new ModelReader(r).read(top));
        b.setAlgorithm(readAlgorithm(r.requiredSection(top, "algorithm",
                "e.g. algorithm: {kind: grpo, group_size: 16, prompts_per_step: 512, minibatches: 4, steps: 50}",
                AlgorithmSpec.getClassSchema())));
        b.setWorkload(new WorkloadReader(r).read(r.requiredSection(top, "workload",
                "a mapping with prompt_tokens, response_tokens and reward", WorkloadSpec.getClassSchema())));
        ClusterReader cluster = new ClusterReader(r);
        b.setCluster(cluster.read(r.requiredSection(top, "cluster",
                "a mapping with device, placement, rollout and train", ClusterSpec.getClassSchema())));
        b.setAsync(readAsync(r.requiredSection(top, "async",
                "e.g. async: {mode: async, max_staleness: 4, partial_rollout: true}", AsyncSpec.getClassSchema())));
        b.setEvaluation(readEvaluation(r.optionalSection(top, "evaluation", EvaluationSpec.getClassSchema())));
        HardwareOptionsReader.Result hardware = HardwareOptionsReader.read(top.get(HardwareOptionsReader.FIELD));
        r.errors.addAll(hardware.errors());
        r.invalid.addAll(hardware.invalidPaths());
        b.setHardware(HardwareSpec.newBuilder().setOptions(hardware.options()).setDevice(cluster.inlineDevice()).build());
        b.setFramework(FrameworkSpecReader.read(top.get("framework"), (path, message) -> {
            r.error(path, message);
            r.invalid.add(path);
        }));
        FrameworkSpecReader.fillEngineDefaults(b, root);
        r.finish(top);
        return b.build();
    }

    private AlgorithmSpec readAlgorithm(Section s) {
        AlgorithmSpec.Builder b = AlgorithmSpec.newBuilder();
        b.setKind(r.requiredEnum(s, "kind", AlgorithmKind.values(), AlgorithmKind.GRPO));
        r.readInt(s, "group_size", POSITIVE_INT).ifPresent(b::setGroupSize);
        r.readInt(s, "prompts_per_step", POSITIVE_INT).ifPresent(b::setPromptsPerStep);
        r.readInt(s, "minibatches", POSITIVE_INT).ifPresent(b::setMinibatches);
        r.readInt(s, "steps", POSITIVE_INT).ifPresent(b::setSteps);
        r.readBoolean(s, "dynamic_sampling").ifPresent(b::setDynamicSampling);
        r.finish(s);
        return b.build();
    }

    private AsyncSpec readAsync(Section s) {
        AsyncSpec.Builder b = AsyncSpec.newBuilder();
        AsyncMode mode = r.requiredEnum(s, "mode", AsyncMode.values(), AsyncMode.ASYNC);
        b.setMode(mode);
        OptionalInt staleness = r.readInt(s, "max_staleness", NON_NEGATIVE_INT);
        if (staleness.isPresent()) {
            b.setMaxStaleness(staleness.getAsInt());
        } else {
            StalenessRule.fixedBy(mode).ifPresent(b::setMaxStaleness);
        }
        r.readBoolean(s, "partial_rollout").ifPresent(b::setPartialRollout);
        r.readBoolean(s, "streaming").ifPresent(b::setStreaming);
        b.setStalenessThreshold(r.nullableDouble(s, "staleness_threshold", NON_NEGATIVE_NUMBER));
        r.readInt(s, "updates_per_sync", POSITIVE_INT).ifPresent(b::setUpdatesPerSync);
        b.setPolicy(PolicyReader.read(r, s));
        r.finish(s);
        return b.build();
    }

    private EvaluationSpec readEvaluation(Section s) {
        EvaluationSpec.Builder b = EvaluationSpec.newBuilder();
        r.readInt(s, "every_steps", NON_NEGATIVE_INT).ifPresent(b::setEverySteps);
        r.readInt(s, "prompts", NON_NEGATIVE_INT).ifPresent(b::setPrompts);
        r.readInt(s, "response_tokens", NON_NEGATIVE_INT).ifPresent(b::setResponseTokens);
        r.readInt(s, "devices", NON_NEGATIVE_INT).ifPresent(b::setDevices);
        r.finish(s);
        return b.build();
    }
}
