package io.asyncrl.hw;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An immutable set of option overrides; anything not overridden takes the option's default. */
public final class OptionValues {
    private static final OptionValues DEFAULTS = new OptionValues(Map.of());

    private final Map<String, Object> overrides;

    private OptionValues(Map<String, Object> overrides) {
        this.overrides = overrides;
    }

    public static OptionValues defaults() {
        return DEFAULTS;
    }

    /**
     * Overrides given as strings by key (as a spec file would hold them). Unknown keys are refused
     * with the list of known ones, so a typo cannot silently fall back to a default.
     */
    public static OptionValues fromStrings(Map<String, String> values) {
        OptionValues result = DEFAULTS;
        for (Map.Entry<String, String> e : values.entrySet()) {
            Option<?> option = HardwareModelOptions.byKey(e.getKey());
            result = result.withParsed(option, e.getValue());
        }
        return result;
    }

    /**
     * Like {@link #fromStrings} but also refuses values outside {@link OptionRanges} (the message names the
     * option and the range): what a spec's {@code hardware:} block and {@code calibrate}'s output go through.
     */
    public static OptionValues fromCheckedStrings(Map<String, String> values) {
        return DEFAULTS.withCheckedStrings(values);
    }

    /** These values with {@code values} applied on top, checked as {@link #fromCheckedStrings} checks them. */
    public OptionValues withCheckedStrings(Map<String, String> values) {
        OptionValues result = this;
        for (Map.Entry<String, String> e : values.entrySet()) {
            Option<?> option = HardwareModelOptions.byKey(e.getKey());
            result = result.withObject(option, OptionRanges.parseChecked(option, e.getValue()));
        }
        return result;
    }

    private <T> OptionValues withObject(Option<T> option, Object value) {
        return with(option, option.type().cast(value));
    }

    private <T> OptionValues withParsed(Option<T> option, String text) {
        return with(option, option.parse(text));
    }

    public <T> OptionValues with(Option<T> option, T value) {
        if (!option.type().isInstance(value)) {
            throw new IllegalArgumentException(option.key() + " expects a " + option.type().getSimpleName());
        }
        Map<String, Object> copy = new LinkedHashMap<>(overrides);
        copy.put(option.key(), value);
        return new OptionValues(Collections.unmodifiableMap(copy));
    }

    /** True when {@code option} is overridden here (by a spec, a profile or a fit), false when it takes its default. */
    public boolean isSet(Option<?> option) {
        return overrides.containsKey(option.key());
    }

    public <T> T get(Option<T> option) {
        Object value = overrides.get(option.key());
        return value == null ? option.defaultValue() : option.type().cast(value);
    }

    public double getDouble(Option<Double> option) {
        return get(option);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptionValues other && overrides.equals(other.overrides);
    }

    @Override
    public int hashCode() {
        return overrides.hashCode();
    }

    @Override
    public String toString() {
        return "OptionValues" + overrides;
    }
}
