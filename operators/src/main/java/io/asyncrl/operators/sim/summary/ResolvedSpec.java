package io.asyncrl.operators.sim.summary;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.DeviceCatalog;
import io.asyncrl.hw.FrameworkProfiles;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.operators.sim.core.ModelSpecs;
import io.asyncrl.operators.sim.core.SimParams;
import io.asyncrl.operators.sim.core.SpecHardware;
import io.asyncrl.operators.sim.core.StalenessRule;
import io.asyncrl.schemas.ExperimentSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * The spec a run used, as summary.json's {@code spec} and spec.resolved.yaml: every field with its default
 * filled in, spelled as the YAML spec spells it (enums in lower case, {@code one-step-off}), plus a
 * {@code derived} block of what the run worked out from it (the model's architecture and parameter counts,
 * the device's datasheet, the framework profile, the staleness bound the mode and settings give). Built from
 * the Avro spec alone, so the Flink job and the in-memory runner write the same bytes.
 */
public final class ResolvedSpec {
    private ResolvedSpec() {}

    public static Map<String, Object> of(ExperimentSpec s) {
        Map<String, Object> spec = record(s);
        spec.remove("id"); // summary.json names it as experiment_id; it is per submission, not part of the spec
        spec.put("derived", derived(s));
        return spec;
    }

    /** The {@code derived} block of {@link #of}: what a run works out from the spec (output only). */
    public static Map<String, Object> derived(ExperimentSpec s) {
        Map<String, Object> d = new LinkedHashMap<>();
        model(s).ifPresent(m -> d.put("model", m));
        device(s).ifPresent(dev -> d.put("device", dev));
        d.put("framework_profile", s.getFramework() == null ? FrameworkProfiles.IDEAL : s.getFramework().getName().toString());
        int batch = s.getAlgorithm().getGroupSize() * s.getAlgorithm().getPromptsPerStep();
        if (batch > 0) {
            StalenessRule rule = StalenessRule.of(s.getAsync(), batch);
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("trained_bound_versions", rule.maxTrainedStaleness());
            st.put("stale_samples", SimParams.trainsStale(s) ? "train" : "drop");
            st.put("admission_allowance_trajectories", rule.allowance());
            st.put("batch_trajectories", batch);
            st.put("updates_per_sync", rule.updatesPerSync());
            d.put("staleness", st);
        }
        return d;
    }

    private static Optional<Map<String, Object>> model(ExperimentSpec s) {
        ModelArch m;
        try {
            m = ModelSpecs.resolve(s.getModel());
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a spec the validator let through names a model; tests may use fakes
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", m.name());
        out.put("layers", m.layers());
        out.put("hidden", m.hidden());
        out.put("heads", m.heads());
        out.put("kv_heads", m.kvHeads());
        out.put("head_dim", m.headDim());
        out.put("ffn", m.ffn());
        out.put("vocab", m.vocab());
        out.put("params_b", m.paramsB());
        out.put("active_params_b", m.activeParamsB());
        out.put("moe", m.isMoe());
        return Optional.of(out);
    }

    private static Optional<Map<String, Object>> device(ExperimentSpec s) {
        Optional<Device> d = SpecHardware.inlineDevice(s).or(() -> DeviceCatalog.find(s.getCluster().getDevice().toString()));
        return d.map(dev -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", dev.name());
            out.put("bf16_dense_tflops", dev.bf16Tflops());
            out.put("hbm_gib", dev.hbmGib());
            out.put("hbm_gbps", dev.hbmGBps());
            out.put("intra_node_gbps", dev.intraNodeGBps());
            out.put("inter_node_gbps_per_device", dev.interNodeGBps());
            out.put("devices_per_node", dev.devicesPerNode());
            return out;
        });
    }

    private static Map<String, Object> record(IndexedRecord r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Schema.Field f : r.getSchema().getFields()) {
            Object v = value(r.get(f.pos()));
            if (v != null) {
                out.put(f.name(), v);
            }
        }
        return out;
    }

    private static Object value(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof CharSequence c) {
            return c.toString();
        }
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        if (v instanceof IndexedRecord r) {
            return record(r);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put(k.toString(), value(x)));
            return sorted;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(value(x)));
            return out;
        }
        return v.toString();
    }
}
