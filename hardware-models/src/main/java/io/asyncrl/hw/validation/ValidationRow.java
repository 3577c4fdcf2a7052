package io.asyncrl.hw.validation;

/**
 * One measured point next to its prediction.
 *
 * @param id row id, {@code I1..} for inference and {@code T1..} for training (file order)
 * @param calibration true if the row was used to fit the frozen defaults
 * @param description what was measured
 * @param unit unit of the measured and predicted values
 * @param measured published figure
 * @param predicted model output
 * @param reason known cause when the row is off by more than the goal, otherwise empty
 */
public record ValidationRow(
        String id, boolean calibration, String description, String unit, double measured, double predicted, String reason) {

    /** (predicted - measured) / measured. */
    public double relativeError() {
        return (predicted - measured) / measured;
    }

    public double absoluteRelativeError() {
        return StrictMath.abs(relativeError());
    }
}
