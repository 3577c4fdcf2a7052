package io.asyncrl.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncrl.jobs.run.RunOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PipelineFlagsTest {

    @Test
    void shouldApplyEveryGivenFlagAndKeepEverythingElse() {
        PipelineFlags flags = new PipelineFlags();
        new CommandLine(flags).parseArgs("--parallelism", "3", "--partitions", "2", "--bootstrap", "host:9092",
                "--timeout-minutes", "7");
        RunOptions base = RunOptions.defaults().withCheckpointInterval(Duration.ofSeconds(9));
        RunOptions o = flags.applyTo(base);
        assertEquals(3, o.parallelism());
        assertEquals(2, o.partitions());
        assertEquals("host:9092", o.bootstrap());
        assertEquals(Duration.ofMinutes(7), o.timeout());
        assertEquals(Duration.ofSeconds(9), o.checkpointInterval());
        assertEquals(base.topicPrefix(), o.topicPrefix());
    }

    @Test
    void shouldChangeNothingWithoutFlags() {
        PipelineFlags flags = new PipelineFlags();
        new CommandLine(flags).parseArgs();
        assertEquals(RunOptions.defaults(), flags.applyTo(RunOptions.defaults()));
    }
}
