package io.asyncrl.jobs.spec;

import static io.asyncrl.jobs.spec.FieldReader.NON_NEGATIVE_INT;

import com.fasterxml.jackson.databind.JsonNode;
import io.asyncrl.schemas.PolicySpec;
import io.asyncrl.schemas.Surplus;
import io.asyncrl.schemas.WeightUpdate;

/** Reads {@code async.policy} (docs/policies.md); absent or null is no policy. {@link PolicyChecks} checks it. */
final class PolicyReader {
    private PolicyReader() {}

    static PolicySpec read(FieldReader r, Section async) {
        JsonNode node = async.get("policy");
        if (node == null || node.isNull()) {
            return null;
        }
        Section s = r.optionalSection(async, "policy", PolicySpec.getClassSchema());
        if (s.node == null) {
            return null;
        }
        PolicySpec.Builder b = PolicySpec.newBuilder();
        if (s.get("weight_update") != null) {
            b.setWeightUpdate(r.requiredEnum(s, "weight_update", WeightUpdate.values(), WeightUpdate.WAIT));
        }
        r.readBoolean(s, "recompute_kv").ifPresent(b::setRecomputeKv);
        b.setMaxTrajectoryAge(r.nullableInt(s, "max_trajectory_age", NON_NEGATIVE_INT));
        b.setOverProvision(r.nullableDouble(s, "over_provision", "a number in (0, 4]"));
        if (s.get("surplus") != null) {
            b.setSurplus(r.requiredEnum(s, "surplus", Surplus.values(), Surplus.ABORT));
        }
        r.finish(s);
        return b.build();
    }
}
