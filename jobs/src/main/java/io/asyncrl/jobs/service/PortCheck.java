package io.asyncrl.jobs.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Refuses to start a process on a port another process already holds. Without it, a readiness check
 * that connects to the port is answered by the other process: `cluster start` reported "kafka
 * 127.0.0.1:19092" while the broker it had started died on "address already in use".
 */
final class PortCheck {
    private PortCheck() {}

    /** Every port a cluster start binds, with the {@code cluster start} flag that changes it. */
    static void requireFree(ClusterOptions o) {
        requireFree("kafka", o.kafkaPort(), "--kafka-port");
        requireFree("kafka controller", o.controllerPort(), "--controller-port");
        requireFree("flink rest", o.restPort(), "--rest-port");
        requireFree("flink rpc", o.rpcPort(), "--rpc-port");
    }

    /** Throws naming the port, what wanted it and the flag that changes it, when the port is taken. */
    static void requireFree(String what, int port, String flag) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " (" + what + ") is already in use by another process; stop "
                    + "it or choose another port with " + flag + " N");
        }
    }
}
