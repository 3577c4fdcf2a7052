package io.asyncrl.hw;

import java.util.List;
import java.util.Optional;

/** Models known by name (every row of shared/reference/models.csv). STUB: to be implemented. */
public final class ModelCatalog {
    private ModelCatalog() {}

    public static Optional<ModelArch> find(String name) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public static List<String> names() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
