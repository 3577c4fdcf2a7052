package io.asyncrl.jobs.bench;

import java.lang.management.ManagementFactory;

/**
 * Wall and CPU time of a phase. CPU is the whole process's (user + system, every thread: the
 * embedded broker, the MiniCluster and the pipeline run in this JVM), from
 * {@code com.sun.management.OperatingSystemMXBean.getProcessCpuTime()}.
 */
final class ProcessClock {
    static final String CPU_SOURCE = "com.sun.management.OperatingSystemMXBean.getProcessCpuTime (whole JVM process)";

    private final long wall0 = System.nanoTime();
    private final long cpu0 = cpuNanos();

    static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    double wallSeconds() {
        return (System.nanoTime() - wall0) / 1e9;
    }

    /** NaN when the JVM does not report process CPU time. */
    double cpuSeconds() {
        long now = cpuNanos();
        return now < 0 || cpu0 < 0 ? Double.NaN : (now - cpu0) / 1e9;
    }
}
