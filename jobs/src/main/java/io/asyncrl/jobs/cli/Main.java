package io.asyncrl.jobs.cli;

import static io.asyncrl.jobs.cli.CliArgs.positive;
import static io.asyncrl.jobs.cli.CliArgs.required;

import io.asyncrl.hw.validation.HardwareValidation;
import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.jobs.run.RunOutputs;
import io.asyncrl.jobs.run.RunResult;
import io.asyncrl.jobs.spec.SpecException;
import io.asyncrl.schemas.ExperimentSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The {@code asyncrl} command line. Exit codes: 0 done, 1 failed while running, 2 bad input. */
public final class Main {
    static final String USAGE = """
            usage: asyncrl <command> [options]

            commands:
              run SPEC.yaml --out DIR     run the experiment on an embedded Kafka broker and a Flink MiniCluster
                  [--parallelism N]         Flink parallelism of every stage (default 2)
                  [--partitions N]          partitions per topic (default 1)
                  [--bootstrap HOST:PORT]   use this Kafka cluster instead of the embedded broker
                  [--topic-prefix P]        prefix of every topic (default asyncrl.)
                  [--ui] [--ui-port N]      serve Flink's Web UI on localhost while it runs (default port 8081)
                  [--timeout-minutes N]     wall-clock limit (default 30)
                  [--checkpoint-seconds N]  Flink checkpoint interval (default 5)
                  [--transactions]          exactly-once through Kafka transactions (slower; see docs/exactly-once.md)
              check SPEC.yaml             validate a spec and exit
              cluster start|stop|status   a standalone Flink session cluster and Kafka broker on this machine
                  [--dir DIR]               run folder: logs, pid files, data (default runs/cluster)
                  [--rest-port N] [--kafka-port N] [--rpc-port N] [--controller-port N] [--slots N]
                                            (defaults 8081, 9092, 6123, 9093, 4 slots)
              deploy --flink URL --bootstrap HOST:PORT   start the service job on a Flink cluster (REST API)
                  [--jar PATH] [--topic-prefix P] [--partitions N] [--parallelism N] [--checkpoint-interval-ms MS]
              submit SPEC.yaml --bootstrap HOST:PORT     validate, send to the service, print the experiment id
                  [--topic-prefix P] [--id ID]
              watch ID --bootstrap HOST:PORT             progress, then the summary of a submitted experiment
              fetch ID --bootstrap HOST:PORT --out DIR   write its summary.json, steps.arrow, trajectories.arrow
                  [--topic-prefix P] [--timeout-minutes N]  (watch and fetch)
              report SPEC.yaml --out DIR  run it and also write report.html (offline charts) and trace.json (Perfetto)
              compare SPEC.yaml --out DIR run variants of a spec as concurrent experiments of one pipeline job
                  [--modes sync,one-step-off,async]   also sync-disaggregated (synchronous generation then training on the split)
                  [--staleness 0,1,2,4,8]   one async variant per bound (default: the spec's)
                  [--in-memory]             run the same stage code in memory instead of on Flink+Kafka (compare, sweep, report)
                                            writes compare.json, report.html and one folder per variant
              sweep SPEC.yaml --set a.b.c=v1,v2 [--set ...] --out DIR   the cross product of field values; same outputs
              plan SPEC.yaml --devices N  search the rollout/train split, TP per role and staleness bound for the highest
                  [--max-staleness K]       trained tokens/s (analytic bounds prune, the in-memory pipeline simulates);
                  [--steps S] [--threads T] staleness ceiling K (default 8), S simulated steps per candidate (default 6)
                  [--budget-minutes M]      stop simulating after M minutes (default 9), best bounds first
                  [--confirm]               then rerun the recommended and runner-up configurations (S steps) as
                                            concurrent experiments of one pipeline job on Flink+Kafka; exit 1 unless
                                            each summary is byte-identical to the in-memory one
                  [--out DIR]               with --confirm: write plan.txt and each confirmed run's files there
              validate hardware           compare the hardware models with the published measurements
                  [--measurements FILE.csv]   ... or with your own (columns of the reference rows; docs/hardware-models.md)
              calibrate --measurements FILE.csv --out FILE.yaml   fit the efficiency options to your measurements and
                                            write a hardware: block (a spec uses it with hardware: {include: FILE.yaml})
              validate papers             run examples/papers/ and print published vs simulated (AReaL Table 1, AsyncFlow)
              help                        this text
            """;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Deque<String> a = new ArrayDeque<>(List.of(args));
        String command = a.isEmpty() ? "help" : a.pop();
        try {
            return switch (command) {
                case "run" -> runCommand(a, out, err);
                case "check" -> check(a, out);
                case "validate" -> validate(a, out);
                case "cluster" -> ServiceCommands.cluster(a, out, err);
                case "deploy" -> ServiceCommands.deploy(a, out, err);
                case "submit" -> ServiceCommands.submit(a, out, err);
                case "watch" -> ServiceCommands.watch(a, out, err);
                case "fetch" -> ServiceCommands.fetch(a, out, err);
                case "compare" -> usage(() -> io.asyncrl.jobs.compare.CompareCommands.compare(a, out, err));
                case "sweep" -> usage(() -> io.asyncrl.jobs.compare.CompareCommands.sweep(a, out, err));
                case "report" -> usage(() -> io.asyncrl.jobs.compare.CompareCommands.report(a, out, err));
                case "plan" -> usage(() -> io.asyncrl.jobs.plan.PlanCommand.plan(a, out, err));
                case "calibrate" -> usage(() -> io.asyncrl.jobs.calibrate.CalibrateCommand.calibrate(
                        Path.of(flag(a, "--measurements", "FILE.csv")), Path.of(flag(a, "--out", "FILE.yaml")), out));
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            err.println("asyncrl: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (SpecException e) {
            err.println("asyncrl: the spec was refused; nothing was started:");
            err.println(e.getMessage());
            return 2;
        } catch (io.asyncrl.jobs.run.ExperimentFailedException e) {
            err.println("asyncrl: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("asyncrl: " + command + " failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    /** Runs a command whose bad usage is an IllegalArgumentException: reported as a usage error (exit 2). */
    private static int usage(java.util.concurrent.Callable<Integer> command) throws Exception {
        try {
            return command.call();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static int check(Deque<String> a, PrintStream out) throws Exception {
        Path spec = Path.of(required(a, "SPEC.yaml"));
        ExperimentSpec s = ExperimentIds.load(spec, null);
        out.println(spec + ": ok (experiment id " + s.getId() + ")");
        out.println(io.asyncrl.jobs.spec.ModelFigures.describe(s.getModel()));
        return 0;
    }

    private static int validate(Deque<String> a, PrintStream out) throws Exception {
        String what = required(a, "hardware");
        if (what.equals("papers")) {
            try {
                out.print(io.asyncrl.jobs.papers.PaperValidation.report(io.asyncrl.jobs.papers.PapersDir.find()));
            } catch (Exception e) {
                throw new IllegalStateException("validate papers failed", e);
            }
            return 0;
        }
        if (!what.equals("hardware")) {
            throw new UsageException("validate takes 'hardware' or 'papers', got '" + what + "'");
        }
        if (!a.isEmpty()) {
            return usage(() -> io.asyncrl.jobs.calibrate.CalibrateCommand.validate(
                    Path.of(flag(a, "--measurements", "FILE.csv")), out));
        }
        out.print(HardwareValidation.report());
        return 0;
    }

    /** The value of {@code name} among the remaining arguments (any order); unknown flags are refused. */
    private static String flag(Deque<String> a, String name, String what) {
        List<String> rest = List.copyOf(a);
        for (int i = 0; i < rest.size(); i++) {
            String f = rest.get(i);
            if (!f.equals("--measurements") && !f.equals("--out")) {
                throw new UsageException("unknown option '" + f + "'");
            }
            if (i + 1 >= rest.size()) {
                throw new UsageException(f + " needs a value");
            }
            if (f.equals(name)) {
                return rest.get(i + 1);
            }
            i++;
        }
        throw new UsageException("missing " + name + " " + what);
    }

    private static int runCommand(Deque<String> a, PrintStream out, PrintStream err) throws Exception {
        Path spec = Path.of(required(a, "SPEC.yaml"));
        Path outDir = null;
        RunOptions options = RunOptions.defaults();
        Duration timeout = options.timeout();
        boolean ui = false;
        int uiPort = 8081;
        while (!a.isEmpty()) {
            String flag = a.pop();
            switch (flag) {
                case "--out" -> outDir = Path.of(required(a, "--out DIR"));
                case "--parallelism" -> options = options.withParallelism(positive(a, flag));
                case "--partitions" -> options = options.withPartitions(positive(a, flag));
                case "--bootstrap" -> options = options.withBootstrap(required(a, "--bootstrap HOST:PORT"));
                case "--topic-prefix" -> options = options.withTopicPrefix(required(a, "--topic-prefix P"));
                case "--ui" -> ui = true;
                case "--ui-port" -> uiPort = positive(a, flag);
                case "--timeout-minutes" -> timeout = Duration.ofMinutes(positive(a, flag));
                case "--transactions" -> options = options.withTransactions(true);
                case "--checkpoint-seconds" -> options = options.withCheckpointInterval(
                        Duration.ofSeconds(positive(a, flag)));
                default -> throw new UsageException("unknown option '" + flag + "'");
            }
        }
        if (outDir == null) {
            throw new UsageException("run needs --out DIR");
        }
        options = options.withWebUi(ui, uiPort);
        options = new RunOptions(options.bootstrap(), options.parallelism(), options.partitions(),
                options.topicPrefix(), options.webUi(), options.webUiPort(), timeout, options.checkpointInterval(),
                options.fault(), options.transactions());
        ExperimentSpec s = ExperimentIds.load(spec, null);
        err.println("asyncrl: running " + s.getName() + " (id " + s.getId() + ") with parallelism "
                + options.parallelism() + (options.bootstrap() == null ? " on a local Kafka broker (state in " + outDir.resolve(".asyncrl") + ")" : " on " + options.bootstrap()));
        if (ui) {
            err.println("asyncrl: Flink Web UI at http://localhost:" + uiPort + "/");
        }
        RunResult result = LocalRunner.runResumable(s, options, outDir, new ProgressBar(err, System.console() != null));
        RunOutputs.write(outDir, result);
        out.print(SummaryTable.render(result.summaryJson()));
        out.println("  wall time          " + String.format(java.util.Locale.ROOT, "%.1f s", result.wallTime().toMillis() / 1e3));
        out.println("  wrote              " + outDir.resolve(RunOutputs.SUMMARY) + ", "
                + RunOutputs.STEPS + ", " + RunOutputs.TRAJECTORIES);
        return 0;
    }
}
