package dev.athena.gateway.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.athena.gateway.GatewayClient;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The read tools on a real streaming replica (scripts/setup-replica.sh): a caller always reads its own writes, a
 * replica that stops or falls behind is skipped without a failed read, and others read data at most as old as
 * documented (docs/operations.md, "Read replicas").
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "athena.datasource.replicas.max-lag=2s",
            "athena.datasource.replicas.check-interval=200ms",
            "athena.datasource.replicas.read-your-writes-wait=100ms",
            "athena.datasource.replicas.connect-timeout=1s"
        })
class ReplicaReadsIntegrationTests extends DatabaseIntegrationTest {

    private static final Duration MAX_LAG = Duration.ofSeconds(2);
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(200);

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    /** Whether this test found the replica, and so may have paused or stopped it. */
    private boolean replicaFound;

    @DynamicPropertySource
    static void replica(DynamicPropertyRegistry registry) {
        registry.add("athena.datasource.replicas.nodes[0].url", TestReplica::url);
    }

    /** Per test, not per class: the skip and its reason then show in every test report. */
    @BeforeEach
    void replicaInUse() {
        TestReplica.assumeStreaming();
        replicaFound = true;
        awaitReplicaStatus("up");
    }

    @AfterEach
    void replicaBackToNormal() {
        if (!replicaFound) {
            return;
        }
        try {
            TestReplica.resumeReplay();
        } catch (RuntimeException stopped) {
            TestReplica.start();
        }
    }

    @Test
    void everyWriterReadsItsOwnWritesWhileOthersWriteConcurrently() throws Exception {
        double replicaReadsBefore = reads("1");
        int writers = 4;
        int rounds = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<List<String>>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String project = "writer-" + w;
            results.add(pool.submit(() -> writeThenRead(project, rounds)));
        }
        List<String> staleReads = new ArrayList<>();
        for (Future<List<String>> result : results) {
            staleReads.addAll(result.get());
        }
        pool.shutdown();

        assertThat(staleReads).isEmpty();
        assertThat(reads("1") - replicaReadsBefore)
                .as("reads answered by the replica")
                .isPositive();
    }

    /** Each round writes an event and a memory, then reads both back at once; returns what it did not see. */
    private List<String> writeThenRead(String project, int rounds) {
        GatewayClient client = new GatewayClient(port);
        List<String> stale = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            var event = client.postJson("/tools/record_event/execute", """
                    {"event_type": "action", "content": "round %d", "session_id": "s", "project": \
                    "%s"}""".formatted(round, project));
            assertThat(event.status()).isEqualTo(200);
            var events = client.postJson(
                    "/tools/recall_events/execute",
                    "{\"session_id\": \"s\", \"limit\": 100, \"project\": \"" + project + "\"}");
            if (events.status() != 200 || events.body().get("count").asInt() != round) {
                stale.add(project + " round " + round + ": recall_events " + events.raw());
            }
            var memory = client.postJson(
                    "/tools/remember/execute",
                    "{\"content\": \"" + project + " learned fact " + UUID.randomUUID() + "\", \"project\": \""
                            + project + "\"}");
            assertThat(memory.status()).isEqualTo(200);
            String id = memory.body().get("id").asString();
            var read = client.postJson(
                    "/tools/get_memory/execute", "{\"memory_id\": \"" + id + "\", \"project\": \"" + project + "\"}");
            if (read.status() != 200) {
                stale.add(project + " round " + round + ": get_memory " + read.status());
            }
        }
        return stale;
    }

    @Test
    void aReplicaStoppedUnderLoadFailsNoReadAndIsUsedAgainWhenBack() throws Exception {
        GatewayClient client = new GatewayClient(port);
        String id = client.postJson("/tools/remember/execute", "{\"content\": \"the replica may go away\"}")
                .body()
                .get("id")
                .asString();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        ExecutorService readers = Executors.newFixedThreadPool(3);
        List<Future<?>> load = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            load.add(readers.submit(() -> {
                while (running.get()) {
                    int status = client.postJson("/tools/get_memory/execute", "{\"memory_id\": \"" + id + "\"}")
                            .status();
                    (status == 200 ? succeeded : failed).incrementAndGet();
                }
            }));
        }
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> succeeded.get() > 20);
            double fallbacksBefore = fallbacks("failed") + fallbacks("down");

            TestReplica.stop();
            awaitReplicaStatus("down");
            int readsWhileDown = succeeded.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> succeeded.get() > readsWhileDown + 20);
            assertThat(fallbacks("failed") + fallbacks("down")).isGreaterThan(fallbacksBefore);

            double primaryReadsBefore = reads("primary");
            double replicaReadsBefore = reads("1");
            TestReplica.start();
            awaitReplicaStatus("up");
            await().atMost(Duration.ofSeconds(10)).until(() -> reads("1") > replicaReadsBefore + 10);
            assertThat(reads("primary")).isGreaterThan(primaryReadsBefore);
        } finally {
            running.set(false);
            for (Future<?> reader : load) {
                reader.get();
            }
            readers.shutdown();
        }
        assertThat(failed.get()).as("failed reads").isZero();
    }

    @Test
    void whileReplayIsPausedTheWriterStillReadsItsWritesAndOthersReadDataNoOlderThanTheBound() throws Exception {
        GatewayClient client = new GatewayClient(port);
        TestReplica.pauseReplay();

        // The writer: its read must wait for a replica that will not get there, and so runs on the primary.
        double behindBefore = fallbacks("behind");
        String id = client.postJson(
                        "/tools/remember/execute",
                        "{\"content\": \"written while replay is paused\", \"project\": \"writer\"}")
                .body()
                .get("id")
                .asString();
        assertThat(client.postJson(
                                "/tools/get_memory/execute", "{\"memory_id\": \"" + id + "\", \"project\": \"writer\"}")
                        .status())
                .isEqualTo(200);
        assertThat(fallbacks("behind")).isGreaterThan(behindBefore);

        // A project import is a write too: the copy is read where it is already (before the replica counts as lagging).
        String archive = client.get("/projects/writer/export").raw();
        double behindBeforeImport = fallbacks("behind");
        assertThat(client.post("/projects/writer-copy/import", "application/x-ndjson", archive)
                        .status())
                .isEqualTo(200);
        assertThat(client.postJson("/tools/list_memories/execute", "{\"project\": \"writer-copy\"}")
                        .body()
                        .get("count")
                        .asInt())
                .isEqualTo(1);
        assertThat(fallbacks("behind")).isGreaterThan(behindBeforeImport);

        // Another gateway's write, which this one cannot know of: seen once the replica is found too far behind.
        long written = System.nanoTime();
        jdbc.update(
                "INSERT INTO episodic_events (id, project, occurred_at, event_type, content) "
                        + "VALUES (?, 'others', now(), 'action', 'written by another gateway')",
                UUID.randomUUID());
        await().atMost(MAX_LAG.plus(CHECK_INTERVAL).plusSeconds(3))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> client.postJson("/tools/recall_events/execute", "{\"project\": \"others\"}")
                                .body()
                                .get("count")
                                .asInt()
                        == 1);
        Duration seenAfter = Duration.ofNanos(System.nanoTime() - written);
        assertThat(seenAfter).isLessThanOrEqualTo(MAX_LAG.plus(CHECK_INTERVAL).plusSeconds(1));

        var health = client.get("/health").body().get("dependencies").get("replica:1");
        assertThat(health.get("status").asString()).isEqualTo("degraded");
        assertThat(health.get("detail").asString()).contains("lag").contains("bound 2.000 s");

        TestReplica.resumeReplay();
        awaitReplicaStatus("up");
        double replicaReadsBefore = reads("1");
        assertThat(client.postJson("/tools/recall_events/execute", "{\"project\": \"others\"}")
                        .body()
                        .get("count")
                        .asInt())
                .isEqualTo(1);
        assertThat(reads("1")).isGreaterThan(replicaReadsBefore);
    }

    private void awaitReplicaStatus(String status) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> new GatewayClient(port)
                        .get("/health")
                        .body()
                        .get("dependencies")
                        .get("replica:1")
                        .get("status")
                        .asString()
                        .equals(status));
    }

    private double reads(String target) {
        return meters.get("athena.replica.reads")
                .tag("target", target)
                .counter()
                .count();
    }

    private double fallbacks(String reason) {
        return meters.get("athena.replica.fallbacks")
                .tag("reason", reason)
                .counter()
                .count();
    }
}
