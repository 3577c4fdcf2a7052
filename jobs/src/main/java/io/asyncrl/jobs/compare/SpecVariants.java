package io.asyncrl.jobs.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.asyncrl.jobs.spec.ExperimentIds;
import io.asyncrl.jobs.spec.SpecError;
import io.asyncrl.jobs.spec.SpecException;
import io.asyncrl.jobs.spec.SpecLoader;
import io.asyncrl.schemas.ExperimentSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives variant specs by setting fields on a spec's YAML tree (dotted paths, {@code ~} removes a
 * key) and then reading the edited YAML through {@link SpecLoader}, so every variant is validated
 * with the same field-named errors as a spec file. The experiment id hashes the variant's YAML:
 * distinct variants get distinct ids, and the same variant always the same one.
 */
public final class SpecVariants {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private final String baseText;
    private final String source;

    public SpecVariants(String baseText, String source) {
        this.baseText = baseText;
        this.source = source;
    }

    /** The base spec with {@code settings} applied (in order), validated; the name gets the label. */
    public Variant variant(Map<String, String> settings, String label) {
        ObjectNode root = tree();
        for (Map.Entry<String, String> s : settings.entrySet()) {
            set(root, s.getKey(), s.getValue());
        }
        String baseName = root.path("name").asText("spec");
        String name = (baseName + "." + sanitize(label));
        if (name.length() > 128) {
            name = name.substring(0, 128);
        }
        root.put("name", name);
        String yaml;
        try {
            yaml = YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing a variant's YAML", e);
        }
        String where = source + " [" + label + "]";
        ExperimentSpec spec = SpecLoader.parse(yaml, where, ExperimentIds.forSpec(name, yaml), SpecLoader.folderOf(source));
        return new Variant(label, Map.copyOf(settings), spec, yaml);
    }

    /** These variants with top-level {@code key} set to {@code value} in the base spec (added last when absent). */
    public SpecVariants withTopLevel(String key, String value) {
        ObjectNode root = tree();
        root.put(key, value);
        return written(root);
    }

    /** These variants with {@code path} ({@code a.b.c}) set to {@code value} in the base spec, as {@link #set} sets it. */
    public SpecVariants withSetting(String path, String value) {
        ObjectNode root = tree();
        set(root, path, value);
        return written(root);
    }

    private SpecVariants written(ObjectNode root) {
        try {
            return new SpecVariants(YAML.writeValueAsString(root), source);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing a spec's YAML", e);
        }
    }

    /** The base spec's YAML tree, for callers that need to read a field before choosing settings. */
    public ObjectNode tree() {
        try {
            JsonNode n = YAML.readTree(baseText);
            if (!(n instanceof ObjectNode o)) {
                throw new SpecException(source, List.of(new SpecError("yaml", "a spec is a mapping at the top level")));
            }
            // a spec.resolved.yaml's derived block describes the spec it came from, not a variant of it (whose
            // placement or staleness it would contradict): variants are worked out afresh
            o.remove("derived");
            return o;
        } catch (JsonProcessingException e) {
            // SpecLoader gives the precise syntax error with line and column.
            SpecLoader.parse(baseText, source, "pending");
            throw new IllegalStateException("unreachable: the loader accepted what the mapper refused", e);
        }
    }

    /**
     * Sets {@code a.b.c} to {@code value} read as a YAML scalar (number, boolean, string); {@code null} or {@code ~}
     * removes it. An unquoted {@code --set a.b=~} reaches the program as the home folder (the shell expands a tilde
     * after '='), which no spec field takes as a value: it is refused, saying to write {@code null}.
     */
    public static void set(ObjectNode root, String path, String value) {
        String home = System.getProperty("user.home");
        if (home != null && !home.isEmpty() && (value.equals(home) || value.equals(home + "/"))) {
            throw new SpecException("--set " + path + "=" + value, List.of(new SpecError(path, value + " is your home "
                    + "folder, which the shell put in place of an unquoted ~; to remove the field write " + path
                    + "=null (or quote the tilde: '" + path + "=~')")));
        }
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            String rest = String.join(".", java.util.Arrays.copyOfRange(parts, i, parts.length));
            if (node.has(rest)) {
                // a key written flat (hardware: {inference.time-scale: 1.4}): set it where it is, not a nested copy
                // beside it that would win or lose by its place in the mapping
                setValue(node, rest, value);
                return;
            }
            JsonNode child = node.get(parts[i]);
            if (child == null || child.isNull()) {
                child = node.putObject(parts[i]);
            } else if (!(child instanceof ObjectNode)) {
                throw new SpecException("--set " + path, List.of(new SpecError(
                        String.join(".", java.util.Arrays.copyOf(parts, i + 1)), "is not a mapping, cannot set "
                        + path)));
            }
            node = (ObjectNode) child;
        }
        setValue(node, parts[parts.length - 1], value);
    }

    private static void setValue(ObjectNode node, String key, String value) {
        if (value.equals("~") || value.equals("null")) {
            node.remove(key);
            return;
        }
        try {
            node.set(key, YAML.readTree(value));
        } catch (JsonProcessingException e) {
            node.put(key, value);
        }
    }

    /**
     * The variant's YAML with a {@code hardware: {include: FILE}} replaced by the options it resolved to (the included
     * file's, under the spec's own), written flat: a spec written somewhere else (plan's recommended.yaml in its --out
     * folder) then runs as it was planned, without a path relative to the folder it came from. A variant without an
     * include is returned as it is.
     */
    public static String withHardwareInlined(Variant v) {
        try {
            JsonNode n = YAML.readTree(v.yaml());
            if (!(n instanceof ObjectNode root) || !(root.get("hardware") instanceof ObjectNode hw) || !hw.has("include")) {
                return v.yaml();
            }
            ObjectNode options = root.objectNode();
            for (Map.Entry<String, String> o : new java.util.TreeMap<>(v.spec().getHardware().getOptions()).entrySet()) {
                setValue(options, o.getKey(), o.getValue());
            }
            root.set("hardware", options);
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rewriting a variant's YAML", e);
        }
    }

    /** Label text safe inside a spec name. */
    static String sanitize(String label) {
        return label.replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    /** Ordered settings from alternating path, value arguments. */
    public static Map<String, String> settings(String... pathValue) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pathValue.length; i += 2) {
            m.put(pathValue[i], pathValue[i + 1]);
        }
        return m;
    }

    /**
     * The settings that turn any spec into a synchronous colocated run on {@code devices} devices (both roles on the
     * same devices, the TPs as the spec has them): the asynchronous-only fields go back to their defaults.
     */
    public static Map<String, String> colocatedSync(int devices) {
        return settings("cluster.placement", "colocated", "cluster.rollout.devices", String.valueOf(devices),
                "cluster.train.devices", String.valueOf(devices), "async.mode", "sync", "async.max_staleness", "~",
                "async.partial_rollout", "~", "async.streaming", "~", "async.staleness_threshold", "~",
                "async.updates_per_sync", "~");
    }

    /** Validates every variant, collecting all refusals into one exception naming each variant. */
    public static List<Variant> all(List<java.util.function.Supplier<Variant>> makers) {
        List<Variant> out = new ArrayList<>();
        List<SpecException> refused = new ArrayList<>();
        for (var m : makers) {
            try {
                out.add(m.get());
            } catch (SpecException e) {
                refused.add(e);
            }
        }
        if (!refused.isEmpty()) {
            throw new VariantsRefused(refused);
        }
        return out;
    }

    /** One or more variants were refused; the message lists every problem as variant source: field: message. */
    public static final class VariantsRefused extends SpecException {
        private static final long serialVersionUID = 1L;
        private final String message;

        VariantsRefused(List<SpecException> refused) {
            super(refused.get(0).source(), refused.stream().flatMap(e -> e.errors().stream()).toList());
            this.message = String.join("\n", refused.stream().map(SpecException::getMessage).toList());
        }

        @Override
        public String getMessage() {
            return message;
        }
    }
}
