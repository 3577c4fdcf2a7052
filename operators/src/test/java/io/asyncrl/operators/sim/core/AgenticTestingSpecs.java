package io.asyncrl.operators.sim.core;

import io.asyncrl.schemas.AlgorithmKind;
import io.asyncrl.schemas.AsyncMode;
import io.asyncrl.schemas.DelayDist;
import io.asyncrl.schemas.DistKind;
import io.asyncrl.schemas.EnvExecution;
import io.asyncrl.schemas.EnvironmentSpec;
import io.asyncrl.schemas.ExperimentSpec;
import io.asyncrl.schemas.KvRetention;
import io.asyncrl.schemas.LengthDist;
import io.asyncrl.schemas.PassRateDist;
import io.asyncrl.schemas.PassRateKind;

/** {@link TestingSpecs#tiny} with multi-turn trajectories, or with DAPO's dynamic sampling. */
public final class AgenticTestingSpecs {
    private AgenticTestingSpecs() {}

    /** 1-4 turns, 20-200 tool tokens, environment steps of about 0.8 s on 2 workers. */
    public static ExperimentSpec multiTurn(AsyncMode mode, int eta, boolean partial, long seed, EnvExecution execution,
            KvRetention kv) {
        ExperimentSpec s = TestingSpecs.tiny(mode, eta, partial, seed);
        s.setId(s.getId() + "-turns-" + execution + "-" + kv);
        var w = s.getWorkload();
        w.setTurns(LengthDist.newBuilder().setDist(DistKind.UNIFORM).setMin(1).setMax(4).build());
        w.setToolTokens(LengthDist.newBuilder().setDist(DistKind.UNIFORM).setMin(20).setMax(200).build());
        w.setEnvironment(EnvironmentSpec.newBuilder().setWorkers(2)
                .setLatencySeconds(DelayDist.newBuilder().setDist(DistKind.LOGNORMAL).setMedian(0.8).setSigma(0.7)
                        .setMin(0.0).setMax(10).build())
                .setExecution(execution).setKvCache(kv).setKvTtlSeconds(1.5).build());
        return s;
    }

    /** DAPO with dynamic sampling over Beta(1, 1) pass rates. */
    public static ExperimentSpec dapo(AsyncMode mode, int eta, boolean partial, long seed) {
        ExperimentSpec s = TestingSpecs.tiny(mode, eta, partial, seed);
        s.setId(s.getId() + "-dapo");
        s.getAlgorithm().setKind(AlgorithmKind.DAPO);
        s.getAlgorithm().setDynamicSampling(true);
        s.getWorkload().setPassRate(PassRateDist.newBuilder().setDist(PassRateKind.BETA).setAlpha(1).setBeta(1).build());
        return s;
    }
}
