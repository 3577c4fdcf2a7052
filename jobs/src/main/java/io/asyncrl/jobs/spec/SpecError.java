package io.asyncrl.jobs.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * One problem found in an experiment spec.
 *
 * @param field dotted path of the offending field, e.g. {@code cluster.rollout.tp}; {@code yaml} for
 *     syntax errors (the message then starts with the line and column), {@code file} when the file
 *     cannot be read
 * @param message what is wrong and how to fix it, e.g. "must be a positive integer, got -4"
 */
public record SpecError(String field, String message) implements Serializable {

    public SpecError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
