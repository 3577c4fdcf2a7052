package io.asyncrl.jobs.result;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.jobs.compare.InMemoryRunner;
import io.asyncrl.jobs.spec.SpecLoader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/outputs.md documents the summary blocks only multi-turn and dynamic-sampling runs write, each leaf by its block's row. */
class AgenticOutputsDocsTest {
    @Test
    void shouldDocumentTheAgenticAndDynamicSamplingBlocks() throws Exception {
        String docs = Files.readString(OutputsDocsTest.repo().resolve("docs/outputs.md"));
        List<String> missing = new ArrayList<>();
        for (String example : List.of("examples/agentic/tiny-agentic.yaml", "examples/agentic/tiny-dapo.yaml")) {
            RunResult r = InMemoryRunner.run(SpecLoader.load(OutputsDocsTest.repo().resolve(example), "exp-docs"));
            JsonNode summary = new ObjectMapper().readTree(r.summaryJson());
            for (String block : List.of("agentic", "dynamic_sampling", "trajectories")) {
                if (summary.has(block)) {
                    collect(summary.get(block), block, docs, missing);
                }
            }
        }
        assertEquals(List.of(), missing, "summary.json fields not documented in docs/outputs.md");
    }

    private static void collect(JsonNode node, String path, String docs, List<String> missing) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String p = path + "." + f.getKey();
            int row = docs.indexOf("| `" + path + "` |");
            boolean byParent = row >= 0 && docs.substring(row, docs.indexOf('\n', row)).contains("`" + f.getKey() + "`");
            if (!docs.contains("| `" + p + "` |") && !byParent) {
                missing.add(p);
            }
            if (f.getValue().isObject()) {
                collect(f.getValue(), p, docs, missing);
            }
        }
    }
}
