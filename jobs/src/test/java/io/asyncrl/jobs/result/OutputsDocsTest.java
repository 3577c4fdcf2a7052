package io.asyncrl.jobs.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.connectors.arrow.OutputColumns;
import io.asyncrl.jobs.compare.InMemoryRunner;
import io.asyncrl.jobs.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/outputs.md documents every field of summary.json and every column of steps.arrow and trajectories.arrow. */
class OutputsDocsTest {

    static Path repo() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("examples")) && Files.isDirectory(d.resolve("docs"))) {
                return d;
            }
        }
        throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void shouldDocumentEveryFieldOfSummaryJson() throws IOException {
        String docs = Files.readString(repo().resolve("docs/outputs.md"));
        String specDocs = Files.readString(repo().resolve("docs/spec.md"));
        // an example with evaluation, partial rollout and staleness, so every summary block is present
        RunResult r = InMemoryRunner.run(SpecLoader.load(repo().resolve("examples/tiny-async.yaml"), "exp-docs"));
        JsonNode summary = new ObjectMapper().readTree(r.summaryJson());
        List<String> missing = new ArrayList<>();
        collect(summary, "", docs, specDocs, missing);
        // and one with a policy, whose summary has the policy block
        var withPolicy = SpecLoader.load(repo().resolve("examples/tiny-async.yaml"), "exp-docs-policy");
        withPolicy.getAsync().setPartialRollout(false);
        withPolicy.getAsync().setPolicy(io.asyncrl.schemas.PolicySpec.newBuilder()
                .setWeightUpdate(io.asyncrl.schemas.WeightUpdate.IN_FLIGHT).setMaxTrajectoryAge(1).build());
        JsonNode policy = new ObjectMapper().readTree(InMemoryRunner.run(withPolicy).summaryJson()).get("policy");
        assertTrue(policy != null && policy.get("length_bias").size() > 0);
        collect(new ObjectMapper().createObjectNode().set("policy", policy), "", docs, specDocs, missing);
        for (JsonNode row : policy.get("length_bias")) {
            row.fieldNames().forEachRemaining(k -> {
                if (!rowOf(docs, "policy").contains("`" + k + "`")) {
                    missing.add("policy.length_bias[]." + k);
                }
            });
        }
        assertEquals(List.of(), missing, "summary.json fields not documented in docs/outputs.md");
    }

    /**
     * A field is documented by a table row of its full path ({@code | `utilization` |}) or, for a block whose
     * leaves a row lists, by its parent's row naming it ({@code | `utilization` | ... `rollout`}). The spec's own top-level
     * fields are looked up in docs/spec.md (SpecDocsTest holds the rest), and staleness histogram keys are data.
     */
    private static void collect(JsonNode node, String path, String docs, String specDocs, List<String> missing) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String p = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
            boolean specField = p.startsWith("spec.") && !p.startsWith("spec.derived");
            boolean documented = specField ? specDocs.contains("`" + f.getKey() + "`")
                    : docs.contains("| `" + p + "` |") || rowOf(docs, path).contains("`" + f.getKey() + "`");
            if (!documented) {
                missing.add(p);
            }
            if (f.getValue().isObject() && !specField && !p.equals("staleness.histogram")) {
                collect(f.getValue(), p, docs, specDocs, missing);
            }
            // the rows of an array of objects (breakdown.steps) are documented like a block at the array's path
            if (f.getValue().isArray() && !f.getValue().isEmpty() && f.getValue().get(0).isObject()) {
                collect(f.getValue().get(0), p, docs, specDocs, missing);
            }
        }
    }

    /** The table row that documents {@code path}, or "" when there is none. */
    private static String rowOf(String docs, String path) {
        if (path.isEmpty()) {
            return "";
        }
        int i = docs.indexOf("| `" + path + "` |");
        return i < 0 ? "" : docs.substring(i, docs.indexOf('\n', i));
    }

    @Test
    void shouldDocumentEveryArrowColumn() throws IOException {
        String docs = Files.readString(repo().resolve("docs/outputs.md"));
        List<String> missing = new ArrayList<>();
        for (Map<String, OutputColumns.Doc> table : List.of(OutputColumns.steps(), OutputColumns.trajectories())) {
            table.forEach((name, doc) -> {
                if (!docs.contains("| `" + name + "` |")) {
                    missing.add(name);
                }
            });
        }
        assertEquals(List.of(), missing, "Arrow columns not documented in docs/outputs.md");
        assertTrue(docs.contains("`batch_ready_us`") && docs.contains("`available_us`") && docs.contains("`switch_or_sync_seconds`"));
    }
}
