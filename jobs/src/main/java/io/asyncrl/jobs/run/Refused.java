package io.asyncrl.jobs.run;

/**
 * A run refused before anything started, for a reason the message says in full (the output folder is
 * a file or busy, the Web UI's port is taken): the CLI prints it in one line, without the usage, exit 2.
 */
public final class Refused extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public Refused(String message) {
        super(message);
    }
}
