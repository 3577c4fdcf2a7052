package io.asyncrl.jobs.service;

import java.io.File;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.time.Deadline;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.rest.handler.legacy.messages.ClusterOverviewWithVersion;
import org.apache.flink.runtime.rest.messages.ClusterOverviewHeaders;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.util.concurrent.FutureUtils;
import org.apache.flink.util.concurrent.ScheduledExecutorServiceAdapter;

/**
 * A Flink session cluster through Flink's own REST client ({@link RestClusterClient} of
 * flink-clients): the cluster overview, the jobs, submitting a packaged job (its job graph is built
 * here from the jar, as {@code flink run} does, and the jar travels with it), and waiting for a
 * state with Flink's retry helper instead of a sleep loop.
 */
public final class FlinkSessionClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(500);

    private final String url;
    private final RestClusterClient<StandaloneClusterId> client;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "flink-session-client-retry");
        t.setDaemon(true);
        return t;
    });

    public FlinkSessionClient(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI uri = URI.create(this.url);
        Configuration conf = new Configuration();
        conf.set(RestOptions.ADDRESS, uri.getHost());
        conf.set(RestOptions.PORT, uri.getPort() > 0 ? uri.getPort() : 8081);
        try {
            this.client = new RestClusterClient<>(conf, StandaloneClusterId.getInstance());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a REST client for " + this.url, e);
        }
    }

    public String url() {
        return url;
    }

    /** The cluster overview: task managers, slots, running jobs, Flink version. */
    public ClusterOverviewWithVersion overview() throws Exception {
        return get(overviewFuture());
    }

    private CompletableFuture<ClusterOverviewWithVersion> overviewFuture() {
        return client.sendRequest(ClusterOverviewHeaders.getInstance(), EmptyMessageParameters.getInstance(),
                EmptyRequestBody.getInstance());
    }

    /** One line on the cluster at {@code url}: version, task managers, slots, jobs; or why it does not answer. */
    static String describe(String url) {
        try (FlinkSessionClient flink = new FlinkSessionClient(url)) {
            var o = flink.overview();
            return "flink " + o.getVersion() + ", " + o.getNumTaskManagersConnected() + " taskmanager(s), "
                    + o.getNumSlotsAvailable() + "/" + o.getNumSlotsTotal() + " slots free, "
                    + o.getNumJobsRunningOrPending() + " job(s) running";
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "not answering (" + e.getMessage() + ")";
        }
    }

    /** Every job the cluster knows, with its name and state. */
    public Collection<JobStatusMessage> jobs() throws Exception {
        return get(client.listJobs());
    }

    public JobStatus jobStatus(JobID id) throws Exception {
        return get(client.getJobStatus(id));
    }

    /** Cancels the job and waits until it has ended (a redeploy without a savepoint starts from the topics). */
    public void cancel(JobID id) throws Exception {
        get(client.cancel(id));
        await(() -> client.getJobStatus(id), JobStatus::isGloballyTerminalState, TIMEOUT);
    }

    /**
     * How often the job has restarted since it was submitted: Flink's {@code numRestarts} job metric
     * ({@code GET /jobs/:id/metrics?get=numRestarts}). An experiment that failed the job, instead of
     * failing alone, shows here first.
     */
    public long restarts(JobID id) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/jobs/" + id.toHexString()
                + "/metrics?get=numRestarts")).timeout(TIMEOUT).GET().build();
        // The REST endpoint answers from the metric fetcher's cache, empty until its first fetch of the job.
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String body;
        do {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + request.uri() + " answered " + response.statusCode());
            }
            body = response.body();
            for (JsonNode metric : new ObjectMapper().readTree(body)) {
                if ("numRestarts".equals(metric.path("id").asText())) {
                    return Long.parseLong(metric.path("value").asText());
                }
            }
            Thread.sleep(POLL.toMillis());
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("no numRestarts metric for job " + id + " on " + url + ": " + body);
    }

    /**
     * How many checkpoints of the job have completed: {@code counts.completed} of Flink's
     * {@code GET /jobs/:id/checkpoints}.
     */
    public long completedCheckpoints(JobID id) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/jobs/" + id.toHexString() + "/checkpoints"))
                .timeout(TIMEOUT).GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + request.uri() + " answered " + response.statusCode());
        }
        return new ObjectMapper().readTree(response.body()).path("counts").path("completed").asLong(0);
    }

    /** Waits until at least {@code count} checkpoints of the job have completed; returns how many have. */
    public long awaitCompletedCheckpoints(JobID id, long count, Duration timeout) throws Exception {
        return await(() -> {
            try {
                return CompletableFuture.completedFuture(completedCheckpoints(id));
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        }, n -> n >= count, timeout);
    }

    /**
     * Builds the job graph of {@code entryClass} in {@code jar} with {@code args} and submits it with
     * the jar; {@code parallelism} null leaves every operator at the cluster's default.
     */
    public JobID submit(Path jar, String entryClass, List<String> args, Integer parallelism) throws Exception {
        Configuration conf = new Configuration();
        // The job's main runs here only to build its graph. Parent-first: classes this JVM already has
        // (Kafka clients, Avro, our modules) are not loaded a second time from the jar, which would clash
        // with the copies this process keeps using.
        conf.set(CoreOptions.CLASSLOADER_RESOLVE_ORDER, "parent-first");
        PackagedProgram program = PackagedProgram.newBuilder()
                .setJarFile(new File(jar.toString()))
                .setEntryPointClassName(entryClass)
                .setArguments(args.toArray(String[]::new))
                .setConfiguration(conf)
                .build();
        try {
            JobGraph graph = PackagedProgramUtils.createJobGraph(program, conf,
                    parallelism == null ? org.apache.flink.api.common.ExecutionConfig.PARALLELISM_DEFAULT : parallelism,
                    false);
            return get(client.submitJob(graph));
        } finally {
            program.close();
        }
    }

    /** Waits until the job is RUNNING or has ended, and returns that state. */
    public JobStatus awaitRunningOrEnded(JobID id, Duration timeout) throws Exception {
        return await(() -> client.getJobStatus(id), s -> s == JobStatus.RUNNING || s.isGloballyTerminalState(), timeout);
    }

    /** Waits until at least one task manager is connected (the REST endpoint may not answer yet). */
    public void awaitTaskManager(Duration timeout, Runnable stillAlive) throws Exception {
        await(() -> {
            try {
                stillAlive.run();
            } catch (RuntimeException died) {
                return CompletableFuture.failedFuture(died);
            }
            return overviewFuture().exceptionally(notYet -> null);
        }, o -> o != null && o.getNumTaskManagersConnected() >= 1, timeout);
    }

    private <T> T await(Supplier<CompletableFuture<T>> poll, Predicate<T> done, Duration timeout) throws Exception {
        CompletableFuture<T> f = FutureUtils.retrySuccessfulWithDelay(poll, POLL, Deadline.fromNow(timeout), done,
                new ScheduledExecutorServiceAdapter(scheduler));
        try {
            return f.get(timeout.toMillis() + TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new TimeoutException("no wanted state from " + url + " within " + timeout.toSeconds() + " s: "
                    + e.getCause());
        }
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception c ? c : e;
        }
    }

    @Override
    public void close() {
        client.close();
        scheduler.shutdownNow();
    }
}
