package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncrl.connectors.kafka.EmbeddedKafka;
import io.asyncrl.connectors.kafka.SimEventProducer;
import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.connectors.kafka.TopicAdmin;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.result.ResultCollector;
import io.asyncrl.operators.stage.Envelopes;
import io.asyncrl.schemas.RunSummary;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The summaries topic is written at least once: after a recovery the summary stage may publish an experiment's
 * summary again (SoakITCase once saw a second one, built from replayed input, with every figure zero). The
 * collector keeps the first it reads, whichever poll the others arrive in.
 */
class ResultCollectorITCase {
    @Test
    void shouldKeepTheFirstSummaryOfAnExperimentWhenLaterOnesArriveInTheSamePoll() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            String prefix = "collector.";
            TopicAdmin.ensureTopics(bootstrap, prefix, 1);
            String topic = Topic.SUMMARIES.name(prefix);
            try (SimEventProducer producer = new SimEventProducer(bootstrap)) {
                producer.send(topic, Envelopes.data("other", 0L, new RunSummary("{\"experiment_id\": \"other\"}")));
                producer.send(topic, Envelopes.data("x", 0L, new RunSummary("{\"steps\": 4}")));
                producer.send(topic, Envelopes.data("x", 0L, new RunSummary("{\"steps\": 0}")));
                producer.flush();
            }
            try (ResultCollector collector = new ResultCollector(bootstrap, prefix, "x")) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!collector.poll(Duration.ofMillis(200), 4, Duration.ZERO, ProgressListener.NONE)) {
                    assertTrue(System.nanoTime() < deadline, "the summary arrived within a minute");
                }
                // the two summaries of x sit in one partition, back to back: read in one poll, or the second later
                for (int i = 0; i < 5; i++) {
                    collector.poll(Duration.ofMillis(100), 4, Duration.ZERO, ProgressListener.NONE);
                }
                assertEquals("{\"steps\": 4}", collector.summary());
            }
        }
    }
}
