package io.asyncrl.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a trace against the Trace Event Format's rules (Google's "Trace Event Format" document):
 * a {@code traceEvents} array; every event has {@code ph}, {@code pid}, {@code tid}; complete events
 * ({@code "X"}) have a name and numeric {@code ts} and {@code dur} >= 0, and on one pid/tid they either are
 * disjoint or nest; counter events ({@code "C"}) have a name, numeric {@code ts} and an {@code args} object of
 * numbers; metadata ({@code "M"}) names a process or thread in {@code args.name}. Returns every violation.
 */
final class TraceEventRules {
    private TraceEventRules() {}

    static List<String> violations(JsonNode trace) {
        List<String> out = new ArrayList<>();
        JsonNode events = trace.get("traceEvents");
        if (events == null || !events.isArray()) {
            out.add("no traceEvents array");
            return out;
        }
        Map<String, List<long[]>> slices = new TreeMap<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            String ph = e.path("ph").asText("");
            if (!e.path("pid").isIntegralNumber() || !e.path("tid").isIntegralNumber()) {
                out.add("event " + i + ": pid and tid must be integers");
                continue;
            }
            String thread = e.get("pid").asLong() + "/" + e.get("tid").asLong();
            switch (ph) {
                case "X" -> {
                    if (!e.path("name").isTextual() || !e.path("ts").isNumber() || !e.path("dur").isNumber()
                            || e.get("dur").asDouble() < 0 || e.get("ts").asDouble() < 0) {
                        out.add("event " + i + ": a complete event needs a name, ts >= 0 and dur >= 0");
                        continue;
                    }
                    long ts = e.get("ts").asLong();
                    slices.computeIfAbsent(thread, k -> new ArrayList<>()).add(new long[] {ts, ts + e.get("dur").asLong(), i});
                }
                case "C" -> {
                    if (!e.path("name").isTextual() || !e.path("ts").isNumber() || !e.path("args").isObject()
                            || e.get("args").isEmpty()) {
                        out.add("event " + i + ": a counter needs a name, ts and args");
                        continue;
                    }
                    var values = e.get("args").fields();
                    while (values.hasNext()) {
                        var f = values.next();
                        if (!f.getValue().isNumber()) {
                            out.add("event " + i + ": counter value " + f.getKey() + " is not a number");
                        }
                    }
                }
                case "M" -> {
                    if (!e.path("args").path("name").isTextual()) {
                        out.add("event " + i + ": metadata without args.name");
                    }
                }
                default -> out.add("event " + i + ": unexpected phase '" + ph + "'");
            }
        }
        for (var t : slices.entrySet()) {
            List<long[]> list = t.getValue();
            // by start, the longer (enclosing) slice first at equal starts
            list.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
            Deque<long[]> open = new ArrayDeque<>();
            for (long[] s : list) {
                while (!open.isEmpty() && open.peek()[1] <= s[0]) {
                    open.pop();
                }
                if (!open.isEmpty() && s[1] > open.peek()[1]) {
                    out.add("thread " + t.getKey() + ": event " + s[2] + " [" + s[0] + ", " + s[1] + ") overlaps event "
                            + open.peek()[2] + " [" + open.peek()[0] + ", " + open.peek()[1] + ") without nesting");
                }
                open.push(s);
            }
        }
        return out;
    }
}
