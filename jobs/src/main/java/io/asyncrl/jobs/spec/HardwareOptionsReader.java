package io.asyncrl.jobs.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.asyncrl.hw.HardwareModelOptions;
import io.asyncrl.hw.Option;
import io.asyncrl.hw.OptionRanges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a spec's top-level {@code hardware:} block: overrides of {@code HardwareModelOptions} by key,
 * written flat ({@code train.mfu: 0.42}) or nested ({@code train: {mfu: 0.42}}, which is what
 * {@code --set hardware.train.mfu=0.42} produces), and optionally {@code include: FILE.yaml}, a file
 * written by {@code asyncrl calibrate} whose options the spec's own keys override. Unknown keys get a
 * did-you-mean; values outside an option's range are refused naming the range.
 */
final class HardwareOptionsReader {
    static final String FIELD = "hardware";
    static final String INCLUDE = "include";

    private static final YAMLMapper YAML = new YAMLMapper();

    /** The options read (key to canonical value), the errors, and the wrong paths. */
    record Result(Map<String, String> options, List<SpecError> errors, Set<String> invalidPaths) {}

    private HardwareOptionsReader() {}

    static List<String> keys() {
        return HardwareModelOptions.all().stream().map(Option::key).toList();
    }

    /**
     * Replaces {@code hardware.include} by the options of the named file (relative to {@code baseDir}); the
     * spec's own keys win. Returns the errors (a missing or malformed file).
     */
    static List<SpecError> expandInclude(JsonNode root, Path baseDir) {
        if (!(root instanceof ObjectNode top) || !(top.get(FIELD) instanceof ObjectNode hardware)
                || hardware.get(INCLUDE) == null) {
            return List.of();
        }
        String path = FIELD + "." + INCLUDE;
        JsonNode include = hardware.remove(INCLUDE);
        if (!include.isTextual() || include.textValue().isBlank()) {
            return List.of(new SpecError(path, "must be the path of a YAML file with a hardware: block (as written by "
                    + "asyncrl calibrate --out), got " + SpecReader.describe(include)));
        }
        Path file = baseDir.resolve(include.textValue().trim());
        JsonNode included;
        try {
            included = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            return List.of(new SpecError(path, "cannot read " + file + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); the path is relative to the spec file's folder"));
        }
        JsonNode block = included == null ? null : included.get(FIELD);
        if (!(block instanceof ObjectNode fromFile) || fromFile.has(INCLUDE)) {
            return List.of(new SpecError(path, file + " must hold a mapping 'hardware:' of options (and no further include)"));
        }
        ObjectNode merged = fromFile.deepCopy();
        merged.setAll(hardware);
        top.set(FIELD, merged);
        return List.of();
    }

    static Result read(JsonNode node) {
        Map<String, String> options = new TreeMap<>();
        List<SpecError> errors = new ArrayList<>();
        Set<String> invalid = new LinkedHashSet<>();
        if (node == null) {
            return new Result(options, errors, invalid);
        }
        if (!node.isObject()) {
            errors.add(new SpecError(FIELD, "must be a mapping of hardware-model options, e.g. hardware: {train.mfu: 0.42}, "
                    + "got " + SpecReader.describe(node)));
            invalid.add(FIELD);
            return new Result(options, errors, invalid);
        }
        flatten("", node, options, errors, invalid);
        return new Result(options, List.copyOf(errors), Set.copyOf(invalid));
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> options, List<SpecError> errors,
            Set<String> invalid) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            JsonNode value = e.getValue();
            String path = FIELD + "." + key;
            if (value.isObject() && !keys().contains(key)) {
                flatten(key + ".", value, options, errors, invalid);
                continue;
            }
            Option<?> option;
            try {
                option = HardwareModelOptions.byKey(key);
            } catch (IllegalArgumentException unknown) {
                errors.add(new SpecError(path, "unknown hardware-model option '" + key + "'" + Suggestions.didYouMean(key, keys())
                        + "; options: " + String.join(", ", keys()) + " (docs/hardware-models.md)"));
                invalid.add(path);
                continue;
            }
            if (!value.isValueNode() || value.isNull()) {
                errors.add(new SpecError(path, "must be " + OptionRanges.expected(option) + OptionRanges.of(option)
                        .map(r -> " in " + r).orElse("") + ", got " + SpecReader.describe(value)));
                invalid.add(path);
                continue;
            }
            boolean wrongKind = option.type() == Boolean.class ? !value.isBoolean()
                    : option.type().isEnum() ? !value.isTextual() : !value.isNumber();
            if (wrongKind) {
                errors.add(new SpecError(path, "must be " + OptionRanges.expected(option) + ", got " + SpecReader.describe(value)));
                invalid.add(path);
                continue;
            }
            try {
                options.put(key, String.valueOf(OptionRanges.parseChecked(option, value.asText())));
            } catch (IllegalArgumentException bad) {
                errors.add(new SpecError(path, bad.getMessage()));
                invalid.add(path);
            }
        }
    }
}
