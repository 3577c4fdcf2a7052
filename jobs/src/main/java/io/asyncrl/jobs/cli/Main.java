package io.asyncrl.jobs.cli;

import io.asyncrl.jobs.result.ExperimentFailedException;
import io.asyncrl.jobs.run.Refused;
import io.asyncrl.jobs.spec.SpecException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code asyncrl} command line (picocli). Nothing outside this package imports it: each command
 * parses its options and calls the package that does the work (run, compare, plan, papers, service).
 * Exit codes: 0 done, 1 failed while running, 2 bad input (a usage error or a refused spec).
 */
@Command(name = "asyncrl", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, usageHelpWidth = 110,
        versionProvider = Version.class, synopsisSubcommandLabel = "COMMAND",
        description = "Asynchronous RL post-training of LLMs simulated as a Flink + Kafka streaming pipeline.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failed while running", "2:bad input: a usage error or a refused spec"},
        subcommands = {RunCommand.class, CheckCommand.class, ClusterCommand.class, DeployCommand.class,
                SubmitCommand.class, WatchCommand.class, FetchCommand.class, ReportCommand.class,
                CompareCommand.class, SweepCommand.class, PlanCommand.class, ValidateCommand.class, CalibrateCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    public static final int DONE = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Streams io = new Streams(out, err);
        CommandLine cli = new CommandLine(new Main(), new Streams.Factory(io));
        cli.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, commandLine, err));
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** No command given: the list of commands on stderr, exit 2. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing COMMAND");
    }

    /**
     * A usage error: the message and one usage line of that command (the top-level one lists the
     * commands). Exit 2.
     */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        if (cmd.getCommandSpec().parent() == null) {
            cmd.usage(err);
        } else {
            err.println(usageLine(cmd));
        }
        err.flush();
        return BAD_INPUT;
    }

    static String usageLine(CommandLine cmd) {
        String[] custom = cmd.getCommandSpec().usageMessage().customSynopsis();
        String synopsis = custom.length > 0 ? custom[0].strip() : cmd.getCommandSpec().qualifiedName();
        // a command with several forms (calibrate): the first form that names an option given
        var parsed = cmd.getParseResult();
        if (custom.length > 1 && parsed != null) {
            for (String form : custom) {
                if (parsed.matchedOptions().stream().anyMatch(o -> !o.longestName().equals("--out")
                        && form.contains(o.longestName() + " "))) {
                    synopsis = form.strip();
                    break;
                }
            }
        }
        return "usage: " + synopsis + "   (" + cmd.getCommandSpec().qualifiedName() + " --help for every option)";
    }

    private static int failure(Exception e, CommandLine cmd, PrintStream err) {
        String name = cmd.getCommandSpec().qualifiedName();
        if (e instanceof SpecException refused && refused.errors().size() == 1
                && refused.errors().get(0).field().equals("file")) {
            // not a spec at all (missing, a directory, binary, too large): one line
            err.println(name + ": " + refused.source() + ": "
                    + refused.errors().get(0).message());
            return BAD_INPUT;
        }
        if (e instanceof SpecException) {
            err.println("asyncrl: the spec was refused; nothing was started:");
            err.println(e.getMessage());
            return BAD_INPUT;
        }
        if (e instanceof Refused) {
            err.println(name + ": " + e.getMessage());
            return BAD_INPUT;
        }
        if (e instanceof IllegalArgumentException) {
            // Bad values that only the command can judge (a missing spec file, --out without --confirm ...).
            err.println(name + ": " + e.getMessage());
            err.println(usageLine(cmd));
            return BAD_INPUT;
        }
        if (e instanceof ExperimentFailedException) {
            err.println("asyncrl: " + e.getMessage());
            return FAILED;
        }
        // Unexpected: one line for the user, the stack trace in the log file.
        LoggerFactory.getLogger(Main.class).error("{} failed", name, e);
        err.println(name + " failed: " + oneLine(e) + " (details in " + logFile() + ")");
        return FAILED;
    }

    /** The innermost cause's class and message, on one line. */
    static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? "" : ": " + t.getMessage().strip().lines().findFirst().orElse("");
        // our own expected failures are IllegalStateExceptions whose message says it all
        return t instanceof IllegalStateException && t.getMessage() != null ? m.substring(2) : t.getClass().getSimpleName() + m;
    }

    /** Where log4j2.xml sends the frameworks' logs and our stack traces. */
    static String logFile() {
        return System.getProperty("asyncrl.log.file", System.getProperty("java.io.tmpdir") + "/asyncrl.log");
    }
}
