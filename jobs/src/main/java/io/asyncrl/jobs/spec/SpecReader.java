package io.asyncrl.jobs.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncrl.schemas.AlgorithmKind;
import io.asyncrl.schemas.AlgorithmSpec;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.AsyncSpec;
import io.asyncrl.schemas.ClusterSpec;
import io.asyncrl.schemas.DeviceSpec;
import io.asyncrl.schemas.DistKind;
import io.asyncrl.schemas.EvaluationSpec;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.HardwareSpec;
import io.asyncrl.schemas.LengthDist;
import io.asyncrl.schemas.ModelSpec;
import io.asyncrl.schemas.Placement;
import io.asyncrl.schemas.RewardKind;
import io.asyncrl.schemas.RewardSpec;
import io.asyncrl.schemas.RoleSpec;
import io.asyncrl.schemas.WorkloadSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Walks a parsed YAML tree into an {@link ExperimentSpec}, collecting every schema error (unknown
 * fields, wrong types, missing required fields, keys that do not apply). Fields left out get the
 * defaults of ExperimentSpec.avsc (Avro builders fill them), except {@code async.max_staleness}, whose
 * default follows the mode. Where a field is wrong the builder gets a placeholder and the field's path
 * is recorded as invalid so that the semantic checks of {@link SpecValidator} skip it instead of
 * reporting consequential errors.
 */
final class SpecReader {

    /** The spec built (with placeholders where fields were wrong), the schema errors, and the wrong paths. */
    record Result(ExperimentSpec spec, List<SpecError> errors, Set<String> invalidPaths) {}

    static final String POSITIVE_INT = "a positive integer";
    static final String NON_NEGATIVE_INT = "a non-negative integer";
    static final String INTEGER = "an integer";
    static final String NON_NEGATIVE_NUMBER = "a non-negative number";
    static final String POSITIVE_NUMBER = "a positive number";

    private static final Map<DistKind, Set<String>> DIST_KEYS = Map.of(
            DistKind.FIXED, Set.of("dist", "value"),
            DistKind.UNIFORM, Set.of("dist", "min", "max"),
            DistKind.LOGNORMAL, Set.of("dist", "median", "sigma", "min", "max"));

    private static final Set<String> REWARD_MODEL_ONLY_KEYS = Set.of("model", "devices", "tp");

    private final List<SpecError> errors = new ArrayList<>();
    private final Set<String> invalid = new LinkedHashSet<>();
    /** cluster.device given as a datasheet mapping; travels in ExperimentSpec.hardware.device. */
    private DeviceSpec inlineDevice;

    private SpecReader() {}

    static Result read(JsonNode root, String experimentId) {
        SpecReader reader = new SpecReader();
        ExperimentSpec spec = reader.readSpec(root, experimentId);
        return new Result(spec, List.copyOf(reader.errors), Set.copyOf(reader.invalid));
    }

    // ---------------------------------------------------------------- sections

    private ExperimentSpec readSpec(JsonNode root, String experimentId) {
        List<String> topKeys = keysOf(ExperimentSpec.getClassSchema());
        topKeys.remove("id");
        Section top;
        if (root == null || root.isMissingNode() || root.isNull()) {
            error("yaml", "the document is empty; an experiment spec is a mapping with " + String.join(", ", topKeys));
            top = Section.absent("", topKeys);
            invalid.add("");
        } else if (!root.isObject()) {
            error("yaml", "the document must be a mapping with " + String.join(", ", topKeys) + ", got " + describe(root));
            top = Section.absent("", topKeys);
            invalid.add("");
        } else {
            top = new Section("", (ObjectNode) root, topKeys, true);
        }

        ExperimentSpec.Builder b = ExperimentSpec.newBuilder();
        b.setId(experimentId == null ? "" : experimentId);
        if (top.node != null && top.node.has("id")) {
            top.allow("id");
            error("id", "is assigned when the experiment is submitted (the experiment id), not in the spec file; remove it");
        }
        b.setName(requiredString(top, "name", "a name for the experiment, e.g. name: qwen2.5-7b-grpo-async").orElse(""));
        readLong(top, "seed").ifPresent(b::setSeed);
        b.setModel(readModel(top));
        b.setAlgorithm(readAlgorithm(requiredSection(top, "algorithm",
                "e.g. algorithm: {kind: grpo, group_size: 16, prompts_per_step: 512, minibatches: 4, steps: 50}",
                AlgorithmSpec.getClassSchema())));
        b.setWorkload(readWorkload(requiredSection(top, "workload",
                "a mapping with prompt_tokens, response_tokens and reward", WorkloadSpec.getClassSchema())));
        b.setCluster(readCluster(requiredSection(top, "cluster",
                "a mapping with device, placement, rollout and train", ClusterSpec.getClassSchema())));
        b.setAsync(readAsync(requiredSection(top, "async",
                "e.g. async: {mode: async, max_staleness: 4, partial_rollout: true}", AsyncSpec.getClassSchema())));
        b.setEvaluation(readEvaluation(optionalSection(top, "evaluation", EvaluationSpec.getClassSchema())));
        HardwareOptionsReader.Result hardware = HardwareOptionsReader.read(top.get(HardwareOptionsReader.FIELD));
        errors.addAll(hardware.errors());
        invalid.addAll(hardware.invalidPaths());
        b.setHardware(HardwareSpec.newBuilder().setOptions(hardware.options()).setDevice(inlineDevice).build());
        b.setFramework(FrameworkSpecReader.read(top.get("framework"), (path, message) -> {
            error(path, message);
            invalid.add(path);
        }));
        FrameworkSpecReader.fillEngineDefaults(b, root);
        finish(top);
        return b.build();
    }

    private ModelSpec readModel(Section top) {
        JsonNode node = top.get("model");
        String path = "model";
        ModelSpec.Builder b = ModelSpec.newBuilder();
        List<String> keys = keysOf(ModelSpec.getClassSchema());
        String mapping = "{" + keys.stream().map(k -> k + ":").collect(Collectors.joining(", ")) + "}";
        if (node == null) {
            if (top.reportMissing) {
                error(path, "missing required field; give a catalog model name (e.g. model: qwen2.5-7b) or a custom architecture "
                        + mapping);
            }
            invalid.add(path);
            return b.setName("").build();
        }
        if (node.isTextual()) {
            return b.setName(node.textValue()).build();
        }
        if (!node.isObject()) {
            error(path, "must be a catalog model name (e.g. qwen2.5-7b) or a mapping " + mapping + ", got " + describe(node));
            invalid.add(path);
            return b.setName("").build();
        }
        Section s = new Section(path, (ObjectNode) node, keys, true);
        b.setName(requiredString(s, "name", "the catalog name or the name of the custom architecture").orElse(""));
        b.setLayers(nullableInt(s, "layers", POSITIVE_INT));
        b.setHidden(nullableInt(s, "hidden", POSITIVE_INT));
        b.setHeads(nullableInt(s, "heads", POSITIVE_INT));
        b.setKvHeads(nullableInt(s, "kv_heads", POSITIVE_INT));
        b.setHeadDim(nullableInt(s, "head_dim", POSITIVE_INT));
        b.setFfn(nullableInt(s, "ffn", POSITIVE_INT));
        b.setVocab(nullableInt(s, "vocab", POSITIVE_INT));
        b.setParamsB(nullableDouble(s, "params_b", POSITIVE_NUMBER));
        b.setActiveParamsB(nullableDouble(s, "active_params_b", POSITIVE_NUMBER));
        ModelFieldReader.read(s.node, path, b, this::error, invalid::add);
        finish(s);
        return b.build();
    }

    private AlgorithmSpec readAlgorithm(Section s) {
        AlgorithmSpec.Builder b = AlgorithmSpec.newBuilder();
        b.setKind(requiredEnum(s, "kind", AlgorithmKind.values(), AlgorithmKind.GRPO));
        readInt(s, "group_size", POSITIVE_INT).ifPresent(b::setGroupSize);
        readInt(s, "prompts_per_step", POSITIVE_INT).ifPresent(b::setPromptsPerStep);
        readInt(s, "minibatches", POSITIVE_INT).ifPresent(b::setMinibatches);
        readInt(s, "steps", POSITIVE_INT).ifPresent(b::setSteps);
        finish(s);
        return b.build();
    }

    private WorkloadSpec readWorkload(Section s) {
        WorkloadSpec.Builder b = WorkloadSpec.newBuilder();
        b.setPromptTokens(readLengthDist(requiredSection(s, "prompt_tokens",
                "e.g. prompt_tokens: {dist: fixed, value: 1024}", LengthDist.getClassSchema())));
        b.setResponseTokens(readLengthDist(requiredSection(s, "response_tokens",
                "e.g. response_tokens: {dist: lognormal, median: 6000, sigma: 0.9, max: 27648}", LengthDist.getClassSchema())));
        b.setReward(readReward(requiredSection(s, "reward",
                "e.g. reward: {kind: rule, cpu_ms_per_sample: 20, workers: 64}", RewardSpec.getClassSchema())));
        finish(s);
        return b.build();
    }

    private LengthDist readLengthDist(Section s) {
        LengthDist.Builder b = LengthDist.newBuilder();
        DistKind kind = requiredEnum(s, "dist", DistKind.values(), DistKind.FIXED);
        b.setDist(kind);
        readInt(s, "value", POSITIVE_INT).ifPresent(b::setValue);
        readInt(s, "min", POSITIVE_INT).ifPresent(b::setMin);
        readDouble(s, "median", POSITIVE_NUMBER).ifPresent(b::setMedian);
        readDouble(s, "sigma", NON_NEGATIVE_NUMBER).ifPresent(b::setSigma);
        readInt(s, "max", POSITIVE_INT).ifPresent(b::setMax);
        if (s.node != null && !invalid.contains(s.path("dist"))) {
            Set<String> used = DIST_KEYS.get(kind);
            List<String> usedInOrder = s.keys.stream().filter(used::contains).filter(k -> !k.equals("dist")).toList();
            for (Iterator<String> it = s.node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (s.keys.contains(key) && !used.contains(key)) {
                    error(s.path(key), "is not used by dist " + enumName(kind) + " (" + enumName(kind) + " uses "
                            + String.join(", ", usedInOrder) + "); remove it");
                    invalid.add(s.path(key));
                }
            }
        }
        finish(s);
        return b.build();
    }

    private RewardSpec readReward(Section s) {
        RewardSpec.Builder b = RewardSpec.newBuilder();
        RewardKind kind = requiredEnum(s, "kind", RewardKind.values(), RewardKind.RULE);
        b.setKind(kind);
        readDouble(s, "cpu_ms_per_sample", NON_NEGATIVE_NUMBER).ifPresent(b::setCpuMsPerSample);
        readInt(s, "workers", POSITIVE_INT).ifPresent(b::setWorkers);
        b.setModel(nullableString(s, "model"));
        readInt(s, "devices", POSITIVE_INT).ifPresent(b::setDevices);
        readInt(s, "tp", POSITIVE_INT).ifPresent(b::setTp);
        if (s.node != null && kind == RewardKind.RULE && !invalid.contains(s.path("kind"))) {
            for (Iterator<String> it = s.node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (REWARD_MODEL_ONLY_KEYS.contains(key)) {
                    error(s.path(key), "is only used with kind model (a reward model served on its own devices); remove it "
                            + "or set kind: model");
                    invalid.add(s.path(key));
                }
            }
        }
        finish(s);
        return b.build();
    }

    private ClusterSpec readCluster(Section s) {
        ClusterSpec.Builder b = ClusterSpec.newBuilder();
        JsonNode deviceNode = s.get("device");
        if (deviceNode != null && deviceNode.isObject()) {
            DeviceFieldReader.Result device = DeviceFieldReader.read(s.path("device"), deviceNode);
            errors.addAll(device.errors());
            invalid.addAll(device.invalidPaths());
            inlineDevice = device.device();
            b.setDevice(device.name());
        } else {
            b.setDevice(requiredString(s, "device", "a catalog device name, e.g. device: h800-sxm, or an inline datasheet "
                    + "mapping {" + String.join(", ", DeviceFieldReader.keys()) + "}").orElse(""));
        }
        b.setPlacement(requiredEnum(s, "placement", Placement.values(), Placement.DISAGGREGATED));
        b.setRollout(readRole(requiredSection(s, "rollout", "e.g. rollout: {devices: 96, tp: 1}", RoleSpec.getClassSchema())));
        b.setTrain(readRole(requiredSection(s, "train", "e.g. train: {devices: 32, tp: 2}", RoleSpec.getClassSchema())));
        readInt(s, "max_num_seqs", POSITIVE_INT).ifPresent(b::setMaxNumSeqs);
        readInt(s, "queue_depth", NON_NEGATIVE_INT).ifPresent(b::setQueueDepth);
        readBoolean(s, "rollout_eager").ifPresent(b::setRolloutEager);
        OptionalDouble fraction = readDouble(s, "rollout_memory_fraction", "a number in (0, 1]");
        if (fraction.isPresent()) {
            double f = fraction.getAsDouble();
            if (f > 0.0 && f <= 1.0) {
                b.setRolloutMemoryFraction(f);
            } else {
                error(s.path("rollout_memory_fraction"), "must be a number in (0, 1] (the share of each rollout device's "
                        + "memory the engine may use, like vLLM's gpu_memory_utilization), got " + f
                        + "; remove it for the placement's default");
                invalid.add(s.path("rollout_memory_fraction"));
            }
        }
        finish(s);
        return b.build();
    }

    private RoleSpec readRole(Section s) {
        RoleSpec.Builder b = RoleSpec.newBuilder();
        b.setDevices(requiredInt(s, "devices", POSITIVE_INT).orElse(1));
        readInt(s, "tp", POSITIVE_INT).ifPresent(b::setTp);
        readInt(s, "pp", POSITIVE_INT).ifPresent(b::setPp);
        finish(s);
        return b.build();
    }

    private AsyncSpec readAsync(Section s) {
        AsyncSpec.Builder b = AsyncSpec.newBuilder();
        AsyncMode mode = requiredEnum(s, "mode", AsyncMode.values(), AsyncMode.ASYNC);
        b.setMode(mode);
        OptionalInt staleness = readInt(s, "max_staleness", NON_NEGATIVE_INT);
        if (staleness.isPresent()) {
            b.setMaxStaleness(staleness.getAsInt());
        } else if (mode == AsyncMode.SYNC) {
            b.setMaxStaleness(0);
        } else if (mode == AsyncMode.ONE_STEP_OFF) {
            b.setMaxStaleness(1);
        }
        readBoolean(s, "partial_rollout").ifPresent(b::setPartialRollout);
        readBoolean(s, "streaming").ifPresent(b::setStreaming);
        b.setStalenessThreshold(nullableDouble(s, "staleness_threshold", NON_NEGATIVE_NUMBER));
        readInt(s, "updates_per_sync", POSITIVE_INT).ifPresent(b::setUpdatesPerSync);
        finish(s);
        return b.build();
    }

    private EvaluationSpec readEvaluation(Section s) {
        EvaluationSpec.Builder b = EvaluationSpec.newBuilder();
        readInt(s, "every_steps", NON_NEGATIVE_INT).ifPresent(b::setEverySteps);
        readInt(s, "prompts", NON_NEGATIVE_INT).ifPresent(b::setPrompts);
        readInt(s, "response_tokens", NON_NEGATIVE_INT).ifPresent(b::setResponseTokens);
        readInt(s, "devices", NON_NEGATIVE_INT).ifPresent(b::setDevices);
        finish(s);
        return b.build();
    }

    // ---------------------------------------------------------------- field readers

    private Section requiredSection(Section parent, String key, String hint, Schema schema) {
        return section(parent, key, hint, schema, true);
    }

    private Section optionalSection(Section parent, String key, Schema schema) {
        return section(parent, key, null, schema, false);
    }

    private Section section(Section parent, String key, String hint, Schema schema, boolean required) {
        String path = parent.path(key);
        List<String> keys = keysOf(schema);
        JsonNode node = parent.get(key);
        if (node == null) {
            if (required) {
                if (parent.reportMissing) {
                    error(path, "missing required section; " + hint);
                }
                invalid.add(path);
            }
            return Section.absent(path, keys);
        }
        if (!node.isObject()) {
            error(path, "must be a mapping with " + String.join(", ", keys) + ", got " + describe(node));
            invalid.add(path);
            return Section.absent(path, keys);
        }
        return new Section(path, (ObjectNode) node, keys, true);
    }

    private Optional<String> requiredString(Section s, String key, String hint) {
        JsonNode node = s.get(key);
        String path = s.path(key);
        if (node == null) {
            if (s.reportMissing) {
                error(path, "missing required field; give " + hint);
            }
            invalid.add(path);
            return Optional.empty();
        }
        return string(path, node);
    }

    private String nullableString(Section s, String key) {
        JsonNode node = s.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        return string(s.path(key), node).orElse(null);
    }

    private Optional<String> string(String path, JsonNode node) {
        if (!node.isTextual()) {
            error(path, "must be a string, got " + describe(node));
            invalid.add(path);
            return Optional.empty();
        }
        return Optional.of(node.textValue());
    }

    private OptionalInt requiredInt(Section s, String key, String expected) {
        JsonNode node = s.get(key);
        String path = s.path(key);
        if (node == null) {
            if (s.reportMissing) {
                error(path, "missing required field; must be " + expected);
            }
            invalid.add(path);
            return OptionalInt.empty();
        }
        return integer(path, node, expected);
    }

    private OptionalInt readInt(Section s, String key, String expected) {
        JsonNode node = s.get(key);
        return node == null ? OptionalInt.empty() : integer(s.path(key), node, expected);
    }

    private Integer nullableInt(Section s, String key, String expected) {
        JsonNode node = s.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        OptionalInt v = integer(s.path(key), node, expected);
        return v.isPresent() ? v.getAsInt() : null;
    }

    private OptionalInt integer(String path, JsonNode node, String expected) {
        if (node.isNull()) {
            return noValue(path, expected, OptionalInt.empty());
        }
        if (node.isNumber() && isIntegral(node)) {
            if (node.canConvertToInt()) {
                return OptionalInt.of(node.intValue());
            }
            error(path, "must be " + expected + " no larger than " + Integer.MAX_VALUE + ", got " + describe(node));
        } else {
            error(path, "must be " + expected + ", got " + describe(node));
        }
        invalid.add(path);
        return OptionalInt.empty();
    }

    private OptionalLong readLong(Section s, String key) {
        JsonNode node = s.get(key);
        if (node == null) {
            return OptionalLong.empty();
        }
        String path = s.path(key);
        if (node.isNull()) {
            return noValue(path, INTEGER, OptionalLong.empty());
        }
        if (node.isNumber() && isIntegral(node) && node.canConvertToLong()) {
            return OptionalLong.of(node.longValue());
        }
        error(path, "must be " + INTEGER + " (64-bit), got " + describe(node));
        invalid.add(path);
        return OptionalLong.empty();
    }

    private OptionalDouble readDouble(Section s, String key, String expected) {
        JsonNode node = s.get(key);
        if (node == null) {
            return OptionalDouble.empty();
        }
        return number(s.path(key), node, expected);
    }

    private Double nullableDouble(Section s, String key, String expected) {
        JsonNode node = s.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        OptionalDouble v = number(s.path(key), node, expected);
        return v.isPresent() ? v.getAsDouble() : null;
    }

    private OptionalDouble number(String path, JsonNode node, String expected) {
        if (node.isNull()) {
            return noValue(path, expected, OptionalDouble.empty());
        }
        if (node.isNumber() && Double.isFinite(node.doubleValue())) {
            return OptionalDouble.of(node.doubleValue());
        }
        error(path, "must be " + expected + ", got " + describe(node));
        invalid.add(path);
        return OptionalDouble.empty();
    }

    private Optional<Boolean> readBoolean(Section s, String key) {
        JsonNode node = s.get(key);
        if (node == null) {
            return Optional.empty();
        }
        String path = s.path(key);
        if (node.isNull()) {
            return noValue(path, "true or false", Optional.empty());
        }
        if (node.isBoolean()) {
            return Optional.of(node.booleanValue());
        }
        error(path, "must be true or false, got " + describe(node));
        invalid.add(path);
        return Optional.empty();
    }

    private <E extends Enum<E>> E requiredEnum(Section s, String key, E[] values, E placeholder) {
        JsonNode node = s.get(key);
        String path = s.path(key);
        List<String> names = java.util.Arrays.stream(values).map(SpecReader::enumName).toList();
        String choices = String.join(" | ", names);
        if (node == null) {
            if (s.reportMissing) {
                error(path, "missing required field; must be one of " + choices);
            }
            invalid.add(path);
            return placeholder;
        }
        if (node.isTextual()) {
            String given = node.textValue().trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (E value : values) {
                if (enumName(value).equals(given)) {
                    return value;
                }
            }
            error(path, "unknown value '" + node.textValue() + "'; must be one of " + choices
                    + Suggestions.didYouMean(given, names));
        } else {
            error(path, "must be one of " + choices + ", got " + describe(node));
        }
        invalid.add(path);
        return placeholder;
    }

    private <T> T noValue(String path, String expected, T empty) {
        error(path, "has no value; give " + expected + ", or remove the key to use the default");
        invalid.add(path);
        return empty;
    }

    // ---------------------------------------------------------------- helpers

    /** YAML spelling of an enum symbol: lower case, '-' for '_' (ONE_STEP_OFF is one-step-off). */
    static String enumName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static boolean isIntegral(JsonNode node) {
        if (node.isIntegralNumber()) {
            return true;
        }
        double d = node.doubleValue();
        return Double.isFinite(d) && d == Math.rint(d);
    }

    static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "string \"" + node.textValue() + "\"";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isNull()) {
            return "null";
        }
        return node.asText();
    }

    private static List<String> keysOf(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).collect(Collectors.toCollection(ArrayList::new));
    }

    private void error(String path, String message) {
        errors.add(new SpecError(path, message));
    }

    /** Reports every key of the section's mapping that the schema does not have. */
    private void finish(Section s) {
        if (s.node == null) {
            return;
        }
        for (Iterator<String> it = s.node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (s.keys.contains(key) || s.allowedExtra.contains(key)) {
                continue;
            }
            String where = s.path.isEmpty() ? "at the top level" : "in " + s.path;
            error(s.path(key), "unknown field '" + key + "'" + Suggestions.didYouMean(key, s.keys)
                    + "; fields allowed " + where + ": " + String.join(", ", s.keys));
            invalid.add(s.path(key));
        }
    }

    /** A YAML mapping being read, with the keys it may hold. */
    private static final class Section {
        final String path;
        final ObjectNode node;
        final List<String> keys;
        /** False when the section itself is missing or wrong: its fields are then not reported one by one. */
        final boolean reportMissing;
        final Set<String> allowedExtra = new LinkedHashSet<>();

        Section(String path, ObjectNode node, List<String> keys, boolean reportMissing) {
            this.path = path;
            this.node = node;
            this.keys = keys;
            this.reportMissing = reportMissing;
        }

        static Section absent(String path, List<String> keys) {
            return new Section(path, null, keys, false);
        }

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        JsonNode get(String key) {
            if (!keys.contains(key) && !allowedExtra.contains(key)) {
                throw new IllegalStateException("key " + key + " is not in the schema of " + path);
            }
            return node == null ? null : node.get(key);
        }

        void allow(String key) {
            allowedExtra.add(key);
        }
    }
}
