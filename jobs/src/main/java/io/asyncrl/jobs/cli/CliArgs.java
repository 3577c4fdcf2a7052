package io.asyncrl.jobs.cli;

import java.util.Deque;

/** Reading the command line's arguments, one rule and one wording for every command. */
public final class CliArgs {
    private CliArgs() {}

    /** The next argument, or "missing {@code what}". */
    public static String required(Deque<String> a, String what) {
        if (a.isEmpty()) {
            throw new UsageException("missing " + what);
        }
        return a.pop();
    }

    /** The value after {@code flag}, or "{@code flag} needs a value". */
    public static String value(Deque<String> a, String flag) {
        if (a.isEmpty()) {
            throw new UsageException(flag + " needs a value");
        }
        return a.pop();
    }

    /** The integer after {@code flag}, at least 1. */
    public static int positive(Deque<String> a, String flag) {
        return positive(flag, required(a, flag + " N"));
    }

    /** The integer after {@code flag}, at least 0. */
    public static long nonNegative(Deque<String> a, String flag) {
        return nonNegative(flag, required(a, flag + " N"), Long.MAX_VALUE);
    }

    /** {@code v} as an integer of at least 1 (and at most {@code Integer.MAX_VALUE}), else a usage error naming the flag. */
    public static int positive(String flag, String v) {
        return (int) integer(flag, v, 1, Integer.MAX_VALUE, "a positive integer");
    }

    /** {@code v} as an integer of at least 0, else a usage error naming the flag. */
    public static long nonNegative(String flag, String v, long max) {
        return integer(flag, v, 0, max, "a non-negative integer");
    }

    private static long integer(String flag, String v, long min, long max, String what) {
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException(flag + " needs " + what + ", got '" + v + "'");
    }
}
