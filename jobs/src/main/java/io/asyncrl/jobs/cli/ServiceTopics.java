package io.asyncrl.jobs.cli;

/** Defaults shared by the service-path commands. */
final class ServiceTopics {
    static final String DEFAULT_PREFIX = "asyncrl.";
    static final String DEFAULT_WAIT_MINUTES = "30";

    private ServiceTopics() {}
}
