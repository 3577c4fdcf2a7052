package io.asyncrl.jobs.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Typed field readers over the sections of a YAML spec: each reads one key as a string, integer,
 * number, boolean, enum or sub-section and, where the value is wrong, records the error and marks the
 * path invalid (so {@link SpecValidator} skips it) and returns a placeholder. The section readers
 * ({@link SpecReader}, {@link ModelReader}, {@link WorkloadReader}, {@link ClusterReader}) share one.
 */
final class FieldReader {
    static final String POSITIVE_INT = "a positive integer";
    static final String NON_NEGATIVE_INT = "a non-negative integer";
    static final String INTEGER = "an integer";
    static final String NON_NEGATIVE_NUMBER = "a non-negative number";
    static final String POSITIVE_NUMBER = "a positive number";
    private static final Set<String> YAML_1_1_BOOLEANS = Set.of("yes", "no", "on", "off", "y", "n");

    final List<SpecError> errors = new ArrayList<>();
    final Set<String> invalid = new LinkedHashSet<>();

    Section requiredSection(Section parent, String key, String hint, Schema schema) {
        return section(parent, key, hint, schema, true);
    }

    Section optionalSection(Section parent, String key, Schema schema) {
        return section(parent, key, null, schema, false);
    }

    Section section(Section parent, String key, String hint, Schema schema, boolean required) {
        String path = parent.path(key);
        List<String> keys = Section.keysOf(schema);
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
            error(path, "must be a mapping with " + String.join(", ", keys) + ", got " + YamlValues.describe(node));
            invalid.add(path);
            return Section.absent(path, keys);
        }
        return new Section(path, (ObjectNode) node, keys, true);
    }

    Optional<String> requiredString(Section s, String key, String hint) {
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

    String nullableString(Section s, String key) {
        JsonNode node = s.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        return string(s.path(key), node).orElse(null);
    }

    Optional<String> string(String path, JsonNode node) {
        if (!node.isTextual()) {
            error(path, "must be a string, got " + YamlValues.describe(node));
            invalid.add(path);
            return Optional.empty();
        }
        return Optional.of(node.textValue());
    }

    OptionalInt requiredInt(Section s, String key, String expected) {
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

    OptionalInt readInt(Section s, String key, String expected) {
        JsonNode node = s.get(key);
        return node == null ? OptionalInt.empty() : integer(s.path(key), node, expected);
    }

    Integer nullableInt(Section s, String key, String expected) {
        JsonNode node = s.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        OptionalInt v = integer(s.path(key), node, expected);
        return v.isPresent() ? v.getAsInt() : null;
    }

    OptionalInt integer(String path, JsonNode node, String expected) {
        if (node.isNull()) {
            return noValue(path, expected, OptionalInt.empty());
        }
        if (node.isNumber() && YamlValues.isIntegral(node)) {
            if (node.canConvertToInt()) {
                return OptionalInt.of(node.intValue());
            }
            error(path, "must be " + expected + " no larger than " + Integer.MAX_VALUE + ", got " + YamlValues.describe(node));
        } else {
            error(path, "must be " + expected + ", got " + YamlValues.describe(node));
        }
        invalid.add(path);
        return OptionalInt.empty();
    }

    OptionalLong readLong(Section s, String key) {
        JsonNode node = s.get(key);
        if (node == null) {
            return OptionalLong.empty();
        }
        String path = s.path(key);
        if (node.isNull()) {
            return noValue(path, INTEGER, OptionalLong.empty());
        }
        if (node.isNumber() && YamlValues.isIntegral(node) && node.canConvertToLong()) {
            return OptionalLong.of(node.longValue());
        }
        error(path, "must be " + INTEGER + " (64-bit), got " + YamlValues.describe(node));
        invalid.add(path);
        return OptionalLong.empty();
    }

    OptionalDouble readDouble(Section s, String key, String expected) {
        JsonNode node = s.get(key);
        if (node == null) {
            return OptionalDouble.empty();
        }
        return number(s.path(key), node, expected);
    }

    Double nullableDouble(Section s, String key, String expected) {
        JsonNode node = s.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        OptionalDouble v = number(s.path(key), node, expected);
        return v.isPresent() ? v.getAsDouble() : null;
    }

    OptionalDouble number(String path, JsonNode node, String expected) {
        if (node.isNull()) {
            return noValue(path, expected, OptionalDouble.empty());
        }
        if (node.isNumber() && Double.isFinite(node.doubleValue())) {
            return OptionalDouble.of(node.doubleValue());
        }
        error(path, "must be " + expected + ", got " + YamlValues.describe(node));
        invalid.add(path);
        return OptionalDouble.empty();
    }

    Optional<Boolean> readBoolean(Section s, String key) {
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
        String yaml11 = node.isTextual() && YAML_1_1_BOOLEANS.contains(node.textValue().toLowerCase(Locale.ROOT))
                ? " (specs are YAML 1.2: yes, no, on and off are strings)" : "";
        error(path, "must be true or false, got " + YamlValues.describe(node) + yaml11);
        invalid.add(path);
        return Optional.empty();
    }

    <E extends Enum<E>> E requiredEnum(Section s, String key, E[] values, E placeholder) {
        JsonNode node = s.get(key);
        String path = s.path(key);
        List<String> names = java.util.Arrays.stream(values).map(YamlValues::enumName).toList();
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
                if (YamlValues.enumName(value).equals(given)) {
                    return value;
                }
            }
            error(path, "unknown value '" + YamlValues.echo(node.textValue()) + "'; must be one of " + choices
                    + Suggestions.didYouMean(given, names));
        } else {
            error(path, "must be one of " + choices + ", got " + YamlValues.describe(node));
        }
        invalid.add(path);
        return placeholder;
    }

    <T> T noValue(String path, String expected, T empty) {
        error(path, "has no value; give " + expected + ", or remove the key to use the default");
        invalid.add(path);
        return empty;
    }

    void error(String path, String message) {
        errors.add(new SpecError(path, message));
    }

    /** Reports every key of the section's mapping that the schema does not have. */
    void finish(Section s) {
        if (s.node == null) {
            return;
        }
        for (Iterator<String> it = s.node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (s.keys.contains(key) || s.allowedExtra.contains(key)) {
                continue;
            }
            String where = s.path.isEmpty() ? "at the top level" : "in " + s.path;
            error(s.path(key), "unknown field '" + YamlValues.echo(key) + "'" + Suggestions.didYouMean(key, s.keys)
                    + "; fields allowed " + where + ": " + String.join(", ", s.keys));
            invalid.add(s.path(key));
        }
    }
}
