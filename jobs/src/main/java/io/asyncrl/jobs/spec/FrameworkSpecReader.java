package io.asyncrl.jobs.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.asyncrl.hw.FrameworkProfiles;
import io.asyncrl.hw.OptionValues;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.FrameworkSpec;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Reads the spec's {@code framework}: a profile name ({@code framework: verl}) or a mapping with {@code name} and
 * mechanics overridden on top of the profile ({@code framework: {name: verl, param_offload: true}}). Every key and
 * value is checked against {@link FrameworkProfiles}, so a typo is an error naming the field, never a silent default.
 */
final class FrameworkSpecReader {
    private FrameworkSpecReader() {}

    /**
     * The framework's {@code max_num_seqs} becomes {@code cluster.max_num_seqs} when the spec does not set that
     * field itself (the cluster's engine settings, when given, win over the profile's).
     */
    static void fillEngineDefaults(ExperimentSpec.Builder b, JsonNode root) {
        FrameworkSpec f = b.getFramework();
        if (f == null || b.getCluster() == null || root == null || root.path("cluster").has("max_num_seqs")) {
            return;
        }
        try {
            FrameworkProfiles.value(f.getName(), f.getSettings(), FrameworkProfiles.Mechanic.MAX_NUM_SEQS)
                    .ifPresent(v -> b.getCluster().setMaxNumSeqs(Integer.parseInt(v.trim())));
        } catch (IllegalArgumentException alreadyReported) {
            // a bad value was reported by read()
        }
    }

    /** The framework, or null when absent; errors go to {@code error} as (path, message). */
    static FrameworkSpec read(JsonNode node, BiConsumer<String, String> error) {
        if (node == null || node.isNull()) {
            return null;
        }
        String known = String.join(", ", FrameworkProfiles.names());
        String name;
        Map<String, String> settings = new LinkedHashMap<>();
        if (node.isTextual()) {
            name = node.textValue().trim();
        } else if (node.isObject()) {
            JsonNode n = node.get("name");
            if (n == null || !n.isTextual()) {
                error.accept("framework.name", "missing or not a name; give one of " + known
                        + ", e.g. framework: {name: verl, param_offload: true}");
                return null;
            }
            name = n.textValue().trim();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("name")) {
                    continue;
                }
                if (FrameworkProfiles.Mechanic.byKey(e.getKey()).isEmpty()) {
                    error.accept("framework." + e.getKey(), "unknown framework setting '" + e.getKey()
                            + "'" + Suggestions.didYouMean(e.getKey(), FrameworkProfiles.Mechanic.keys())
                            + "; settings allowed: name, " + String.join(", ", FrameworkProfiles.Mechanic.keys()));
                    continue;
                }
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    error.accept("framework." + e.getKey(), "must be "
                            + FrameworkProfiles.Mechanic.byKey(e.getKey()).get().expected() + ", got "
                            + SpecReader.describe(e.getValue()));
                    continue;
                }
                settings.put(e.getKey(), e.getValue().asText());
            }
        } else {
            error.accept("framework", "must be a profile name (" + known + ") or a mapping with name and settings, got "
                    + SpecReader.describe(node));
            return null;
        }
        if (FrameworkProfiles.find(name).isEmpty()) {
            error.accept(node.isTextual() ? "framework" : "framework.name", "unknown framework '" + name + "'"
                    + Suggestions.didYouMean(name, FrameworkProfiles.names()) + "; known: " + known);
            return null;
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            try {
                FrameworkProfiles.options(name, Map.of(e.getKey(), e.getValue()), OptionValues.defaults());
            } catch (IllegalArgumentException bad) {
                error.accept("framework." + e.getKey(), bad.getMessage());
            }
        }
        return new FrameworkSpec(name.toLowerCase(java.util.Locale.ROOT), settings);
    }
}
