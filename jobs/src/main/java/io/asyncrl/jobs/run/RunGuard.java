package io.asyncrl.jobs.run;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Makes a resumable local run end within seconds however it is stopped. On SIGTERM or SIGINT (a
 * shutdown hook) it says so, stops the run's broker and leaves the state for the next identical
 * command to resume; should the JVM's own shutdown hang (Flink's, Kafka's), it halts after
 * {@link #HALT_AFTER}. A run still going {@link #GRACE} after its wall-clock limit (a loop that cannot
 * reach its deadline check) is ended the same way.
 */
final class RunGuard implements AutoCloseable {
    static final Duration HALT_AFTER = Duration.ofSeconds(10);
    static final Duration GRACE = Duration.ofSeconds(30);

    private final Thread hook;
    private final Thread watchdog;
    private volatile boolean done;

    private RunGuard(ResumableRun state, Duration timeout, Path stateDir) {
        String resume = "the run's state stays in " + stateDir + ": run the same command again to resume";
        this.hook = new Thread(() -> {
            if (done) {
                return;
            }
            System.err.println("asyncrl: interrupted; stopping (" + resume + ")");
            Thread halt = new Thread(() -> {
                sleep(HALT_AFTER);
                Runtime.getRuntime().halt(130);
            }, "asyncrl-halt");
            halt.setDaemon(true);
            halt.start();
            try {
                state.stopBroker();
            } catch (InterruptedException | RuntimeException e) {
                // the halt above ends the process either way
            }
        }, "asyncrl-shutdown");
        this.watchdog = new Thread(() -> {
            if (sleep(timeout.plus(GRACE)) && !done) {
                System.err.println("asyncrl: the run did not end within its wall-clock limit (" + timeout.toMinutes()
                        + " min); stopping it (" + resume + ")");
                System.exit(1);
            }
        }, "asyncrl-deadline");
        watchdog.setDaemon(true);
    }

    static RunGuard install(ResumableRun state, Duration timeout, Path stateDir) {
        RunGuard g = new RunGuard(state, timeout, stateDir);
        Runtime.getRuntime().addShutdownHook(g.hook);
        g.watchdog.start();
        return g;
    }

    @Override
    public void close() {
        done = true;
        watchdog.interrupt();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs now and sees done
        }
    }

    /** Sleeps for {@code d}; false when interrupted (the run ended). */
    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
