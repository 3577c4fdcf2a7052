package io.asyncrl.jobs.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command: picocli fills its options, {@link #call()} does the work and returns the exit code. */
abstract class CliCommand implements Callable<Integer> {
    Streams streams;

    @Spec
    CommandSpec spec;

    PrintStream out() {
        return streams.out();
    }

    PrintStream err() {
        return streams.err();
    }
}
