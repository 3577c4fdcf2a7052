package io.asyncrl.hw;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Enum options written in a spec by a key of their own (e.g. {@code trtllm-1.0}): parsing and listing them. */
final class SpecKeys {
    private SpecKeys() {}

    /** The constant of {@code type} whose key is {@code text} (case and surrounding space ignored), or a clear error. */
    static <E extends Enum<E>> E parse(Class<E> type, Function<E, String> key, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (key.apply(e).equals(t)) {
                return e;
            }
        }
        throw new IllegalArgumentException("expected one of " + keys(type, key) + ", got '" + text + "'");
    }

    /** The keys in declaration order, as "a, b or c". */
    static <E extends Enum<E>> String keys(Class<E> type, Function<E, String> key) {
        String all = Arrays.stream(type.getEnumConstants()).map(key).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return last < 0 ? all : all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
