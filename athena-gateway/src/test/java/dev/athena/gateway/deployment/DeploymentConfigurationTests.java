package dev.athena.gateway.deployment;

import static dev.athena.gateway.deployment.ComposeFile.argument;
import static dev.athena.gateway.deployment.ComposeFile.command;
import static dev.athena.gateway.deployment.ComposeFile.environment;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The compose stack (docker/docker-compose.yml, the GPU override, .env.example, Prometheus) against what Athena and the
 * llama.cpp servers really read and listen on. docs/deployment.md documents the same ports and health checks.
 */
class DeploymentConfigurationTests {

    final ComposeFile compose = ComposeFile.read("docker/docker-compose.yml");
    final ComposeFile gpu = ComposeFile.read("docker/docker-compose.gpu.yml");

    @Test
    void everyEnvironmentVariableGivenToAthenaIsOneAthenaReads() {
        Map<String, String> athena = environment(compose.service("athena"));

        assertThat(athena).isNotEmpty();
        assertThat(athena.keySet())
                .allSatisfy(variable -> assertThat(AthenaEnvironment.reads(variable))
                        .as("Athena reads %s", variable)
                        .isTrue());
        assertThat(athena)
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/athena")
                .containsEntry("LLAMACPP_EMBEDDINGS_URL", "http://llamacpp-embeddings:8001")
                .containsEntry("LLAMACPP_EMBEDDING_DIM", "768")
                .containsEntry("LLAMACPP_REASONING_URL", "http://llamacpp-reasoning:8002");
    }

    @Test
    void insideItsContainerAthenaListensOnEveryInterface() {
        // Without it open mode binds to loopback, and a container answers nothing through its published port.
        assertThat(environment(compose.service("athena"))).containsEntry("SERVER_ADDRESS", "0.0.0.0");
        assertThat(RepositoryFiles.read("docker/Dockerfile")).contains("ENV SERVER_ADDRESS=0.0.0.0");
    }

    @Test
    void theReadsCheckFollowsSpringRelaxedBindingAndRejectsWhatNothingReads() {
        assertThat(AthenaEnvironment.boundProperty("SPRING_DATASOURCE_URL")).isEqualTo("spring.datasource.url");
        assertThat(AthenaEnvironment.boundProperty("ATHENA_MEMORY_MAX_CONTENT_BYTES"))
                .isEqualTo("athena.memory.max-content-bytes");
        assertThat(AthenaEnvironment.boundProperty("ATHENA_MEMORY_MAXCONTENTBYTES"))
                .isEqualTo("athena.memory.max-content-bytes");
        assertThat(AthenaEnvironment.reads("ATHENA_EMBEDDING_PROVIDER")).isTrue();
        assertThat(AthenaEnvironment.reads("ATHENA_MEMORY_NO_SUCH_SETTING")).isFalse();
        assertThat(AthenaEnvironment.reads("LLAMACPP_EMBEDDING_URL"))
                .as("a typo of LLAMACPP_EMBEDDINGS_URL")
                .isFalse();
        assertThat(AthenaEnvironment.reads("JAVA_OPTS"))
                .as("read by the image's entrypoint, not by Athena")
                .isFalse();
    }

    @Test
    void theMappedVariablesAreDocumentedInTheConfigurationReference() {
        String configuration = RepositoryFiles.read("docs/configuration.md");

        assertThat(AthenaEnvironment.MAPPED_VARIABLES)
                .allSatisfy(variable -> assertThat(configuration).contains("`" + variable + "`"));
    }

    @Test
    void athenaListensOnTheConfiguredPortAndIsHealthCheckedOnHealth() throws IOException {
        Map<String, Object> athena = compose.service("athena");
        int serverPort = applicationServerPort();

        assertThat(serverPort).isEqualTo(8000);
        assertThat(Yaml.strings(Yaml.listAt(athena, "ports"))).containsExactly("127.0.0.1:8000:" + serverPort);
        assertThat(healthcheck(athena))
                .containsExactly("CMD", "curl", "-fsS", "http://localhost:" + serverPort + "/health");
        assertThat(Yaml.mapAt(athena, "healthcheck")).containsKey("start_period");
        assertThat(RepositoryFiles.read("docker/Dockerfile"))
                .contains("EXPOSE " + serverPort)
                .contains("CMD curl -fsS http://localhost:" + serverPort + "/health");
    }

    @Test
    void theDeploymentGuideDocumentsEachPortAndHealthCheck() {
        String guide = RepositoryFiles.read("docs/deployment.md");
        for (String service : List.of("athena", "llamacpp-embeddings", "llamacpp-reasoning")) {
            List<String> check = healthcheck(compose.service(service));
            assertThat(guide).as(service).contains("`" + String.join(" ", check.subList(1, check.size())) + "`");
            String port = Yaml.strings(Yaml.listAt(compose.service(service), "ports"))
                    .get(0)
                    .split(":")[2];
            assertThat(guide).contains("| `" + service + "` | " + port + " (");
        }
        for (String server : List.of("llamacpp-embeddings", "llamacpp-reasoning")) {
            String startPeriod = String.valueOf(Yaml.at(compose.service(server), "healthcheck", "start_period"));
            assertThat(guide).contains("start period " + startPeriod.replace("s", " s"));
        }
    }

    @Test
    void athenaWaitsForHealthyDatabaseAndEmbeddingsAndStartsWhileReasoningLoads() {
        Map<String, Object> dependsOn = Yaml.mapAt(compose.service("athena"), "depends_on");

        assertThat(Yaml.at(Yaml.map(dependsOn.get("postgres"), "postgres"), "condition"))
                .isEqualTo("service_healthy");
        assertThat(Yaml.at(Yaml.map(dependsOn.get("llamacpp-embeddings"), "embeddings"), "condition"))
                .isEqualTo("service_healthy");
        assertThat(Yaml.at(Yaml.map(dependsOn.get("llamacpp-reasoning"), "reasoning"), "condition"))
                .isEqualTo("service_started");
    }

    @Test
    void eachLlamaCppServerListensAndIsHealthCheckedOnItsOwnPortNotTheImages8080() {
        assertLlamaCppServer("llamacpp-embeddings", 8001);
        assertLlamaCppServer("llamacpp-reasoning", 8002);
    }

    @Test
    void theEmbeddingServerRunsNomicEmbedWithItsEightKContext() {
        List<String> command = command(compose.service("llamacpp-embeddings"));

        assertThat(argument(command, "--model")).isEqualTo("/models/nomic-embed-text-v1.5.Q4_K_M.gguf");
        assertThat(command).contains("--embedding", "--metrics");
        assertThat(argument(command, "--ctx-size")).isEqualTo("8192");
        assertThat(argument(command, "--batch-size")).isEqualTo("8192");
        assertThat(argument(command, "--ubatch-size")).isEqualTo("8192");
        assertThat(argument(command, "--rope-scaling")).isEqualTo("yarn");
        assertThat(argument(command, "--rope-freq-scale")).isEqualTo("0.75");
        assertThat(argument(command, "--threads")).isEqualTo("8");
    }

    @Test
    void theReasoningServerRunsQwen3VlWithItsProjectorChatTemplateAndTheSeedsContext() {
        Map<String, Object> reasoning = compose.service("llamacpp-reasoning");
        List<String> command = command(reasoning);

        assertThat(argument(command, "--model")).isEqualTo("/models/Qwen3VL-4B-Instruct-Q4_K_M.gguf");
        assertThat(argument(command, "--mmproj")).isEqualTo("/models/mmproj-Qwen3VL-4B-Instruct-F16.gguf");
        assertThat(command).contains("--jinja", "--metrics");
        assertThat(argument(command, "--ctx-size")).isEqualTo("32768");
        assertThat(Yaml.at(reasoning, "healthcheck", "start_period")).isEqualTo("300s");
    }

    @Test
    void bothServersReadTheModelsFromTheDownloadDirectoryReadOnly() {
        for (String server : List.of("llamacpp-embeddings", "llamacpp-reasoning")) {
            assertThat(Yaml.strings(Yaml.listAt(compose.service(server), "volumes")))
                    .containsExactly("~/.athena/models:/models:ro");
        }
    }

    @Test
    void postgresIsPinnedPersistentAndCheckedWithPgIsready() {
        Map<String, Object> postgres = compose.service("postgres");

        assertThat(postgres.get("image")).isEqualTo("pgvector/pgvector:0.8.0-pg17");
        assertThat(Yaml.strings(Yaml.listAt(postgres, "volumes"))).containsExactly("pgdata:/var/lib/postgresql/data");
        assertThat(String.join(" ", healthcheck(postgres))).contains("pg_isready");
        assertThat(Yaml.mapAt(compose.resolved, "volumes")).containsKey("pgdata");
    }

    @Test
    void postgresCachesTheHnswIndexOfAHundredThousandMemoriesAndHasShmForParallelIndexBuilds() {
        Map<String, Object> postgres = compose.service("postgres");

        // The image's 128 MB default does not hold the index of 100,000 memories (about 125 MB) beside the rows.
        assertThat(command(postgres)).containsExactly("postgres", "-c", "shared_buffers=512MB");
        // Docker's 64 MB /dev/shm would fail a parallel HNSW rebuild with the maintenance_work_mem operations.md gives.
        assertThat(postgres.get("shm_size")).isEqualTo("1g");
    }

    @Test
    void secretsAreRequiredNotDefaulted() {
        Map<String, Object> athena = compose.rawService("athena");
        String rawKeys = environment(athena).get("ATHENA_API_KEYS");

        assertThat(rawKeys)
                .contains("${ATHENA_API_KEYS:?")
                .contains("${ATHENA_METRICS_API_KEY:?")
                .endsWith(":*");
        assertThat(environment(compose.rawService("postgres")).get("POSTGRES_PASSWORD"))
                .startsWith("${POSTGRES_PASSWORD:?");
        assertThat(environment(compose.rawService("grafana")).get("GF_SECURITY_ADMIN_PASSWORD"))
                .startsWith("${GRAFANA_ADMIN_PASSWORD:?");
    }

    @Test
    void theCompressionServiceIsBehindAProfileAndHealthCheckedOnItsPort() {
        Map<String, Object> llmlingua = compose.service("llmlingua");

        assertThat(Yaml.strings(Yaml.listAt(llmlingua, "profiles"))).containsExactly("compression");
        assertThat(environment(llmlingua)).containsEntry("LLMLINGUA_PORT", "8003");
        assertThat(Yaml.strings(Yaml.listAt(llmlingua, "ports"))).containsExactly("127.0.0.1:8003:8003");
        assertThat(String.join(" ", healthcheck(llmlingua))).contains("http://localhost:8003/health");
        assertThat(RepositoryFiles.read("docker/llmlingua/server.py")).contains("DEFAULT_PORT = 8003");
    }

    @Test
    void theGpuOverrideSwapsInCudaImagesOffloadsLayersAndReservesAGpuPerServer() {
        Map<String, String> gpuVariables =
                Map.of("llamacpp-embeddings", "EMBEDDING_GPU", "llamacpp-reasoning", "REASONING_GPU");
        gpuVariables.forEach((server, variable) -> {
            Map<String, Object> raw = gpu.rawService(server);
            Map<String, Object> resolved = gpu.service(server);

            assertThat(resolved.get("image")).isEqualTo("ghcr.io/ggml-org/llama.cpp:server-cuda");
            assertThat(environment(resolved)).containsEntry("LLAMA_ARG_N_GPU_LAYERS", "99");
            assertThat(resolved).as("the base command stays").doesNotContainKey("command");
            Map<String, Object> device = Yaml.map(
                    Yaml.listAt(raw, "deploy", "resources", "reservations", "devices")
                            .get(0),
                    server + " device");
            assertThat(device.get("driver")).isEqualTo("nvidia");
            assertThat(Yaml.strings(Yaml.list(device.get("capabilities"), "capabilities")))
                    .containsExactly("gpu");
            assertThat(Yaml.strings(Yaml.list(device.get("device_ids"), "device_ids")))
                    .containsExactly("${" + variable + ":-0}");
        });
        assertThat(Yaml.mapAt(gpu.resolved, "services").keySet())
                .containsExactlyInAnyOrder("llamacpp-embeddings", "llamacpp-reasoning");
    }

    @Test
    void everyComposeVariableIsInEnvExampleAndDocumentedAndNothingThereIsStale() {
        Set<String> used = new LinkedHashSet<>(compose.variables());
        used.addAll(gpu.variables());
        Map<String, String> example = EnvFile.read("docker/.env.example");
        String script = RepositoryFiles.read("scripts/download_models.sh");
        String configuration = RepositoryFiles.read("docs/configuration.md");

        assertThat(example.keySet()).containsAll(used);
        Set<String> unused = example.keySet().stream()
                .filter(name -> !used.contains(name) && !script.contains(name) && !name.startsWith("COMPOSE_"))
                .collect(Collectors.toSet());
        assertThat(unused).as("variables in .env.example that nothing reads").isEmpty();
        assertThat(example.keySet())
                .allSatisfy(name -> assertThat(configuration).contains("`" + name + "`"));
    }

    @Test
    void defaultsInEnvExampleMatchTheComposeDefaults() {
        Map<String, String> example = EnvFile.read("docker/.env.example");
        String text = RepositoryFiles.read("docker/docker-compose.yml")
                + RepositoryFiles.read("docker/docker-compose.gpu.yml");
        var defaults =
                java.util.regex.Pattern.compile("\\$\\{([A-Z_0-9]+):-([^}]*)}").matcher(text);
        while (defaults.find()) {
            String name = defaults.group(1);
            if (!example.getOrDefault(name, "").isEmpty()) {
                assertThat(example.get(name)).as("default of %s", name).isEqualTo(defaults.group(2));
            }
        }
    }

    @Test
    void prometheusScrapesAthenaWithTheMetricsKeyAndBothLlamaCppServers() {
        Map<String, Object> prometheus = Yaml.load(RepositoryFiles.read("docker/prometheus/prometheus.yml"));
        Map<String, Map<String, Object>> jobs = Yaml.listAt(prometheus, "scrape_configs").stream()
                .map(job -> Yaml.map(job, "job"))
                .collect(Collectors.toMap(job -> String.valueOf(job.get("job_name")), job -> job));

        assertThat(jobs.keySet()).containsExactlyInAnyOrder("athena", "llamacpp-embeddings", "llamacpp-reasoning");
        assertScrape(jobs.get("athena"), "/actuator/prometheus", "athena:8000");
        assertScrape(jobs.get("llamacpp-embeddings"), "/metrics", "llamacpp-embeddings:8001");
        assertScrape(jobs.get("llamacpp-reasoning"), "/metrics", "llamacpp-reasoning:8002");
        String keyFile = String.valueOf(Yaml.at(jobs.get("athena"), "authorization", "credentials_file"));
        assertThat(String.join(" ", command(compose.service("prometheus"))))
                .contains("> " + keyFile)
                .contains("--config.file=/etc/prometheus/prometheus.yml");
        assertThat(environment(compose.service("prometheus"))).containsKey("ATHENA_METRICS_API_KEY");
    }

    @Test
    void grafanaIsProvisionedWithPrometheusAndTheDashboardFolder() {
        Map<String, Object> grafana = compose.service("grafana");
        Map<String, Object> datasource = Yaml.map(
                Yaml.listAt(
                                Yaml.load(
                                        RepositoryFiles.read("docker/grafana/provisioning/datasources/prometheus.yml")),
                                "datasources")
                        .get(0),
                "datasource");
        Map<String, Object> provider = Yaml.map(
                Yaml.listAt(
                                Yaml.load(RepositoryFiles.read("docker/grafana/provisioning/dashboards/athena.yml")),
                                "providers")
                        .get(0),
                "provider");

        assertThat(datasource).containsEntry("url", "http://prometheus:9090").containsEntry("uid", "athena-prometheus");
        assertThat(Yaml.strings(Yaml.listAt(grafana, "volumes")))
                .contains(
                        "./grafana/provisioning:/etc/grafana/provisioning:ro",
                        "./grafana/dashboards:" + Yaml.at(provider, "options", "path") + ":ro");
    }

    private void assertLlamaCppServer(String name, int port) {
        Map<String, Object> server = compose.service(name);
        List<String> command = command(server);

        assertThat(argument(command, "--port")).isEqualTo(Integer.toString(port));
        assertThat(argument(command, "--host")).isEqualTo("0.0.0.0");
        assertThat(Yaml.strings(Yaml.listAt(server, "ports"))).containsExactly("127.0.0.1:" + port + ":" + port);
        assertThat(healthcheck(server)).containsExactly("CMD", "curl", "-fsS", "http://localhost:" + port + "/health");
        assertThat(environment(compose.service("athena")).values()).contains("http://" + name + ":" + port);
    }

    private static void assertScrape(Map<String, Object> job, String path, String target) {
        assertThat(job.get("metrics_path")).isEqualTo(path);
        Map<String, Object> staticConfig =
                Yaml.map(Yaml.listAt(job, "static_configs").get(0), "static_configs");
        assertThat(Yaml.strings(Yaml.listAt(staticConfig, "targets"))).containsExactly(target);
    }

    private static List<String> healthcheck(Map<String, Object> service) {
        return Yaml.strings(Yaml.listAt(service, "healthcheck", "test"));
    }

    private static int applicationServerPort() throws IOException {
        try (InputStream in = DeploymentConfigurationTests.class.getResourceAsStream("/application.yml")) {
            Map<String, Object> application = new org.yaml.snakeyaml.Yaml().load(in);
            return (Integer) Yaml.at(application, "server", "port");
        }
    }
}
