package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncrl.connectors.kafka.EmbeddedKafka;
import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.schemas.StepReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The two exactly-once designs side by side in one JVM, on one broker, with the same checkpoint
 * interval: idempotent consumers (the default) and Kafka transactions with read-committed sources.
 * Both must give the same results; the wall time per training step of each is printed (measured,
 * not asserted: the machine is shared and noisy).
 */
class DeliveryModesITCase {
    @Test
    void shouldGiveTheSameResultsWithTransactionsAndPrintWhatEachCosts() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            var spec = Examples.load("tiny-async.yaml", "delivery");
            RunOptions base = RunOptions.defaults().withBootstrap(kafka.bootstrapServers())
                    .withCheckpointInterval(Duration.ofMillis(500));
            double[] idempotent = timed(spec, base.withTopicPrefix("idem."));
            double[] transactional = timed(spec, base.withTopicPrefix("txn.").withTransactions(true));
            assertEquals(summaries.get(0), summaries.get(1));
            System.out.printf(Locale.ROOT,
                    "[delivery] checkpoint interval 500 ms, %d steps: idempotent consumers %.2f s per training step"
                            + " (%.1f s total), Kafka transactions %.2f s per training step (%.1f s total), ratio %.1fx%n",
                    spec.getAlgorithm().getSteps(), idempotent[0], idempotent[1], transactional[0], transactional[1],
                    transactional[0] / idempotent[0]);
        }
    }

    private final List<String> summaries = new ArrayList<>();

    /** Wall seconds per training step (first to last step report) and total wall seconds. */
    private double[] timed(io.asyncrl.schemas.ExperimentSpec spec, RunOptions options) throws Exception {
        List<Instant> stepTimes = new ArrayList<>();
        Instant start = Instant.now();
        RunResult r = LocalRunner.run(spec, options, (StepReport s, int n, Duration w) -> stepTimes.add(Instant.now()));
        summaries.add(r.summaryJson());
        double total = Duration.between(start, Instant.now()).toMillis() / 1e3;
        double span = Duration.between(stepTimes.get(0), stepTimes.get(stepTimes.size() - 1)).toMillis() / 1e3;
        return new double[] {span / Math.max(1, stepTimes.size() - 1), total};
    }
}
