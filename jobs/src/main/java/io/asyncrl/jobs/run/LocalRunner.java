package io.asyncrl.jobs.run;

import io.asyncrl.connectors.kafka.EmbeddedKafka;
import io.asyncrl.connectors.kafka.SimEventConsumer;
import io.asyncrl.connectors.kafka.SpecProducer;
import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.connectors.kafka.TopicAdmin;
import io.asyncrl.jobs.pipeline.AsyncRlPipeline;
import io.asyncrl.jobs.pipeline.KafkaPipelineIo;
import io.asyncrl.operators.sim.CatalogParamsResolver;
import io.asyncrl.schemas.EvalResult;
import io.asyncrl.schemas.EventKind;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.RunSummary;
import io.asyncrl.schemas.SimEvent;
import io.asyncrl.schemas.StepReport;
import io.asyncrl.schemas.TrajectoryOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs one experiment on this machine: a Kafka broker (embedded unless one is given), the topics,
 * the pipeline job on a Flink MiniCluster, the experiment submitted as an Avro record on the
 * experiments topic, and the results read back from the metrics and summaries topics. The job is
 * cancelled once the summary has arrived (the pipeline itself is a long-running service).
 */
public final class LocalRunner {
    private LocalRunner() {}

    public static RunResult run(ExperimentSpec spec, RunOptions options, ProgressListener progress) throws Exception {
        EmbeddedKafka kafka = options.bootstrap() == null ? EmbeddedKafka.start() : null;
        try {
            String bootstrap = kafka != null ? kafka.bootstrapServers() : options.bootstrap();
            return run(spec, options, bootstrap, progress);
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    private static RunResult run(ExperimentSpec spec, RunOptions options, String bootstrap, ProgressListener progress)
            throws Exception {
        Instant started = Instant.now();
        String prefix = options.topicPrefix();
        TopicAdmin.ensureTopics(bootstrap, prefix, options.partitions());

        Configuration conf = new Configuration();
        StreamExecutionEnvironment env;
        if (options.webUi()) {
            conf.set(RestOptions.PORT, options.webUiPort());
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
            env.setParallelism(options.parallelism());
        } else {
            env = StreamExecutionEnvironment.createLocalEnvironment(options.parallelism(), conf);
        }
        new AsyncRlPipeline(new KafkaPipelineIo(bootstrap, prefix), new CatalogParamsResolver()).build(env);
        JobClient job = env.executeAsync("asyncrl " + spec.getName());
        try (SimEventConsumer metrics = new SimEventConsumer(bootstrap, Topic.METRICS.name(prefix), spec.getId());
                SimEventConsumer summaries = new SimEventConsumer(bootstrap, Topic.SUMMARIES.name(prefix), spec.getId());
                SimEventConsumer evals = new SimEventConsumer(bootstrap, Topic.EVAL_RESULTS.name(prefix), spec.getId())) {
            SpecProducer.send(bootstrap, Topic.EXPERIMENTS.name(prefix), spec);
            List<StepReport> steps = new ArrayList<>();
            List<TrajectoryOutcome> outcomes = new ArrayList<>();
            List<EvalResult> evalResults = new ArrayList<>();
            String summary = null;
            Instant deadline = started.plus(options.timeout());
            int total = spec.getAlgorithm().getSteps();
            while (summary == null) {
                for (SimEvent e : metrics.poll(Duration.ofMillis(200))) {
                    if (e.getPayload() instanceof StepReport s) {
                        steps.add(s);
                        progress.step(s, total, Duration.between(started, Instant.now()));
                    } else if (e.getPayload() instanceof TrajectoryOutcome o) {
                        outcomes.add(o);
                    }
                }
                for (SimEvent e : summaries.poll(Duration.ZERO)) {
                    if (e.getKind() == EventKind.DATA && e.getPayload() instanceof RunSummary s) {
                        summary = s.getJson();
                    }
                }
                JobStatus status = job.getJobStatus().get();
                if (status.isGloballyTerminalState()) {
                    throw new IllegalStateException("the pipeline job ended (" + status + ") before experiment "
                            + spec.getId() + " finished; see the log for the failure");
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("experiment " + spec.getId() + " did not finish within "
                            + options.timeout() + " of wall time");
                }
            }
            // The summary is published after every stage's END; drain what the metrics topic still holds.
            drain(metrics, outcomes, steps);
            for (SimEvent e : evals.poll(Duration.ofMillis(500))) {
                if (e.getPayload() instanceof EvalResult r) {
                    evalResults.add(r);
                }
            }
            steps.sort(Comparator.comparingInt(StepReport::getStep));
            outcomes.sort(Comparator.comparingLong(o -> o.getScored().getTrajectory().getTrajectoryId()));
            return new RunResult(spec.getId(), summary, steps, outcomes, evalResults,
                    Duration.between(started, Instant.now()));
        } finally {
            job.cancel().get();
        }
    }

    private static void drain(SimEventConsumer metrics, List<TrajectoryOutcome> outcomes, List<StepReport> steps) {
        List<SimEvent> batch;
        do {
            batch = metrics.poll(Duration.ofMillis(300));
            for (SimEvent e : batch) {
                if (e.getPayload() instanceof StepReport s) {
                    steps.add(s);
                } else if (e.getPayload() instanceof TrajectoryOutcome o) {
                    outcomes.add(o);
                }
            }
        } while (!batch.isEmpty() || !metrics.caughtUp());
    }
}
