package io.asyncrl.connectors.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and deletes the {@link Topic} registry's topics. A Flink KafkaSource fails on a topic
 * that does not exist yet, so jobs call {@link #ensureTopics} before building their sources.
 */
public final class TopicAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    /** How long to wait for the cluster to create, describe or delete topics. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicAdmin() {
    }

    /**
     * Creates every registry topic named {@code prefix + baseName} that does not exist yet, with
     * {@code partitions} partitions and the broker's default replication factor, then waits until
     * each has a leader for every partition. Existing topics are left as they are, whatever their
     * partition count, so calling it again is harmless.
     */
    public static void ensureTopics(String bootstrap, String prefix, int partitions) {
        KafkaPreconditions.checkBootstrap(bootstrap);
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        createServing(bootstrap, names(prefix), partitions, "with prefix '" + prefix + "'");
    }

    /**
     * Creates the topics {@code names} (one partition each, the broker's default replication factor) that do not
     * exist yet, and waits until each partition's leader serves it, as {@link #ensureTopics} does: a producer that
     * writes to a topic the moment it is created can otherwise meet a broker that has not taken the partition over
     * yet, and an idempotent producer's first batch, refused and retried, then stays out of sequence until it expires.
     */
    public static void createServing(String bootstrap, List<String> names) {
        KafkaPreconditions.checkBootstrap(bootstrap);
        createServing(bootstrap, names, 1, names.toString());
    }

    private static void createServing(String bootstrap, List<String> names, int partitions, String what) {
        try (Admin admin = admin(bootstrap)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = names.stream()
                    .filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, Optional.of(partitions), Optional.empty()))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                LOG.info("Creating {} topics with {} partitions: {}", missing.size(), partitions,
                        missing.stream().map(NewTopic::name).collect(Collectors.toList()));
                createTolerantOfRaces(admin, missing);
            }
            awaitLeaders(admin, names);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics on " + bootstrap, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create topics " + what + " on " + bootstrap, e);
        }
    }

    /** Deletes every registry topic named {@code prefix + baseName} that exists; waits until done. */
    public static void deleteTopics(String bootstrap, String prefix) {
        KafkaPreconditions.checkBootstrap(bootstrap);
        List<String> names = names(prefix);
        try (Admin admin = admin(bootstrap)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<String> present = names.stream().filter(existing::contains).collect(Collectors.toList());
            if (present.isEmpty()) {
                return;
            }
            try {
                admin.deleteTopics(present).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while deleting topics on " + bootstrap, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot delete topics with prefix '" + prefix + "' on " + bootstrap, e);
        }
    }

    /** The full names of all registry topics for {@code prefix}, in registry order. */
    public static List<String> names(String prefix) {
        return Arrays.stream(Topic.values()).map(t -> t.name(prefix)).collect(Collectors.toList());
    }

    private static void createTolerantOfRaces(Admin admin, List<NewTopic> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        var futures = admin.createTopics(topics).values();
        for (var entry : futures.entrySet()) {
            try {
                entry.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                // Another process created it between our listing and our request: that is the goal.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private static void awaitLeaders(Admin admin, List<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            List<String> notReady = new ArrayList<>();
            try {
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(names).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                for (TopicDescription d : descriptions.values()) {
                    if (d.partitions().isEmpty() || d.partitions().stream().map(TopicPartitionInfo::leader)
                            .anyMatch(leader -> leader == null || leader.isEmpty())) {
                        notReady.add(d.name());
                    }
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                notReady.add("(metadata not yet propagated)");
            }
            if (notReady.isEmpty()) {
                awaitServing(admin, names);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Topics without a leader after " + TIMEOUT + ": " + notReady);
            }
            Thread.sleep(50);
        }
    }

    /**
     * The controller may report a leader before that broker has taken the partition over, and a
     * produce request in between is refused (and retried). ListOffsets is answered by the leader
     * itself, and the admin client retries it until the partition is served.
     */
    private static void awaitServing(Admin admin, List<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(names).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        descriptions.values().forEach(d -> d.partitions().forEach(
                p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "asyncrl-topic-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
    }
}
