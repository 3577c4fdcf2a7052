package io.asyncrl.jobs.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A real standalone Flink session cluster and a standalone KRaft Kafka broker on this machine,
 * as three child JVMs (Kafka broker, Flink JobManager, Flink TaskManager) started from the Maven
 * artifacts the project already depends on. Everything binds to localhost. Each process writes its
 * pid to {@code <dir>/<name>.pid} and its logs to {@code <dir>/logs/}; {@link #stop} ends only the
 * processes named in those pid files, and only if they still run the command they were started with.
 *
 * <p>The processes outlive the JVM that started them; {@code asyncrl cluster stop} ends them.
 */
public final class LocalCluster {
    static final String KAFKA = "kafka";
    static final String JOBMANAGER = "jobmanager";
    static final String TASKMANAGER = "taskmanager";
    /** Start order; stop goes the other way. */
    static final List<String> PROCESSES = List.of(KAFKA, JOBMANAGER, TASKMANAGER);
    static final Map<String, String> MAIN_CLASSES = Map.of(
            KAFKA, "kafka.Kafka",
            JOBMANAGER, "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
            TASKMANAGER, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");

    /**
     * The JVM flags of flink-dist's config.yaml ({@code env.java.opts.all}) for JDK 17: Flink's
     * serializers and RPC reach into these JDK packages.
     */
    public static final List<String> FLINK_JDK_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final int STOP_SECONDS = 20;

    private final ClusterOptions options;
    private final Path dir;

    public LocalCluster(ClusterOptions options) {
        this.options = options;
        this.dir = options.dir().toAbsolutePath().normalize();
    }

    public String restUrl() {
        return "http://localhost:" + options.restPort();
    }

    public String bootstrap() {
        return "127.0.0.1:" + options.kafkaPort();
    }

    /** The run folder. */
    public Path dir() {
        return dir;
    }

    /** The processes of this run folder that are still running (broker, JobManager, TaskManager). */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> running = new ArrayList<>();
        for (String name : PROCESSES) {
            running(name).ifPresent(running::add);
        }
        return running;
    }

    /**
     * Starts the broker, then the JobManager, then the TaskManager, and returns once Kafka answers
     * and the JobManager's REST API reports the TaskManager's slots. When the JobManager of an earlier
     * start in the same folder runs, starts only the broker or TaskManager that died; refuses when
     * everything runs. On failure, stops what it started.
     */
    public void start() throws IOException, InterruptedException {
        if (running(JOBMANAGER).isPresent() && (running(KAFKA).isEmpty() || running(TASKMANAGER).isEmpty())) {
            restartDead();
            return;
        }
        for (String name : PROCESSES) {
            Optional<ProcessHandle> running = running(name);
            if (running.isPresent()) {
                throw new IllegalStateException(name + " of " + dir + " is already running (pid "
                        + running.get().pid() + "); run 'asyncrl cluster stop' first");
            }
        }
        PortCheck.requireFree(options);
        Files.createDirectories(dir.resolve("logs"));
        new ClusterOptions(dir, options.home(), options.restPort(), options.rpcPort(), options.kafkaPort(),
                options.controllerPort(), options.slots()).save();
        Classpaths cp = Classpaths.of(options.home());
        try {
            startKafka(cp.kafka(), List.of());
            startFlink(cp.flink());
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    /**
     * The JobManager runs but the broker or the TaskManager died: starts them again on the same ports and
     * data, so that the running service job restores its last checkpoint and its experiments carry on.
     */
    private void restartDead() throws IOException, InterruptedException {
        if (running(KAFKA).isEmpty()) {
            startKafka(Classpaths.of(options.home()).kafka(), List.of());
        }
        if (running(TASKMANAGER).isEmpty()) {
            replaceTaskManager();
        }
    }

    /**
     * Starts only the broker, for one run that brings its own Flink (a MiniCluster): its JVM compiles with C1
     * only ({@link #ONE_RUN_BROKER_JVM}).
     */
    public void startKafkaOnly() throws IOException, InterruptedException {
        launchKafkaOnly();
        awaitKafka();
    }

    /**
     * As {@link #startKafkaOnly}, but returns once the broker's process is launched, so that the caller can prepare
     * its job meanwhile; {@link #awaitKafka} then waits until it accepts connections.
     */
    public void launchKafkaOnly() throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        new ClusterOptions(dir, options.home(), options.restPort(), options.rpcPort(), options.kafkaPort(),
                options.controllerPort(), options.slots()).save();
        launchKafka(Classpaths.of(options.home()).dependencies(), ClassDataSharing.oneRunBrokerJvm(ONE_RUN_BROKER_JVM));
    }

    /** A broker for one run compiles with C1 only (its C2 threads cost more than they repaid: docs/performance.md). */
    static final List<String> ONE_RUN_BROKER_JVM = List.of("-XX:TieredStopAtLevel=1");

    /**
     * Stops the broker (SIGTERM, as an operator's restart would) and starts it again on the same port
     * and data directory; returns once it accepts connections again.
     */
    public void restartKafka() throws IOException, InterruptedException {
        Optional<ProcessHandle> p = running(KAFKA);
        if (p.isPresent()) {
            p.get().destroy();
            try {
                p.get().onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                p.get().destroyForcibly();
                p.get().onExit().join();
            }
        }
        startKafka(Classpaths.of(options.home()).kafka(), List.of());
    }

    private void startKafka(String classpath, List<String> extraJvm) throws IOException, InterruptedException {
        launchKafka(classpath, extraJvm);
        awaitKafka();
    }

    private void launchKafka(String classpath, List<String> extraJvm) throws IOException {
        Path kafkaDir = dir.resolve("kafka");
        Path data = kafkaDir.resolve("data");
        Files.createDirectories(kafkaDir);
        Path props = kafkaDir.resolve("server.properties");
        Files.writeString(props, ClusterConfigs.kafkaServerProperties(options, data), StandardCharsets.UTF_8);
        Path log4j = kafkaDir.resolve("log4j2.properties");
        Files.writeString(log4j, ClusterConfigs.log4j(), StandardCharsets.UTF_8);
        List<String> jvm = new ArrayList<>(List.of("-Xms256m", "-Xmx1g",
                "-Dlog4j2.configurationFile=" + log4j.toUri(),
                "-Dlog.file=" + dir.resolve("logs/kafka.log")));
        jvm.addAll(extraJvm);
        if (!Files.isDirectory(data)) {
            KafkaStorage.format(props, dir.resolve("logs/kafka-format.out"));
        }
        launch(KAFKA, command(classpath, jvm, MAIN_CLASSES.get(KAFKA), List.of(props.toString())));
    }

    /** Waits until the launched broker accepts connections as the cluster its data directory was formatted for. */
    public void awaitKafka() throws IOException, InterruptedException {
        Path data = dir.resolve("kafka").resolve("data");
        BrokerReadiness.await(options.kafkaPort(), BrokerReadiness.clusterId(data).orElse("unformatted"),
                () -> checkAlive(KAFKA), List.of(dir.resolve("logs/kafka.log"), dir.resolve("logs/kafka.out")),
                START_TIMEOUT);
    }

    private void startFlink(String classpath) throws IOException, InterruptedException {
        Path confDir = dir.resolve("flink-conf");
        Files.createDirectories(confDir);
        Map<String, String> conf = ClusterConfigs.flinkConfig(options, dir);
        Files.writeString(confDir.resolve("config.yaml"), ClusterConfigs.yaml(conf), StandardCharsets.UTF_8);
        Path log4j = confDir.resolve("log4j.properties");
        Files.writeString(log4j, ClusterConfigs.log4j(), StandardCharsets.UTF_8);
        Configuration flinkConf = Configuration.fromMap(conf);

        // What flink-dist's jobmanager.sh and taskmanager.sh compute with BashJavaUtils: heap sizes
        // from the process sizes, and for the TaskManager its memory split as dynamic properties.
        JobManagerProcessSpec jm = JobManagerProcessUtils.processSpecFromConfig(flinkConf);
        List<String> jmJvm = new ArrayList<>(split(JobManagerProcessUtils.generateJvmParametersStr(jm, flinkConf)));
        jmJvm.addAll(logging(log4j, JOBMANAGER));
        List<String> jmArgs = new ArrayList<>(List.of("--configDir", confDir.toString()));
        jmArgs.addAll(split(JobManagerProcessUtils.generateDynamicConfigsStr(jm)));
        launch(JOBMANAGER, command(classpath, jmJvm, MAIN_CLASSES.get(JOBMANAGER), jmArgs));

        launchTaskManager(classpath, confDir, log4j, flinkConf);
        awaitTaskManager();
    }

    private void launchTaskManager(String classpath, Path confDir, Path log4j, Configuration flinkConf)
            throws IOException {
        TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(flinkConf);
        List<String> tmJvm = new ArrayList<>(split(ProcessMemoryUtils.generateJvmParametersStr(tm)));
        tmJvm.addAll(logging(log4j, TASKMANAGER));
        List<String> tmArgs = new ArrayList<>(List.of("--configDir", confDir.toString()));
        tmArgs.addAll(split(TaskExecutorProcessUtils.generateDynamicConfigsStr(tm)));
        launch(TASKMANAGER, command(classpath, tmJvm, MAIN_CLASSES.get(TASKMANAGER), tmArgs));
    }

    /**
     * Kills the TaskManager outright (SIGKILL: a lost machine, not a clean shutdown) and starts a
     * fresh one in its place; returns once the JobManager reports it. Running jobs fail over to it.
     */
    public void replaceTaskManager() throws IOException, InterruptedException {
        Optional<ProcessHandle> p = running(TASKMANAGER);
        if (p.isPresent()) {
            p.get().destroyForcibly();
            p.get().onExit().join();
        }
        Path confDir = dir.resolve("flink-conf");
        Configuration flinkConf = Configuration.fromMap(ClusterConfigs.flinkConfig(options, dir));
        launchTaskManager(Classpaths.of(options.home()).flink(), confDir, confDir.resolve("log4j.properties"),
                flinkConf);
        awaitTaskManager();
    }

    private List<String> logging(Path log4j, String name) {
        return List.of("-Dlog4j.configurationFile=" + log4j.toUri(),
                "-Dlog4j2.configurationFile=" + log4j.toUri(),
                "-Dlog.file=" + dir.resolve("logs/" + name + ".log"));
    }

    private static List<String> command(String classpath, List<String> jvm, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(FLINK_JDK_OPTS);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    private void launch(String name, List<String> command) throws IOException {
        Path out = dir.resolve("logs/" + name + ".out");
        Process p = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        PidFile.write(pidFile(name), p.toHandle());
    }

    private void awaitTaskManager() throws InterruptedException {
        try (FlinkSessionClient flink = new FlinkSessionClient(restUrl())) {
            flink.awaitTaskManager(START_TIMEOUT, () -> {
                checkAlive(JOBMANAGER);
                checkAlive(TASKMANAGER);
            });
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the Flink cluster did not report a TaskManager within "
                    + START_TIMEOUT.toSeconds() + " s; see " + dir.resolve("logs"), e);
        }
    }

    private void checkAlive(String name) {
        if (running(name).isEmpty()) {
            throw new IllegalStateException(name + " exited while starting; see "
                    + dir.resolve("logs/" + name + ".out") + " and " + dir.resolve("logs/" + name + ".log"));
        }
    }

    /**
     * Ends the processes named in this folder's pid files (TaskManager, JobManager, broker), each
     * first with SIGTERM and after {@value #STOP_SECONDS} s forcibly; a pid whose process no longer
     * runs our main class is left alone. Returns what it stopped.
     */
    public List<String> stop() throws InterruptedException {
        List<String> stopped = new ArrayList<>();
        for (int i = PROCESSES.size() - 1; i >= 0; i--) {
            String name = PROCESSES.get(i);
            Optional<ProcessHandle> p = running(name);
            if (p.isPresent()) {
                ProcessHandle h = p.get();
                PidFile.markStopping(pidFile(name));
                h.destroy();
                try {
                    h.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    h.destroyForcibly();
                    h.onExit().join();
                }
                stopped.add(name + " (pid " + h.pid() + ")");
            }
            try {
                PidFile.delete(pidFile(name));
            } catch (IOException e) {
                throw new IllegalStateException("cannot delete " + pidFile(name), e);
            }
        }
        return stopped;
    }

    /**
     * Whether this folder's broker process is running (no REST call: a Kafka-only folder has no Flink). A broker
     * whose stop began is not: it may still answer for the second its shutdown takes ({@link #stopping}).
     */
    public boolean kafkaRunning() {
        return running(KAFKA).isPresent() && !stopping();
    }

    /**
     * True when a {@link #stop} began here and was not seen through (its process was killed meanwhile): a
     * process it signalled may still be shutting down. {@link #stop} again finishes it.
     */
    public boolean stopping() {
        return PROCESSES.stream().anyMatch(name -> PidFile.stopping(pidFile(name)));
    }

    /** One line per process: running with its pid, or not; plus the Flink cluster's overview. */
    public Map<String, String> status() {
        Map<String, String> status = new LinkedHashMap<>();
        for (String name : PROCESSES) {
            status.put(name, running(name).map(h -> "running (pid " + h.pid() + ")").orElse("not running"));
        }
        // Without a JobManager process there is nothing to ask (the REST client would wait out its timeout).
        status.put("flink " + restUrl(), running(JOBMANAGER).isEmpty() ? "not answering (no JobManager runs)"
                : FlinkSessionClient.describe(restUrl()));
        status.put("kafka", status.get(KAFKA) + ", bootstrap " + bootstrap());
        return status;
    }

    /**
     * The process of this folder's pid file for {@code name}, if it is still the process that was
     * started: same pid and same start time (a recycled pid belongs to someone else).
     */
    Optional<ProcessHandle> running(String name) {
        return PidFile.process(pidFile(name));
    }

    Path pidFile(String name) {
        return dir.resolve(name + ".pid");
    }

    private static List<String> split(String args) {
        List<String> out = new ArrayList<>();
        for (String s : args.trim().split("\\s+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
