package io.asyncrl.hw;

/** Entry point: the default, calibrated hardware model, or one with overridden options. */
public final class HardwareModels {
    private static final HardwareModel DEFAULT = new AnalyticHardwareModel(OptionValues.defaults());

    private HardwareModels() {}

    /** The analytic model with every option at its frozen default. */
    public static HardwareModel defaultModel() {
        return DEFAULT;
    }

    /** The analytic model with {@code options} overriding the defaults. */
    public static HardwareModel withOptions(OptionValues options) {
        return new AnalyticHardwareModel(options);
    }
}
