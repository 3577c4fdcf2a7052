package io.asyncrl.operators.flink;

import io.asyncrl.operators.sim.core.StageOutput;
import io.asyncrl.schemas.SimEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** The side output every stage writes its metrics to, and the adapter from Flink's collectors. */
public final class Outputs {
    public static final OutputTag<SimEvent> METRICS =
            new OutputTag<>("metrics", TypeInformation.of(SimEvent.class)) {};

    private Outputs() {}

    /** Data to the main output, metrics to {@link #METRICS} through {@code side}. */
    static StageOutput of(Collector<SimEvent> main, SideOutput side) {
        return new StageOutput() {
            @Override
            public void emit(SimEvent event) {
                main.collect(event);
            }

            @Override
            public void metric(SimEvent event) {
                side.output(event);
            }
        };
    }

    /** The part of a Flink context that writes the metrics side output. */
    @FunctionalInterface
    interface SideOutput {
        void output(SimEvent event);
    }
}
