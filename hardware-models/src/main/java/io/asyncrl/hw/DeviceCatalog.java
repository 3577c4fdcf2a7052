package io.asyncrl.hw;

import java.util.List;
import java.util.Optional;

/** Devices known by name (every row of shared/reference/hardware.csv). STUB: to be implemented. */
public final class DeviceCatalog {
    private DeviceCatalog() {}

    public static Optional<Device> find(String name) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public static List<String> names() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
