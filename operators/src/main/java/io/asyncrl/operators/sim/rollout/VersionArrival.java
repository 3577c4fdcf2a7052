package io.asyncrl.operators.sim.rollout;

import io.asyncrl.schemas.PolicyVersion;

/** A policy version waiting for its simulated arrival time. */
public final class VersionArrival {
    long availableUs;
    int version;
    boolean last;

    public VersionArrival() {}

    VersionArrival(PolicyVersion v) {
        this.availableUs = v.getAvailableUs();
        this.version = v.getVersion();
        this.last = v.getLast();
    }
}
