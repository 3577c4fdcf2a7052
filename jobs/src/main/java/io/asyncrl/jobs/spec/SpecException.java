package io.asyncrl.jobs.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An experiment spec that cannot be loaded: syntax errors, schema errors (unknown fields, wrong
 * types, missing required fields) or semantic errors (sizes, divisibility, memory). Carries every
 * error found, not just the first; {@link #getMessage()} lists them one per line as
 * {@code <source>: <field.path>: <message>}.
 */
public class SpecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final List<SpecError> errors;

    public SpecException(String source, List<SpecError> errors) {
        super(format(source, errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a SpecException needs at least one error");
        }
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    /** Every error found, in document order for schema errors followed by semantic errors. */
    public List<SpecError> errors() {
        return errors;
    }

    /** The file name (or other label) the spec was read from. */
    public String source() {
        return source;
    }

    private static String format(String source, List<SpecError> errors) {
        return errors.stream()
                .map(e -> source + ": " + e.field() + ": " + e.message())
                .collect(Collectors.joining("\n"));
    }
}
