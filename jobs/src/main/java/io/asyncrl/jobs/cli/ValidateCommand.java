package io.asyncrl.jobs.cli;

import io.asyncrl.hw.validation.HardwareValidation;
import io.asyncrl.jobs.papers.PaperValidation;
import io.asyncrl.jobs.papers.PapersDir;
import picocli.CommandLine.Command;

/** {@code asyncrl validate hardware|papers}: the models against published measurements. */
@Command(name = "validate", customSynopsis = "asyncrl validate hardware|papers",
        description = "Compare the simulation with published measurements.",
        subcommands = {ValidateCommand.Hardware.class, ValidateCommand.Papers.class})
final class ValidateCommand extends CliCommand {
    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing what to validate: hardware or papers");
    }

    @Command(name = "hardware", customSynopsis = "asyncrl validate hardware [--measurements FILE.csv]",
            description = {"Compare the hardware models with the published measurements,",
                    "or with your own (columns of the reference rows; docs/hardware-models.md)."})
    static final class Hardware extends CliCommand {
        @picocli.CommandLine.Option(names = "--measurements", paramLabel = "FILE.csv",
                description = "your measurements instead of the published ones")
        java.nio.file.Path measurements;

        @Override
        public Integer call() throws Exception {
            if (measurements != null) {
                return io.asyncrl.jobs.calibrate.CalibrateCommand.validate(measurements, out());
            }
            out().print(HardwareValidation.report());
            return Main.DONE;
        }
    }

    @Command(name = "papers", customSynopsis = "asyncrl validate papers",
            description = "Run examples/papers/ and print published vs simulated (AReaL Table 1, AsyncFlow).")
    static final class Papers extends CliCommand {
        @Override
        public Integer call() {
            try {
                out().print(PaperValidation.report(PapersDir.find()));
            } catch (Exception e) {
                throw new IllegalStateException("validate papers failed", e);
            }
            return Main.DONE;
        }
    }
}
