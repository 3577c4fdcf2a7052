package io.asyncrl.operators.sim.core;

import io.asyncrl.hw.Device;
import io.asyncrl.hw.EngineConfig;
import io.asyncrl.hw.HardwareModel;
import io.asyncrl.hw.HardwareModels;
import io.asyncrl.hw.InstanceTiming;
import io.asyncrl.hw.MemoryCheck;
import io.asyncrl.hw.ModelArch;
import io.asyncrl.hw.TrainJob;
import io.asyncrl.hw.TrainStepTiming;

/**
 * The default hardware model, every method forwarded: a test's fake model extends it and overrides only the
 * costs it fixes to round numbers, so that its timeline can be computed by hand while memory checks and engine
 * settings stay the real ones.
 */
public abstract class ForwardingHardwareModel implements HardwareModel {
    protected final HardwareModel real = HardwareModels.defaultModel();

    @Override
    public InstanceTiming inference(Device device, ModelArch model, int tp) {
        return real.inference(device, model, tp);
    }

    @Override
    public InstanceTiming inference(Device device, ModelArch model, int tp, EngineConfig engine) {
        return inference(device, model, tp);
    }

    @Override
    public MemoryCheck inferenceFits(Device device, ModelArch model, int tp, long minKvTokens) {
        return real.inferenceFits(device, model, tp, minKvTokens);
    }

    @Override
    public MemoryCheck inferenceFits(Device device, ModelArch model, int tp, long minKvTokens, double memoryFraction) {
        return real.inferenceFits(device, model, tp, minKvTokens, memoryFraction);
    }

    @Override
    public EngineConfig rolloutEngine(boolean colocated, double requestedMemoryFraction, Boolean requestedEager) {
        return real.rolloutEngine(colocated, requestedMemoryFraction, requestedEager);
    }

    @Override
    public TrainStepTiming trainStep(Device device, ModelArch model, TrainJob job) {
        return real.trainStep(device, model, job);
    }

    @Override
    public double streamedLogprobSeconds(Device device, ModelArch model, TrainJob job) {
        return real.streamedLogprobSeconds(device, model, job);
    }

    @Override
    public MemoryCheck trainingFits(Device device, ModelArch model, int devices, int tp, int pp) {
        return real.trainingFits(device, model, devices, tp, pp);
    }

    @Override
    public double weightSyncSeconds(Device device, ModelArch model, int trainDevices, int rolloutDevices, int rolloutTp) {
        return real.weightSyncSeconds(device, model, trainDevices, rolloutDevices, rolloutTp);
    }

    @Override
    public double colocatedSwitchSeconds(Device device, ModelArch model, int devices, int rolloutTp, int trainTp) {
        return real.colocatedSwitchSeconds(device, model, devices, rolloutTp, trainTp);
    }
}
