package io.asyncrl.jobs.cli;

import io.asyncrl.jobs.service.ClusterOptions;
import io.asyncrl.jobs.service.Home;
import io.asyncrl.jobs.service.LocalCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code asyncrl cluster start|stop|status}: a standalone Flink session cluster and Kafka broker on this machine. */
@Command(name = "cluster", customSynopsis = "asyncrl cluster start|stop|status [OPTIONS]",
        description = "A standalone Flink session cluster and Kafka broker on this machine.")
final class ClusterCommand extends CliCommand {
    enum Action { start, stop, status }

    @Parameters(index = "0", paramLabel = "start|stop|status", description = "what to do")
    Action action;

    @Option(names = "--dir", paramLabel = "DIR", description = "run folder: logs, pid files, data (default runs/cluster)")
    Path dir;

    @Option(names = "--rest-port", paramLabel = "N", converter = Counts.Positive.class, description = "Flink REST port (default 8081)")
    Integer rest;

    @Option(names = "--rpc-port", paramLabel = "N", converter = Counts.Positive.class, description = "Flink RPC port (default 6123)")
    Integer rpc;

    @Option(names = "--kafka-port", paramLabel = "N", converter = Counts.Positive.class, description = "Kafka port (default 9092)")
    Integer kafka;

    @Option(names = "--controller-port", paramLabel = "N", converter = Counts.Positive.class,
            description = "Kafka controller port (default 9093)")
    Integer controller;

    @Option(names = "--slots", paramLabel = "N", converter = Counts.Positive.class, description = "task slots (default 4)")
    Integer slots;

    @Override
    public Integer call() throws Exception {
        ClusterOptions o = ClusterOptions.defaults(Home.detect());
        if (dir != null) {
            o = o.withDir(dir);
        }
        if (slots != null) {
            o = o.withSlots(slots);
        }
        boolean portsGiven = rest != null || rpc != null || kafka != null || controller != null;
        o = o.withPorts(rest == null ? o.restPort() : rest, rpc == null ? o.rpcPort() : rpc,
                kafka == null ? o.kafkaPort() : kafka, controller == null ? o.controllerPort() : controller);
        if (!portsGiven) {
            // status and stop find the ports of the last start; a start again in the folder reuses them
            o = o.withSavedPorts();
        }
        LocalCluster cluster = new LocalCluster(o);
        switch (action) {
            case start -> {
                err().println("asyncrl: starting Kafka and Flink in " + o.dir() + " ...");
                cluster.start();
                out().println("flink      " + cluster.restUrl() + "/");
                out().println("kafka      " + cluster.bootstrap());
                out().println("run folder " + o.dir().toAbsolutePath().normalize() + " (logs/, *.pid)");
                out().println("next:      ./asyncrl deploy --flink " + cluster.restUrl() + " --bootstrap " + cluster.bootstrap());
            }
            case stop -> {
                List<String> stopped = cluster.stop();
                out().println(stopped.isEmpty() ? "nothing of " + o.dir() + " was running" : "stopped " + String.join(", ", stopped));
            }
            case status -> {
                Map<String, String> status = cluster.status();
                boolean stopped = status.values().stream().noneMatch(v -> v.startsWith("running"));
                for (Map.Entry<String, String> e : status.entrySet()) {
                    String value = e.getValue();
                    if (stopped && value.startsWith("not answering")) {
                        // nothing of this folder runs: the REST error ("null") says nothing more
                        value = "not running (start it with: asyncrl cluster start)";
                    }
                    out().printf("%-28s %s%n", e.getKey(), value);
                }
            }
            default -> throw new IllegalStateException("unknown action " + action);
        }
        return Main.DONE;
    }
}
