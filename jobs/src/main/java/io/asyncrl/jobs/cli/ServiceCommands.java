package io.asyncrl.jobs.cli;

import static io.asyncrl.jobs.cli.CliArgs.nonNegative;
import static io.asyncrl.jobs.cli.CliArgs.positive;
import static io.asyncrl.jobs.cli.CliArgs.required;

import io.asyncrl.jobs.run.ProgressListener;
import io.asyncrl.jobs.run.RunOutputs;
import io.asyncrl.jobs.run.RunResult;
import io.asyncrl.jobs.service.ClusterOptions;
import io.asyncrl.jobs.service.DeadLetterReader;
import io.asyncrl.jobs.service.ExperimentClient;
import io.asyncrl.jobs.service.Home;
import io.asyncrl.jobs.service.LocalCluster;
import io.asyncrl.jobs.service.ServiceDeployer;
import io.asyncrl.schemas.ExperimentSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The service-path commands: {@code cluster start|stop|status}, {@code deploy}, {@code submit},
 * {@code watch} and {@code fetch}. Argument parsing and printing only; the work is in
 * {@code io.asyncrl.jobs.service}. Exit codes as in {@link Main}.
 */
final class ServiceCommands {
    static final String DEFAULT_PREFIX = "asyncrl.";
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(30);

    private ServiceCommands() {}

    static int cluster(Deque<String> a, PrintStream out, PrintStream err) throws Exception {
        String action = required(a, "start|stop|status");
        Path home = Home.detect();
        ClusterOptions o = ClusterOptions.defaults(home);
        int rest = o.restPort();
        int rpc = o.rpcPort();
        int kafka = o.kafkaPort();
        int controller = o.controllerPort();
        boolean portsGiven = false;
        while (!a.isEmpty()) {
            String flag = a.pop();
            switch (flag) {
                case "--dir" -> o = o.withDir(Path.of(required(a, "--dir DIR")));
                case "--rest-port" -> { rest = positive(a, flag); portsGiven = true; }
                case "--rpc-port" -> { rpc = positive(a, flag); portsGiven = true; }
                case "--kafka-port" -> { kafka = positive(a, flag); portsGiven = true; }
                case "--controller-port" -> { controller = positive(a, flag); portsGiven = true; }
                case "--slots" -> o = o.withSlots(positive(a, flag));
                default -> throw new UsageException("unknown option '" + flag + "'");
            }
        }
        o = o.withPorts(rest, rpc, kafka, controller);
        if (!action.equals("start") && !portsGiven) {
            o = o.withSavedPorts();
        }
        LocalCluster cluster = new LocalCluster(o);
        switch (action) {
            case "start" -> {
                err.println("asyncrl: starting Kafka and Flink in " + o.dir() + " ...");
                cluster.start();
                out.println("flink      " + cluster.restUrl() + "/");
                out.println("kafka      " + cluster.bootstrap());
                out.println("run folder " + o.dir().toAbsolutePath().normalize() + " (logs/, *.pid)");
                out.println("next:      ./asyncrl deploy --flink " + cluster.restUrl() + " --bootstrap " + cluster.bootstrap());
            }
            case "stop" -> {
                List<String> stopped = cluster.stop();
                out.println(stopped.isEmpty() ? "nothing of " + o.dir() + " was running" : "stopped " + String.join(", ", stopped));
            }
            case "status" -> {
                for (Map.Entry<String, String> e : cluster.status().entrySet()) {
                    out.printf("%-28s %s%n", e.getKey(), e.getValue());
                }
            }
            default -> throw new UsageException("cluster takes start, stop or status, got '" + action + "'");
        }
        return 0;
    }

    static int deploy(Deque<String> a, PrintStream out, PrintStream err) throws Exception {
        String flink = null;
        String bootstrap = null;
        Path jar = null;
        String prefix = DEFAULT_PREFIX;
        int partitions = 3;
        Integer parallelism = null;
        Long checkpointMs = null;
        while (!a.isEmpty()) {
            String flag = a.pop();
            switch (flag) {
                case "--flink" -> flink = required(a, "--flink URL");
                case "--bootstrap" -> bootstrap = required(a, "--bootstrap HOST:PORT");
                case "--jar" -> jar = Path.of(required(a, "--jar PATH"));
                case "--topic-prefix" -> prefix = required(a, "--topic-prefix P");
                case "--partitions" -> partitions = positive(a, flag);
                case "--parallelism" -> parallelism = positive(a, flag);
                case "--checkpoint-interval-ms" -> checkpointMs = nonNegative(a, flag);
                default -> throw new UsageException("unknown option '" + flag + "'");
            }
        }
        if (flink == null || bootstrap == null) {
            throw new UsageException("deploy needs --flink URL and --bootstrap HOST:PORT");
        }
        if (jar == null) {
            jar = ServiceDeployer.defaultJar(Home.detect());
        }
        err.println("asyncrl: uploading " + jar + " to " + flink + " ...");
        String jobId = ServiceDeployer.deploy(flink, jar,
                new ServiceDeployer.Settings(bootstrap, prefix, partitions, parallelism, checkpointMs));
        out.println("service job " + jobId + " RUNNING on " + flink + " (topics " + prefix + "*)");
        return 0;
    }

    static int submit(Deque<String> a, PrintStream out, PrintStream err) throws Exception {
        Path specPath = Path.of(required(a, "SPEC.yaml"));
        String bootstrap = null;
        String prefix = DEFAULT_PREFIX;
        String id = null;
        while (!a.isEmpty()) {
            String flag = a.pop();
            switch (flag) {
                case "--bootstrap" -> bootstrap = required(a, "--bootstrap HOST:PORT");
                case "--topic-prefix" -> prefix = required(a, "--topic-prefix P");
                case "--id" -> id = required(a, "--id ID");
                default -> throw new UsageException("unknown option '" + flag + "'");
            }
        }
        if (bootstrap == null) {
            throw new UsageException("submit needs --bootstrap HOST:PORT");
        }
        ExperimentSpec spec = ExperimentIds.load(specPath, id);
        new ExperimentClient(bootstrap, prefix).submit(spec);
        err.println("asyncrl: submitted " + spec.getName() + "; follow it with: asyncrl watch " + spec.getId()
                + " --bootstrap " + bootstrap);
        out.println(spec.getId());
        return 0;
    }

    static int watch(Deque<String> a, PrintStream out, PrintStream err) throws Exception {
        return follow(a, out, err, false);
    }

    static int fetch(Deque<String> a, PrintStream out, PrintStream err) throws Exception {
        return follow(a, out, err, true);
    }

    private static int follow(Deque<String> a, PrintStream out, PrintStream err, boolean fetch) throws Exception {
        String id = required(a, "ID");
        String bootstrap = null;
        String prefix = DEFAULT_PREFIX;
        Path outDir = null;
        Duration wait = DEFAULT_WAIT;
        while (!a.isEmpty()) {
            String flag = a.pop();
            switch (flag) {
                case "--bootstrap" -> bootstrap = required(a, "--bootstrap HOST:PORT");
                case "--topic-prefix" -> prefix = required(a, "--topic-prefix P");
                case "--out" -> outDir = Path.of(required(a, "--out DIR"));
                case "--timeout-minutes" -> wait = Duration.ofMinutes(positive(a, flag));
                default -> throw new UsageException("unknown option '" + flag + "'");
            }
        }
        if (bootstrap == null) {
            throw new UsageException((fetch ? "fetch" : "watch") + " needs --bootstrap HOST:PORT");
        }
        if (fetch && outDir == null) {
            throw new UsageException("fetch needs --out DIR");
        }
        ExperimentClient client = new ExperimentClient(bootstrap, prefix);
        ExperimentSpec spec = client.findSpec(id).orElse(null);
        if (spec == null) {
            err.println("asyncrl: no experiment '" + id + "' was submitted on " + bootstrap + " (topic prefix " + prefix + ")");
            String reason = DeadLetterReader.reasonFor(bootstrap, prefix, id);
            if (reason != null) {
                err.println("asyncrl: a record with that key was refused: " + reason);
            }
            return 1;
        }
        ProgressListener progress = fetch ? ProgressListener.NONE : new ProgressBar(err, System.console() != null);
        RunResult result;
        try {
            result = client.await(id, spec.getAlgorithm().getSteps(), wait, progress);
        } catch (ExperimentClient.RefusedException e) {
            err.println("asyncrl: " + e.getMessage());
            return 1;
        }
        if (fetch) {
            RunOutputs.write(outDir, result);
            out.println("wrote " + outDir.resolve(RunOutputs.SUMMARY) + ", " + RunOutputs.STEPS + ", "
                    + RunOutputs.TRAJECTORIES);
        } else {
            out.print(SummaryTable.render(result.summaryJson()));
        }
        return 0;
    }
}
