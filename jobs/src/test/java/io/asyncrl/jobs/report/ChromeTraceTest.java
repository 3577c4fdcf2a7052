package io.asyncrl.jobs.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncrl.jobs.compare.InMemoryRunner;
import io.asyncrl.jobs.result.RunResult;
import io.asyncrl.jobs.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.asyncrl.schemas.ExperimentSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ChromeTraceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path examples() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("examples")) && Files.isDirectory(d.resolve("jobs"))) {
                return d.resolve("examples");
            }
        }
        throw new IllegalStateException("examples/ not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-async.yaml", "tiny-sync.yaml", "tiny-one-step-off.yaml", "qwen2.5-1.5b-ppo-async-small.yaml"})
    void shouldFollowTheTraceEventFormatWithCounterTracks(String example) {
        ExperimentSpec spec = SpecLoader.load(examples().resolve(example), "exp-trace");
        RunResult run = InMemoryRunner.run(spec);
        JsonNode trace = JSON.valueToTree(ChromeTrace.of(spec, run));
        assertEquals(List.of(), TraceEventRules.violations(trace));
        Set<String> counters = new HashSet<>();
        trace.get("traceEvents").forEach(e -> {
            if (e.get("ph").asText().equals("C")) {
                counters.add(e.get("name").asText());
            }
        });
        assertEquals(Set.of("queued at rollout", "generating", "in flight", "awaiting reward", "awaiting trainer",
                "KV cache in use", "batch slots in use"), counters);
        // the capacity tracks are fractions of the pool, and a run that generates anything uses some of its KV cache
        double maxKv = 0;
        for (JsonNode e : trace.get("traceEvents")) {
            if (e.get("ph").asText().equals("C") && e.get("name").asText().endsWith("in use")) {
                double f = e.get("args").get("fraction").asDouble();
                assertTrue(f >= 0 && f <= 1, e.toString());
                if (e.get("name").asText().startsWith("KV")) {
                    maxKv = Math.max(maxKv, f);
                }
            }
        }
        assertTrue(maxKv > 0, "some KV cache in use");
    }

    @Test
    void shouldPutOverlappingSyncsOnSeparateThreads() throws Exception {
        // async with eta 2: the trainer goes on while the last version is still being sent, so syncs overlap; a 1.2 s
        // fixed sync cost (the weight-sync default before the checkpoint-engine refit) keeps each sync longer than a step
        String yaml = Files.readString(examples().resolve("tiny-async.yaml")) + "hardware: {sync.fixed-seconds: 1.2}\n";
        ExperimentSpec spec = SpecLoader.parse(yaml, "tiny-async.yaml", "exp-t");
        RunResult run = InMemoryRunner.run(spec);
        JsonNode trace = JSON.valueToTree(ChromeTrace.of(spec, run));
        Set<Long> syncThreads = new HashSet<>();
        trace.get("traceEvents").forEach(e -> {
            if (e.get("ph").asText().equals("X") && e.get("pid").asInt() == 3) {
                syncThreads.add(e.get("tid").asLong());
            }
        });
        long overlapping = 0;
        List<long[]> syncs = run.steps().stream().filter(s -> s.getAvailableUs() > s.getEndUs())
                .map(s -> new long[] {s.getEndUs(), s.getAvailableUs()}).toList();
        for (int i = 1; i < syncs.size(); i++) {
            overlapping += syncs.get(i)[0] < syncs.get(i - 1)[1] ? 1 : 0;
        }
        assertTrue(overlapping > 0, "this example's syncs overlap (the case the lanes are for)");
        assertEquals(2, syncThreads.size(), "overlapping syncs on a second thread");
    }

    @Test
    void shouldRejectOverlappingSlicesOnOneThread() throws Exception {
        // the case: sync v1 1.33-2.79 s and sync v2 2.26-3.73 s on one thread
        JsonNode bad = JSON.readTree("""
                {"traceEvents": [
                  {"name": "sync v1", "ph": "X", "ts": 1330000, "dur": 1460000, "pid": 3, "tid": 0},
                  {"name": "sync v2", "ph": "X", "ts": 2260000, "dur": 1470000, "pid": 3, "tid": 0}]}""");
        List<String> v = TraceEventRules.violations(bad);
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).contains("overlaps"), v.get(0));
        JsonNode nested = JSON.readTree("""
                {"traceEvents": [
                  {"name": "outer", "ph": "X", "ts": 0, "dur": 10, "pid": 1, "tid": 0},
                  {"name": "inner", "ph": "X", "ts": 2, "dur": 8, "pid": 1, "tid": 0},
                  {"name": "next", "ph": "X", "ts": 10, "dur": 5, "pid": 1, "tid": 0},
                  {"name": "q", "ph": "C", "ts": 3, "pid": 4, "tid": 0, "args": {"n": 2}}]}""");
        assertEquals(List.of(), TraceEventRules.violations(nested));
        JsonNode badCounter = JSON.readTree("""
                {"traceEvents": [{"name": "q", "ph": "C", "ts": 3, "pid": 4, "tid": 0, "args": {"n": "two"}}]}""");
        assertEquals(1, TraceEventRules.violations(badCounter).size());
    }

    @Test
    void shouldPlaceEachSliceOnTheLowestFreeLane() {
        // [1330, 2790) lane 0; [2260, 3730) overlaps it: lane 1; [2790, 4000) starts when lane 0 frees: lane 0;
        // [3730, 5000) starts when lane 1 frees: lane 1 (lane 0 busy until 4000)
        int[] lanes = TraceLanes.assign(List.of(new TraceLanes.Slice(0, 1330, 2790), new TraceLanes.Slice(1, 2260, 3730),
                new TraceLanes.Slice(2, 2790, 4000), new TraceLanes.Slice(3, 3730, 5000)));
        assertArrayEquals(new int[] {0, 1, 0, 1}, lanes);
    }
}
