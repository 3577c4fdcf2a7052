package io.asyncrl.hw;

import java.util.Objects;

/**
 * A typed, documented tuning option of the hardware model, in the manner of Flink's
 * {@code ConfigOption} but without Flink: a key for specs, a type, a default, what it means and
 * where the default comes from.
 *
 * @param key dotted key, e.g. {@code inference.hbm-bandwidth-efficiency}
 * @param type value type ({@link Double}, {@link Integer}, {@link Boolean}, {@link SyncMechanism} or
 *     {@link InferenceEngine})
 * @param defaultValue value used unless overridden in {@link OptionValues}
 * @param description what the value means and its unit
 * @param source where the default comes from (a document, or the calibration rows it was fit on)
 */
public record Option<T>(String key, Class<T> type, T defaultValue, String description, String source) {

    public Option {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(source, "source");
        if (!type.isInstance(defaultValue)) {
            throw new IllegalArgumentException("default of " + key + " is not a " + type.getSimpleName());
        }
    }

    /** Parses a spec string into this option's type. */
    public T parse(String text) {
        String t = text.trim();
        Object value;
        if (type == Double.class) {
            value = Double.valueOf(t);
        } else if (type == Integer.class) {
            value = Integer.valueOf(t);
        } else if (type == Boolean.class) {
            if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(key + " expects true or false, got '" + text + "'");
            }
            value = Boolean.valueOf(t);
        } else if (type == SyncMechanism.class) {
            try {
                value = SyncMechanism.parse(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + " " + e.getMessage());
            }
        } else if (type == InferenceEngine.class) {
            try {
                value = InferenceEngine.parse(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + " " + e.getMessage());
            }
        } else {
            throw new IllegalStateException("unsupported option type " + type);
        }
        return type.cast(value);
    }
}
