package io.asyncrl.jobs.cli;

/** Bad command-line usage: reported with the usage text, exit code 2. */
public final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
