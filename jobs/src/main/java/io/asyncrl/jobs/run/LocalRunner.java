package io.asyncrl.jobs.run;

import io.asyncrl.jobs.result.ExperimentFailedException;
import io.asyncrl.jobs.result.ProgressListener;
import io.asyncrl.jobs.result.ResultCollector;
import io.asyncrl.jobs.result.RunResult;

import io.asyncrl.connectors.kafka.EmbeddedKafka;
import io.asyncrl.connectors.kafka.SpecProducer;
import io.asyncrl.connectors.kafka.Topic;
import io.asyncrl.connectors.kafka.TopicAdmin;
import io.asyncrl.jobs.pipeline.AsyncRlPipeline;
import io.asyncrl.jobs.pipeline.KafkaPipelineIo;
import io.asyncrl.operators.sim.core.CatalogParamsResolver;
import io.asyncrl.schemas.ExperimentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import java.util.Optional;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.LoggerFactory;

/**
 * Runs one experiment on this machine: a Kafka broker (embedded unless one is given), the topics,
 * the pipeline job on a Flink MiniCluster, the experiment submitted as an Avro record on the
 * experiments topic, and the results read back from the metrics and summaries topics. The job is
 * cancelled once the summary has arrived (the pipeline itself is a long-running service).
 */
public final class LocalRunner {
    private LocalRunner() {}

    public static RunResult run(ExperimentSpec spec, RunOptions options, ProgressListener progress) throws Exception {
        return runAll(List.of(spec), options, progress).get(0);
    }

    /**
     * As {@link #run}, resumable: with the embedded default, the broker's data, the retained
     * checkpoints and the experiment's id live in {@code outDir/.asyncrl}, so starting the same run
     * again after its process was killed resumes from the last completed checkpoint.
     */
    public static RunResult runResumable(ExperimentSpec spec, RunOptions options, Path outDir,
            ProgressListener progress) throws Exception {
        return runResumable(spec, options, outDir, progress, System.err, result -> { });
    }

    /** What a run writes from its result (its files), before the run's resumable state is removed. */
    @FunctionalInterface
    public interface ResultWriter {
        void write(RunResult result) throws IOException;
    }

    /**
     * As above, saying on {@code notices} whether it resumes, submits again or starts afresh, and writing the
     * result with {@code outputs} while the run's broker stops; the run's state is removed only after both, so a
     * process killed while writing resumes instead of losing the result.
     */
    public static RunResult runResumable(ExperimentSpec spec, RunOptions options, Path outDir,
            ProgressListener progress, java.io.PrintStream notices, ResultWriter outputs) throws Exception {
        if (options.bootstrap() != null) {
            RunResult result = run(spec, options, progress);
            outputs.write(result);
            return result;
        }
        try (ResumableRun state = ResumableRun.open(outDir, spec.getId());
                RunGuard guard = RunGuard.install(state, options.timeout(), outDir.resolve(".asyncrl"))) {
            if (state.resuming() && state.submitted()) {
                notices.println("asyncrl: resuming " + spec.getId() + " from "
                        + state.latestCheckpoint().map(Path::toString).orElse("the start (no checkpoint completed)"));
            }
            RunResult result;
            try {
                result = runAll(List.of(spec), options, state.bootstrap(), progress, state, notices).get(0);
            } catch (ExperimentFailedException failed) {
                // deterministic: running it again would fail the same way, so there is nothing to resume
                state.completed();
                throw failed;
            }
            state.stopBrokerInBackground();
            CrashPoints.reached(CrashPoints.BEFORE_OUTPUTS);
            outputs.write(result);
            state.completed();
            return result;
        }
    }

    /**
     * Runs several experiments concurrently in ONE pipeline job (every stage is keyed by experiment
     * id, so they share the job and stay isolated). Ids must be distinct. Results come back in the
     * order of {@code specs}; {@code progress} hears every experiment's steps.
     */
    public static List<RunResult> runAll(List<ExperimentSpec> specs, RunOptions options, ProgressListener progress)
            throws Exception {
        if (new HashSet<>(specs.stream().map(ExperimentSpec::getId).toList()).size() != specs.size()) {
            throw new IllegalArgumentException("experiment ids must be distinct to run together");
        }
        // Flink's MiniCluster starts while the embedded broker does (neither needs the other)
        Path checkpoints = Files.createTempDirectory("asyncrl-checkpoints");
        EarlyMiniCluster flink = startFlink(options, checkpoints, new Configuration());
        EmbeddedKafka kafka = null;
        try {
            kafka = options.bootstrap() == null ? EmbeddedKafka.start() : null;
            String bootstrap = kafka != null ? kafka.bootstrapServers() : options.bootstrap();
            return runAll(specs, options, bootstrap, progress, null, System.err, checkpoints, new Configuration(),
                    flink);
        } finally {
            if (flink != null) {
                flink.close();
            }
            deleteRecursively(checkpoints);
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    /**
     * The run's MiniCluster, starting now in the background (null with the Web UI, whose environment starts its
     * own cluster with the UI's port when the job is submitted).
     */
    private static EarlyMiniCluster startFlink(RunOptions options, Path checkpoints, Configuration extra) {
        if (options.webUi()) {
            return null;
        }
        Configuration conf = environmentConfig(options, checkpoints);
        conf.addAll(extra);
        return EarlyMiniCluster.start(conf, options.parallelism());
    }

    /** A resumable run: its checkpoints and resume settings come from {@code state}; its MiniCluster starts now. */
    private static List<RunResult> runAll(List<ExperimentSpec> specs, RunOptions options, String bootstrap,
            ProgressListener progress, ResumableRun state, java.io.PrintStream notices) throws Exception {
        Configuration resume = resumeConfig(state);
        try (EarlyMiniCluster flink = startFlink(options, state.checkpoints(), resume)) {
            return runAll(specs, options, bootstrap, progress, state, notices, state.checkpoints(), resume, flink);
        }
    }

    private static List<RunResult> runAll(List<ExperimentSpec> specs, RunOptions options, String bootstrap,
            ProgressListener progress, ResumableRun state, java.io.PrintStream notices, Path checkpoints,
            Configuration resume, EarlyMiniCluster flink) throws Exception {
        // elapsed and deadlines on the monotonic clock: a step of the wall clock neither ends nor stretches a run
        long started = System.nanoTime();
        String prefix = options.topicPrefix();
        // The run's broker finishes starting and the topics are created while the job graph is built (neither needs
        // the other; in a fresh process the build is mostly loading Flink's classes: 0.7 s of topic creation beside
        // 1.0 s of build at load 9, docs/performance.md), and exist before the job is submitted, whose sources list
        // their partitions.
        FutureTask<Void> topics = new FutureTask<>(() -> {
            if (state != null) {
                state.awaitBroker();
            }
            TopicAdmin.ensureTopics(bootstrap, prefix, options.partitions());
            return null;
        });
        Thread topicThread = new Thread(topics, "asyncrl-create-topics");
        topicThread.setDaemon(true);
        topicThread.start();
        StreamExecutionEnvironment env;
        if (flink != null) {
            env = flink.environment();
        } else {
            env = environment(options, checkpoints);
            env.configure(resume);
        }
        new AsyncRlPipeline(new KafkaPipelineIo(bootstrap, prefix, options.transactions()), new CatalogParamsResolver(),
                options.fault())
                .withRolloutShards(options.rolloutShards())
                .build(env);
        awaitTopics(topics);
        JobClient job = env.executeAsync(specs.size() == 1
                ? "asyncrl " + specs.get(0).getName() : "asyncrl " + specs.size() + " experiments");
        List<ResultCollector> collectors = new ArrayList<>();
        try {
            for (ExperimentSpec spec : specs) {
                collectors.add(new ResultCollector(bootstrap, prefix, spec.getId()));
            }
            for (ExperimentSpec spec : specs) {
                if (state == null) {
                    SpecProducer.send(bootstrap, Topic.EXPERIMENTS.name(prefix), spec);
                } else {
                    state.submitOnce(Topic.EXPERIMENTS.name(prefix), spec, notices);
                }
            }
            RunResult[] results = new RunResult[specs.size()];
            ExperimentFailedException[] failures = new ExperimentFailedException[specs.size()];
            long deadline = started + options.timeout().toNanos();
            long nextBrokerCheck = System.nanoTime();
            int done = 0;
            while (done < specs.size()) {
                for (int i = 0; i < specs.size(); i++) {
                    if (results[i] != null || failures[i] != null) {
                        continue;
                    }
                    Duration wall = Duration.ofNanos(System.nanoTime() - started);
                    if (collectors.get(i).poll(Duration.ofMillis(50), specs.get(i).getAlgorithm().getSteps(), wall,
                            progress)) {
                        try {
                            results[i] = collectors.get(i).finish(Duration.ofNanos(System.nanoTime() - started));
                        } catch (ExperimentFailedException failed) {
                            // the others go on: one experiment's failure stays in that experiment
                            failures[i] = failed;
                        }
                        done++;
                    }
                }
                if (state != null && System.nanoTime() - nextBrokerCheck > 0) {
                    state.checkBroker();
                    nextBrokerCheck = System.nanoTime() + 1_000_000_000L;
                }
                JobStatus status = status(job);
                if (status.isGloballyTerminalState()) {
                    throw new IllegalStateException("the pipeline job ended (" + status + ") before all "
                            + specs.size() + " experiments finished, after exhausting its restarts: "
                            + rootCause(job));
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException((specs.size() - done) + " of " + specs.size()
                            + " experiments did not finish within " + options.timeout() + " of wall time");
                }
            }
            for (ExperimentFailedException failed : failures) {
                if (failed != null) {
                    throw failed.withResults(java.util.Arrays.asList(results));
                }
            }
            return List.of(results);
        } finally {
            for (ResultCollector c : collectors) {
                c.close();
            }
            cancel(job);
        }
    }

    /** Waits for the topics; their creation's exception, if any, is thrown as it was when created inline. */
    private static void awaitTopics(FutureTask<Void> topics) throws Exception {
        try {
            topics.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }

    /**
     * Keep checkpoints when the job ends (a killed process never cancels it cleanly), and restore from the newest
     * one if an earlier run of this experiment left it here.
     */
    private static Configuration resumeConfig(ResumableRun state) throws IOException {
        Configuration c = new Configuration();
        c.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        Optional<Path> latest = state.latestCheckpoint();
        if (latest.isPresent()) {
            c.set(StateRecoveryOptions.SAVEPOINT_PATH, latest.get().toUri().toString());
        }
        return c;
    }

    /** Cancels the job unless it has already ended (a failed job takes its local MiniCluster down). */
    private static void cancel(JobClient job) {
        try {
            // bounded: with a dead broker the job's Kafka clients may block their close for a minute
            job.cancel().get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // Already ended: nothing to cancel, and the run's own outcome is what the caller must see.
        }
    }

    /** The job's status; a local MiniCluster that shut down means the job has ended. */
    private static JobStatus status(JobClient job) {
        try {
            return job.getJobStatus().get();
        } catch (Exception e) {
            return JobStatus.FAILED;
        }
    }

    /** The failure that ended the job, innermost cause first, for the user's error message. */
    static String rootCause(JobClient job) {
        try {
            job.getJobExecutionResult().get();
            return "no failure reported";
        } catch (Exception e) {
            Throwable t = e;
            while (t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            return t.getClass().getSimpleName() + ": " + t.getMessage();
        }
    }

    /**
     * The MiniCluster environment: checkpointing always on (to a file directory: stage state outgrows
     * the JobManager's in-memory limit), a fixed-delay restart strategy, optionally the Web UI.
     */
    public static StreamExecutionEnvironment environment(RunOptions options, Path checkpoints) {
        Configuration conf = environmentConfig(options, checkpoints);
        StreamExecutionEnvironment env;
        if (options.webUi()) {
            conf.set(RestOptions.PORT, options.webUiPort());
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
            env.setParallelism(options.parallelism());
        } else {
            env = StreamExecutionEnvironment.createLocalEnvironment(options.parallelism(), conf);
        }
        return env;
    }

    /** The configuration of {@link #environment}, before the environment adds its parallelism and target. */
    static Configuration environmentConfig(RunOptions options, Path checkpoints) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, options.checkpointInterval());
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        // Every type in the job has an explicit serializer (Avro records, stage state through
        // StageStateSerializer): a type that would fall back to Kryo fails the job instead of slipping in.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return conf;
    }

    /**
     * Deletes a run's checkpoint directory. The cancelled job may still be discarding its own checkpoints in it
     * (a file or folder gone between listing and deleting, a new one written meanwhile), so a walk that meets
     * them goes again, a few times; a directory still left then is named in the log, never failing a finished run.
     */
    private static void deleteRecursively(Path dir) {
        for (int attempt = 1; Files.exists(dir); attempt++) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 5) {
                    LoggerFactory.getLogger(LocalRunner.class).warn("Could not delete {}", dir, e);
                    return;
                }
            }
        }
    }

}
