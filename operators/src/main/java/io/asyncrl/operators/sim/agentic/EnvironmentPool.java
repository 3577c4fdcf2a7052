package io.asyncrl.operators.sim.agentic;

import io.asyncrl.operators.sim.core.SimTime;
import io.asyncrl.operators.sim.core.StateIo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;

/**
 * The environment steps between turns (code execution, search, a sandbox) as a first-come-first-served
 * multi-server queue, like the reward stage's verifier workers: a step submitted at t starts on the worker
 * free earliest (lowest index on ties) and ends after its latency. Steps are submitted in simulated-time
 * order, so the end time is known at submission; the rollout takes them back in (end time, trajectory id)
 * order. {@code workers} null is an unbounded pool (every step starts at once).
 *
 * @param <T> what travels through the step (the rollout's sequence)
 */
public final class EnvironmentPool<T> {
    long[] workerFreeUs;
    ArrayList<Step<T>> running = new ArrayList<>();
    long busyUs;
    long waitUs;
    long steps;

    public EnvironmentPool() {}

    public EnvironmentPool(Integer workers) {
        this.workerFreeUs = workers == null ? null : new long[workers];
    }

    /** Starts a step at {@code nowUs} (queued behind busy workers); returns its end. */
    public long submit(long nowUs, long id, long latencyUs, T payload) {
        long start = nowUs;
        if (workerFreeUs != null) {
            int w = 0;
            for (int i = 1; i < workerFreeUs.length; i++) {
                if (workerFreeUs[i] < workerFreeUs[w]) {
                    w = i;
                }
            }
            start = Math.max(nowUs, workerFreeUs[w]);
            workerFreeUs[w] = start + latencyUs;
        }
        long end = start + latencyUs;
        waitUs += start - nowUs;
        busyUs += latencyUs;
        steps++;
        Step<T> s = new Step<>(start, end, id, payload);
        int lo = 0;
        int hi = running.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            Step<T> m = running.get(mid);
            if (m.endUs < end || (m.endUs == end && m.id <= id)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        running.add(lo, s);
        return end;
    }

    /** End of the earliest step, or {@link SimTime#NEVER}. */
    public long nextEventUs() {
        return running.isEmpty() ? SimTime.NEVER : running.get(0).endUs;
    }

    public T poll() {
        return running.remove(0).payload;
    }

    /** Payloads still in a step, in (end, id) order. */
    public ArrayList<T> inFlight() {
        ArrayList<T> out = new ArrayList<>();
        for (Step<T> s : running) {
            out.add(s.payload);
        }
        return out;
    }

    /** Worker time spent on steps up to {@code untilUs} (queueing excluded; steps still running count their part before it). */
    public long busyUs(long untilUs) {
        long after = 0;
        for (Step<T> s : running) {
            after += s.endUs - Math.max(s.startUs, Math.min(untilUs, s.endUs));
        }
        return busyUs - after;
    }

    /** Time steps waited for a free worker, summed. */
    public long waitUs() {
        return waitUs;
    }

    public long steps() {
        return steps;
    }

    /** Workers, or 0 for an unbounded pool. */
    public int workers() {
        return workerFreeUs == null ? 0 : workerFreeUs.length;
    }

    /** The state format: the workers' free times (or none), the steps in progress with their payloads, the totals. */
    public void write(DataOutput out, StateIo.Writer<T> payload) throws IOException {
        out.writeBoolean(workerFreeUs != null);
        if (workerFreeUs != null) {
            StateIo.writeLongs(workerFreeUs, out);
        }
        StateIo.writeList(running, (s, o) -> {
            o.writeLong(s.startUs);
            o.writeLong(s.endUs);
            o.writeLong(s.id);
            payload.write(s.payload, o);
        }, out);
        out.writeLong(busyUs);
        out.writeLong(waitUs);
        out.writeLong(steps);
    }

    public static <T> EnvironmentPool<T> read(DataInput in, StateIo.Reader<T> payload) throws IOException {
        EnvironmentPool<T> p = new EnvironmentPool<>();
        if (in.readBoolean()) {
            p.workerFreeUs = StateIo.readLongs(in);
        }
        StateIo.readList(p.running, i -> new Step<>(i.readLong(), i.readLong(), i.readLong(), payload.read(i)), in);
        p.busyUs = in.readLong();
        p.waitUs = in.readLong();
        p.steps = in.readLong();
        return p;
    }

    /** One step in progress. */
    public static final class Step<T> {
        long startUs;
        long endUs;
        long id;
        T payload;

        public Step() {}

        Step(long startUs, long endUs, long id, T payload) {
            this.startUs = startUs;
            this.endUs = endUs;
            this.id = id;
            this.payload = payload;
        }
    }
}
