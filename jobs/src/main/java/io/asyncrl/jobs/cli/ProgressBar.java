package io.asyncrl.jobs.cli;

import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.schemas.StepReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** A progress bar in training steps with simulated and wall time; one line per step when not a terminal. */
final class ProgressBar implements ProgressListener {
    private final PrintStream out;
    private final boolean terminal;
    private int done;

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void step(StepReport step, int totalSteps, Duration wall) {
        done++;
        int width = 30;
        int filled = totalSteps == 0 ? width : Math.min(width, done * width / totalSteps);
        String line = String.format(Locale.ROOT, "[%s%s] step %d/%d  simulated %.1f s  wall %.1f s",
                "#".repeat(filled), "-".repeat(width - filled), done, totalSteps,
                step.getEndUs() / 1e6, wall.toMillis() / 1e3);
        if (terminal) {
            out.print("\r" + line);
            if (done >= totalSteps) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }
}
