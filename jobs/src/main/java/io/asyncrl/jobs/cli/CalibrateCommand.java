package io.asyncrl.jobs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code asyncrl calibrate --measurements FILE.csv --out FILE.yaml}: fit the efficiency options to measurements. */
@Command(name = "calibrate", customSynopsis = "asyncrl calibrate --measurements FILE.csv --out FILE.yaml [--force]",
        description = {"Fit the hardware model's efficiency options to your measurements.",
                "Writes a hardware: block; a spec uses it with hardware: {include: FILE.yaml} (docs/hardware-models.md)."})
final class CalibrateCommand extends CliCommand {
    @Option(names = "--measurements", paramLabel = "FILE.csv", required = true,
            description = "measurements with the columns of the reference rows")
    Path measurements;

    @Option(names = "--out", paramLabel = "FILE.yaml", required = true, description = "where the hardware: block goes")
    Path outFile;

    @Option(names = "--force", description = "replace FILE.yaml if it is there (without it, an earlier block is kept)")
    boolean force;

    @Override
    public Integer call() throws Exception {
        return io.asyncrl.jobs.calibrate.CalibrateCommand.calibrate(measurements, outFile, force, out());
    }
}
