package io.asyncrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncrl.jobs.run.LocalRunner;
import io.asyncrl.jobs.run.ProgressListener;
import io.asyncrl.jobs.run.RunOptions;
import io.asyncrl.operators.sim.CatalogParamsResolver;
import io.asyncrl.operators.sim.LocalPipeline;
import io.asyncrl.schemas.AsyncMode;
import org.junit.jupiter.api.Test;

class PipelineSmokeITCase {
    @Test
    void shouldMatchTheInMemoryPipelineOnKafkaAndFlink() throws Exception {
        var spec = TestingSpecs.tiny(AsyncMode.ASYNC, 2, true, 3);
        var result = LocalRunner.run(spec, RunOptions.defaults(),
                (s, n, w) -> System.out.println("step " + s.getStep() + "/" + n + " wall " + w));
        System.out.println(result.summaryJson() + "\nwall=" + result.wallTime());
        assertEquals(new LocalPipeline(new CatalogParamsResolver(), -1).run(spec), result.summaryJson());
    }
}
