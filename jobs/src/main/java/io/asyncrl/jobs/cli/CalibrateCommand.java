package io.asyncrl.jobs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code asyncrl calibrate --measurements FILE.csv --out FILE.yaml}: fit the efficiency options to measurements;
 * {@code asyncrl calibrate --spec SPEC.yaml --step-times FILE.csv --out FILE.yaml}: fit the time scales to a measured
 * synchronous run.
 */
@Command(name = "calibrate", customSynopsis = {
        "asyncrl calibrate --measurements FILE.csv --out FILE.yaml [--force]",
        "asyncrl calibrate --spec SPEC.yaml --step-times FILE.csv --out FILE.yaml [--force]"},
        description = {"Fit the hardware model to your measurements: its efficiency options to benchmark rows "
                + "(--measurements), or its time scales to the step times of an RL run of yours (--spec with "
                + "--step-times).",
                "Writes a hardware: block; a spec uses it with hardware: {include: FILE.yaml} (docs/hardware-models.md)."})
final class CalibrateCommand extends CliCommand {
    @Option(names = "--measurements", paramLabel = "FILE.csv",
            description = "benchmark measurements with the columns of the reference rows")
    Path measurements;

    @Option(names = "--spec", paramLabel = "SPEC.yaml", description = "the spec of the run you measured "
            + "(with --step-times)")
    Path spec;

    @Option(names = "--step-times", paramLabel = "FILE.csv", description = "that run's step times, one row per step: "
            + "step_seconds and optionally training_seconds and, asynchronous, waiting_seconds (or verl's timing_s/... or "
            + "AReaL's timeperf/... metrics)")
    Path stepTimes;

    @Option(names = "--out", paramLabel = "FILE.yaml", required = true, description = "where the hardware: block goes")
    Path outFile;

    @Option(names = "--force", description = "replace FILE.yaml if it is there (without it, an earlier block is kept)")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (measurements != null && (spec != null || stepTimes != null)) {
            throw new IllegalArgumentException("give either --measurements (benchmark rows) or --spec with --step-times "
                    + "(a run's step times), not both");
        }
        if (measurements != null) {
            return io.asyncrl.jobs.calibrate.CalibrateCommand.calibrate(measurements, outFile, force, out());
        }
        if (spec == null || stepTimes == null) {
            throw new IllegalArgumentException(spec == null && stepTimes == null
                    ? "give --measurements FILE.csv (benchmark rows) or --spec SPEC.yaml with --step-times FILE.csv "
                            + "(the step times of a synchronous run)"
                    : (spec == null ? "--step-times needs --spec SPEC.yaml: the spec of the run it measured"
                            : "--spec needs --step-times FILE.csv: the measured step times to fit it to"));
        }
        return io.asyncrl.jobs.calibrate.CalibrateCommand.calibrateSteps(spec, stepTimes, outFile, force, out());
    }
}
