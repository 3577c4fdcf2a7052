package io.asyncrl.hw;

/** Entry point: the default, calibrated hardware model. STUB: to be implemented. */
public final class HardwareModels {
    private HardwareModels() {}

    public static HardwareModel defaultModel() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
