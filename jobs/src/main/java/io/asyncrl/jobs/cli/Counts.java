package io.asyncrl.jobs.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Integer options with their lower bound in the message: "needs a positive integer, got 'x'". */
final class Counts {
    private Counts() {}

    /** An integer of at least 1. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            return (int) parse(v, 1, Integer.MAX_VALUE, "a positive integer");
        }
    }

    /** An integer of at least 0. */
    static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            return (int) parse(v, 0, Integer.MAX_VALUE, "a non-negative integer");
        }
    }

    /** A long of at least 0. */
    static final class NonNegativeLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String v) {
            return parse(v, 0, Long.MAX_VALUE, "a non-negative integer");
        }
    }

    static long parse(String v, long min, long max, String what) {
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new TypeConversionException("needs " + what + ", got '" + v + "'");
    }
}
