package io.asyncrl.jobs.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.operators.sim.summary.ResolvedSpec;
import io.asyncrl.schemas.ExperimentSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code derived} block of a spec.resolved.yaml read back as a spec: output only (what a run worked out from
 * the spec: the model's architecture, the device's datasheet, the framework profile, the staleness bound), so it
 * changes nothing. It may stay in the file as long as it says what this spec gives; a block that says otherwise
 * was edited in the belief that it sets something, or belongs to another spec, and is refused naming the field.
 */
final class DerivedBlock {
    static final String FIELD = "derived";
    private static final int MAX_ERRORS = 5;

    private DerivedBlock() {}

    /** The fields of {@code given} that differ from what {@code spec} derives; none when they agree. */
    static List<SpecError> check(JsonNode given, ExperimentSpec spec) {
        JsonNode expected = new ObjectMapper().valueToTree(ResolvedSpec.derived(spec));
        List<SpecError> errors = new ArrayList<>();
        compare(FIELD, given, expected, errors);
        return errors;
    }

    private static void compare(String path, JsonNode given, JsonNode expected, List<SpecError> errors) {
        if (errors.size() >= MAX_ERRORS) {
            return;
        }
        if (expected == null) {
            errors.add(new SpecError(path, "is not something a run works out (the derived block is output only: what "
                    + "a run worked out from the spec); delete it, or delete the derived block"));
            return;
        }
        if (given.isObject() && expected.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                compare(path + "." + e.getKey(), e.getValue(), expected.get(e.getKey()), errors);
            }
            for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!given.has(key) && errors.size() < MAX_ERRORS) {
                    errors.add(new SpecError(path + "." + key, "is missing from the derived block, which is output "
                            + "only (what a run worked out from the spec); delete the derived block, or write it whole"));
                }
            }
            return;
        }
        boolean same = given.isNumber() && expected.isNumber() ? given.doubleValue() == expected.doubleValue()
                : given.isValueNode() && expected.isValueNode() && given.asText().equals(expected.asText());
        if (!same) {
            errors.add(new SpecError(path, "says " + YamlValues.describe(given) + " where this spec gives "
                    + YamlValues.describe(expected) + ": the derived block is output only (what a run worked out from the "
                    + "spec) and sets nothing; delete it, or change the spec field it comes from"));
        }
    }
}
