package io.asyncrl.hw;

import static io.asyncrl.hw.HardwareModelOptions.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MinibatchImbalanceTest {
    /** 64 sequences, 32 of 2,048 and 32 of 14,336 tokens: mean 8,192, standard deviation 6,144, cv 0.75. */
    private static final double SQUARED = 32.0 * 2048 * 2048 + 32.0 * 14336 * 14336;

    private static TrainJob spread(int devices, int minibatches) {
        return new TrainJob(devices, 1, 1, 64L * 8192, 64, minibatches, false, false, SQUARED);
    }

    @Test
    void shouldGiveTheKnownExpectedMaximaOfStandardNormals() {
        assertEquals(0.0, MinibatchImbalance.expectedMaxOfStandardNormals(1));
        // E[max of 2] = 1 / sqrt(pi) = 0.564190; E[max of 3] = 3 / (2 sqrt(pi)) = 0.846284
        assertEquals(0.564190, MinibatchImbalance.expectedMaxOfStandardNormals(2), 1e-5);
        assertEquals(0.846284, MinibatchImbalance.expectedMaxOfStandardNormals(3), 1e-5);
        // Tabulated (Tippett 1925): E[max of 10] = 1.538753
        assertEquals(1.538753, MinibatchImbalance.expectedMaxOfStandardNormals(10), 1e-4);
    }

    @Test
    void shouldMakeEveryMinibatchWaitForTheRankWithTheMostTokens() {
        // 2 ranks, 4 minibatches: n = 64 / (2 * 4) = 8 sequences per rank and minibatch, out of a share of N = 32.
        // sd of the minibatch's tokens / its mean = cv * sqrt((N - n) / (N - 1) / n) = 0.75 * sqrt(24 / 31 / 8)
        //   = 0.75 * 0.311086 = 0.233314; the slower of 2 ranks: 1 + 0.233314 * 0.564190 = 1.131633.
        assertEquals(1.131633, MinibatchImbalance.factor(spread(2, 4), 2), 1e-5);
    }

    @Test
    void shouldHaveNoImbalanceWithOneMinibatchOneRankOrEqualLengths() {
        assertEquals(1.0, MinibatchImbalance.factor(spread(2, 1), 2)); // the balanced shares are the minibatches
        assertEquals(1.0, MinibatchImbalance.factor(spread(1, 4), 1));
        TrainJob equal = new TrainJob(2, 1, 1, 64L * 8192, 64, 4, false, false, 64.0 * 8192 * 8192);
        assertEquals(1.0, MinibatchImbalance.factor(equal, 2), 1e-12);
    }

    @Test
    void shouldStretchOnlyThePolicyUpdateWhenMinibatchesAreCutByCount() {
        Device h100 = DeviceCatalog.require("h100-sxm");
        ModelArch qwen = ModelCatalog.require("qwen2.5-7b");
        OptionValues balanced = OptionValues.defaults();
        TrainStepTiming even = new TrainingTimeModel(balanced).trainStep(h100, qwen, spread(2, 4), Precision.BF16);
        TrainStepTiming byCount = new TrainingTimeModel(balanced.with(MINIBATCH_BY_COUNT, true))
                .trainStep(h100, qwen, spread(2, 4), Precision.BF16);
        assertEquals(even.computeSeconds() * 1.131633, byCount.computeSeconds(), even.computeSeconds() * 1e-5);
        assertEquals(even.logprobSeconds(), byCount.logprobSeconds(), 1e-12);
        assertEquals(even.optimizerSeconds(), byCount.optimizerSeconds(), 1e-12);
    }
}
