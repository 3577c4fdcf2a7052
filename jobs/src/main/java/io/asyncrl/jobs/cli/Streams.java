package io.asyncrl.jobs.cli;

import java.io.PrintStream;
import picocli.CommandLine;

/** Where the commands print: stdout for results, stderr for progress and errors (tests pass their own). */
record Streams(PrintStream out, PrintStream err) {

    /** Creates the commands and hands each the streams of this invocation. */
    record Factory(Streams io) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K k = CommandLine.defaultFactory().create(cls);
            if (k instanceof CliCommand c) {
                c.streams = io;
            }
            return k;
        }
    }
}
