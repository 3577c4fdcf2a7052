package io.asyncrl.jobs.run;

/**
 * Named points of a local run where a test kills the process, as a SIGKILL would (Runtime.halt: no
 * shutdown hooks), to show that the next identical command resumes or restarts from each. Inert
 * unless the system property {@value #PROPERTY} names the point.
 */
public final class CrashPoints {
    public static final String PROPERTY = "asyncrl.test.crash-at";
    /** The broker runs and the run's state is written; the experiment is not yet sent. */
    public static final String BEFORE_SUBMIT = "before-submit";
    /** The broker acknowledged the experiment; the run has not yet recorded that it was sent. */
    public static final String DURING_SUBMIT = "during-submit";
    /** The experiment is sent and recorded; no checkpoint has completed yet. */
    public static final String BEFORE_FIRST_CHECKPOINT = "before-first-checkpoint";
    /** The run's result is in and its broker is stopping; its files are not yet written. */
    public static final String BEFORE_OUTPUTS = "before-outputs";

    private CrashPoints() {}

    static void reached(String point) {
        if (point.equals(System.getProperty(PROPERTY))) {
            System.err.println("asyncrl: test crash at " + point);
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
