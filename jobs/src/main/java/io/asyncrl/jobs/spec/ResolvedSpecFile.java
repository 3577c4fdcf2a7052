package io.asyncrl.jobs.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.asyncrl.schemas.DistKind;
import io.asyncrl.schemas.PassRateKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * summary.json's {@code spec} (the Avro record the run used, every field filled in) spelled as a spec file, for
 * spec.resolved.yaml: what {@code run} reads back as the same spec. The record holds fields a spec file must not
 * name (a lognormal's unused {@code value}, a rule reward's {@code devices}, {@code rollout_memory_fraction} 0 for
 * the placement's default) and keeps framework settings, hardware options and an inline device in maps of its own;
 * this keeps only the fields each distribution and kind uses, with the reader's own tables, and writes the rest as
 * a spec spells them. The {@code derived} block stays: the reader checks it against the spec
 * ({@link DerivedBlock}).
 */
public final class ResolvedSpecFile {
    private static final YAMLMapper YAML = new YAMLMapper();

    private ResolvedSpecFile() {}

    /** A copy of {@code spec} (summary.json's {@code spec} object) spelled as a spec file. */
    public static ObjectNode of(JsonNode spec) {
        ObjectNode out = spec.deepCopy();
        if (out.get("workload") instanceof ObjectNode w) {
            for (String length : List.of("prompt_tokens", "turns", "tool_tokens")) {
                keep(w.get(length), WorkloadReader.DIST_KEYS, DistKind.class);
            }
            keep(w.get("response_tokens"), WorkloadReader.RESPONSE_KEYS, DistKind.class);
            if (w.get("response_tokens") instanceof ObjectNode response && response.path("prompt_share").isNumber()
                    && response.get("prompt_share").doubleValue() == 0) {
                response.remove("prompt_share"); // 0, each sample drawn alone, is what a spec without it says
            }
            if (w.get("environment") instanceof ObjectNode env) {
                keep(env.get("latency_seconds"), AgenticReader.DELAY_KEYS, DistKind.class);
            }
            keep(w.get("pass_rate"), AgenticReader.PASS_RATE_KEYS, PassRateKind.class);
            if (w.get("reward") instanceof ObjectNode reward && "rule".equals(reward.path("kind").asText())) {
                reward.remove(WorkloadReader.REWARD_MODEL_ONLY_KEYS);
            }
        }
        if (out.get("cluster") instanceof ObjectNode cluster && cluster.path("rollout_memory_fraction").isNumber()
                && cluster.get("rollout_memory_fraction").doubleValue() == 0) {
            cluster.remove("rollout_memory_fraction"); // 0 is the record's "the placement's default"
        }
        if (out.get("framework") instanceof ObjectNode framework && framework.get("settings") instanceof ObjectNode settings) {
            framework.remove("settings");
            settings.fields().forEachRemaining(e -> framework.set(e.getKey(), typed(e.getValue())));
        }
        if (out.get("hardware") instanceof ObjectNode hardware) {
            ObjectNode flat = JsonNodeFactory.instance.objectNode();
            if (hardware.get("options") instanceof ObjectNode options) {
                options.fields().forEachRemaining(e -> flat.set(e.getKey(), typed(e.getValue())));
            }
            if (hardware.get("device") instanceof ObjectNode device && out.get("cluster") instanceof ObjectNode cluster) {
                cluster.set("device", device); // an inline datasheet device is written where a spec gives it
            }
            out.set("hardware", flat);
            if (flat.isEmpty()) {
                out.remove("hardware");
            }
        }
        return out;
    }

    /** Removes the keys the mapping's {@code dist} does not use. */
    private static <K extends Enum<K>> void keep(JsonNode node, Map<K, Set<String>> keys, Class<K> kinds) {
        if (!(node instanceof ObjectNode dist) || !dist.path("dist").isTextual()) {
            return;
        }
        K kind = Enum.valueOf(kinds, dist.get("dist").asText().toUpperCase(Locale.ROOT).replace('-', '_'));
        List<String> unused = new ArrayList<>();
        dist.fieldNames().forEachRemaining(k -> {
            if (!keys.get(kind).contains(k)) {
                unused.add(k);
            }
        });
        dist.remove(unused);
    }

    /**
     * A setting's canonical text as the YAML value that reads back as the same text: a boolean or a number where
     * the text is one, else a string.
     */
    static JsonNode typed(JsonNode value) {
        if (!value.isTextual()) {
            return value;
        }
        String text = value.asText();
        if (text.equals("true") || text.equals("false")) {
            return BooleanNode.valueOf(Boolean.parseBoolean(text));
        }
        try {
            JsonNode parsed = YAML.readTree(text);
            if (parsed != null && parsed.isNumber() && parsed.asText().equals(text)) {
                return parsed;
            }
        } catch (IOException notANumber) {
            // a string
        }
        return TextNode.valueOf(text);
    }
}
