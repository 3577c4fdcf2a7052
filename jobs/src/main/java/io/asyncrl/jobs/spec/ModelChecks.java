package io.asyncrl.jobs.spec;

import io.asyncrl.hw.ModelArch;
import io.asyncrl.schemas.ModelSpec;
import java.util.List;
import java.util.Optional;

/** Checks {@code model:}: a known catalog name, or a complete and consistent custom architecture. */
final class ModelChecks {
    private final ValidationContext c;

    ModelChecks(ValidationContext c) {
        this.c = c;
    }

    Optional<ModelArch> check() {
        if (!c.ok("model")) {
            return Optional.empty();
        }
        ModelSpec m = c.spec.getModel();
        if (!SpecModels.isCustom(m)) {
            return catalogModel("model", m.getName());
        }
        return InlineModelCheck.check(m, c::error);
    }

    Optional<ModelArch> catalogModel(String path, String name) {
        if (ValidationContext.isBlank(name)) {
            c.error(path, "must name a catalog model; known: " + String.join(", ", c.hw.modelNames()));
            return Optional.empty();
        }
        Optional<ModelArch> arch = c.hw.model(name);
        if (arch.isEmpty()) {
            List<String> known = c.hw.modelNames();
            c.error(path, "unknown model '" + name + "'" + Suggestions.didYouMean(name, known) + "; known: "
                    + String.join(", ", known) + (path.equals("model") ? "; or give a custom architecture mapping" : ""));
        }
        return arch;
    }
}
