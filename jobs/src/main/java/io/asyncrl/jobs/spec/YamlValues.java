package io.asyncrl.jobs.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** How YAML values are spelled in the spec and in its error messages. */
final class YamlValues {
    private YamlValues() {}

    /** YAML spelling of an enum symbol: lower case, '-' for '_' (ONE_STEP_OFF is one-step-off). */
    static String enumName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static boolean isIntegral(JsonNode node) {
        if (node.isIntegralNumber()) {
            return true;
        }
        double d = node.doubleValue();
        return Double.isFinite(d) && d == Math.rint(d);
    }

    /** The longest value echoed in a message; longer ones are cut (a 100 KB name is not repeated). */
    static final int MAX_ECHO = 80;

    /** {@code text} as it may appear in a message: at most {@link #MAX_ECHO} characters. */
    static String echo(String text) {
        if (text == null || text.length() <= MAX_ECHO) {
            return text;
        }
        return text.substring(0, MAX_ECHO - 3) + "... (" + text.length() + " characters)";
    }

    static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "string \"" + echo(node.textValue()) + "\"";
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
}
