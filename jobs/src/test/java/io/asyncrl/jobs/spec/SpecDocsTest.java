package io.asyncrl.jobs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncrl.schemas.ExperimentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** docs/spec.md documents every field of ExperimentSpec.avsc. */
class SpecDocsTest {

    @Test
    void shouldDocumentEveryFieldOfTheSchema() throws IOException {
        Path docs = ExampleSpecsTest.examplesDir().resolveSibling("docs").resolve("spec.md");
        String text = Files.readString(docs);
        List<String> missing = new ArrayList<>();
        collect(ExperimentSpec.getClassSchema(), "", text, missing);
        assertEquals(List.of(), missing, "fields not documented in " + docs);
    }

    private static void collect(Schema record, String prefix, String text, List<String> missing) {
        for (Schema.Field f : record.getFields()) {
            String path = prefix + f.name();
            // documented either by full path (`cluster.device`) or, in a shared table, by its own name (`dist`)
            if (!text.contains("`" + path + "`") && !text.contains("| `" + f.name() + "` |")) {
                missing.add(path);
            }
            Schema s = f.schema();
            if (s.getType() == Schema.Type.UNION) {
                s = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
            }
            if (s.getType() == Schema.Type.RECORD) {
                collect(s, path + ".", text, missing);
            }
        }
    }
}
