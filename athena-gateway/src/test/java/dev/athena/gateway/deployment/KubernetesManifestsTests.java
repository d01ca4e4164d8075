package dev.athena.gateway.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * docker/kubernetes: every manifest is a Kubernetes object, and the containers read, listen and probe as documented.
 */
class KubernetesManifestsTests {

    final Map<String, List<Map<String, Object>>> manifests = readManifests();
    final List<Map<String, Object>> objects = manifests.entrySet().stream()
            .filter(file -> !file.getKey().equals("kustomization.yaml"))
            .flatMap(file -> file.getValue().stream())
            .toList();

    @Test
    void everyManifestParsesWithApiVersionKindAndName() {
        assertThat(manifests).isNotEmpty();
        manifests.forEach((file, documents) -> {
            assertThat(documents).as(file).isNotEmpty();
            assertThat(documents).allSatisfy(document -> {
                assertThat(document.get("apiVersion")).as(file + " apiVersion").isInstanceOf(String.class);
                assertThat(document.get("kind")).as(file + " kind").isInstanceOf(String.class);
            });
        });
        assertThat(objects)
                .allSatisfy(object ->
                        assertThat(Yaml.at(object, "metadata", "name")).isNotNull());
    }

    @Test
    void theKustomizationListsEveryManifestAndGeneratesTheSecretFromAnExampledFile() {
        Map<String, Object> kustomization = manifests.get("kustomization.yaml").get(0);

        assertThat(Yaml.strings(Yaml.listAt(kustomization, "resources")))
                .containsExactlyInAnyOrderElementsOf(manifests.keySet().stream()
                        .filter(file -> !file.equals("kustomization.yaml"))
                        .toList());
        Map<String, Object> generator =
                Yaml.map(Yaml.listAt(kustomization, "secretGenerator").get(0), "secretGenerator");
        assertThat(generator.get("name")).isEqualTo("athena-secrets");
        assertThat(Yaml.strings(Yaml.list(generator.get("envs"), "envs"))).containsExactly("secrets.env");
        assertThat(RepositoryFiles.path("docker/kubernetes/secrets.env.example"))
                .isRegularFile();
        assertThat(RepositoryFiles.read(".gitignore")).contains("docker/kubernetes/secrets.env");
    }

    @Test
    void everyEnvironmentVariableOfTheAthenaContainerIsOneAthenaReads() {
        Map<String, Object> container = container("athena", "athena");
        Set<String> variables = new LinkedHashSet<>();
        for (Object source : Yaml.listAt(container, "envFrom")) {
            Map<String, Object> from = Yaml.map(source, "envFrom");
            if (from.containsKey("configMapRef")) {
                variables.addAll(Yaml.mapAt(
                                object("ConfigMap", String.valueOf(Yaml.at(from, "configMapRef", "name"))), "data")
                        .keySet());
            } else {
                assertThat(Yaml.at(from, "secretRef", "name")).isEqualTo("athena-secrets");
                variables.addAll(
                        EnvFile.read("docker/kubernetes/secrets.env.example").keySet());
            }
        }
        Object explicit = container.get("env");
        if (explicit != null) {
            Yaml.list(explicit, "env")
                    .forEach(entry ->
                            variables.add(String.valueOf(Yaml.map(entry, "env").get("name"))));
        }

        assertThat(variables)
                .contains(
                        "SERVER_ADDRESS",
                        "SPRING_DATASOURCE_URL",
                        "SPRING_DATASOURCE_PASSWORD",
                        "ATHENA_API_KEYS",
                        "LLAMACPP_EMBEDDINGS_URL",
                        "LLAMACPP_REASONING_URL");
        assertThat(variables)
                .allSatisfy(variable -> assertThat(AthenaEnvironment.reads(variable))
                        .as("Athena reads %s", variable)
                        .isTrue());
    }

    @Test
    void athenaIsProbedOnTheActuatorHealthGroupsOfItsPort() {
        Map<String, Object> container = container("athena", "athena");
        int port = containerPort(container);

        assertThat(port).isEqualTo(8000);
        assertProbe(container, "startupProbe", "/actuator/health/liveness", port);
        assertProbe(container, "livenessProbe", "/actuator/health/liveness", port);
        assertProbe(container, "readinessProbe", "/actuator/health/readiness", port);
        assertThat(servicePorts("athena")).containsExactly(Map.entry(8000, 8000));
    }

    @Test
    void eachLlamaCppServerListensAndIsProbedOnItsPortAndFilledByTheDownloadScript() {
        assertLlamaCpp("llamacpp-embeddings", 8001, "embedding", "--embedding");
        assertLlamaCpp("llamacpp-reasoning", 8002, "reasoning", "--jinja");
    }

    @Test
    void theModelSettingsMatchTheComposeDefaults() {
        Map<String, Object> models = Yaml.mapAt(object("ConfigMap", "athena-models"), "data");
        Map<String, String> example = EnvFile.read("docker/.env.example");

        models.forEach((name, value) -> {
            if (example.containsKey(name)) {
                assertThat(String.valueOf(value)).as(name).isEqualTo(example.get(name));
            }
        });
        assertThat(models)
                .containsKeys(
                        "EMBEDDING_MODEL_FILE",
                        "REASONING_MODEL_FILE",
                        "REASONING_MMPROJ_FILE",
                        "LLAMACPP_N_THREADS",
                        "REASONING_CTX_SIZE");
    }

    @Test
    void postgresIsAStatefulSetWithAVolumeAndThePasswordFromTheSecret() {
        Map<String, Object> statefulSet = object("StatefulSet", "postgres");
        Map<String, Object> container = Yaml.map(
                Yaml.listAt(statefulSet, "spec", "template", "spec", "containers")
                        .get(0),
                "postgres container");

        assertThat(container.get("image")).isEqualTo("pgvector/pgvector:0.8.0-pg17");
        assertThat(Yaml.listAt(statefulSet, "spec", "volumeClaimTemplates")).hasSize(1);
        assertThat(String.join(" ", Yaml.strings(Yaml.listAt(container, "readinessProbe", "exec", "command"))))
                .startsWith("pg_isready");
        Map<String, Object> password = Yaml.listAt(container, "env").stream()
                .map(entry -> Yaml.map(entry, "env"))
                .filter(entry -> "POSTGRES_PASSWORD".equals(entry.get("name")))
                .findFirst()
                .orElseThrow();
        assertThat(Yaml.mapAt(password, "valueFrom", "secretKeyRef"))
                .containsEntry("name", "athena-secrets")
                .containsEntry("key", "SPRING_DATASOURCE_PASSWORD");
    }

    @Test
    void everyServiceSelectsThePodsOfItsWorkload() {
        for (Map<String, Object> service : objectsOfKind("Service")) {
            Map<String, Object> selector = Yaml.mapAt(service, "spec", "selector");
            boolean selectsAWorkload = objects.stream()
                    .filter(object -> Set.of("Deployment", "StatefulSet").contains(object.get("kind")))
                    .map(workload -> Yaml.mapAt(workload, "spec", "template", "metadata", "labels"))
                    .anyMatch(labels -> labels.entrySet().containsAll(selector.entrySet()));
            assertThat(selectsAWorkload)
                    .as("Service %s selects a workload", Yaml.at(service, "metadata", "name"))
                    .isTrue();
        }
    }

    private void assertLlamaCpp(String name, int port, String only, String flag) {
        Map<String, Object> container = container(name, "llama-server");
        List<String> args = Yaml.strings(Yaml.listAt(container, "args"));

        assertThat(ComposeFile.argument(args, "--port")).isEqualTo(Integer.toString(port));
        assertThat(args).contains(flag, "--metrics");
        assertThat(containerPort(container)).isEqualTo(port);
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertProbe(container, probe, "/health", port);
        }
        assertThat(servicePorts(name)).containsExactly(Map.entry(port, port));
        Map<String, Object> init = Yaml.map(
                Yaml.listAt(object("Deployment", name), "spec", "template", "spec", "initContainers")
                        .get(0),
                "init container");
        assertThat(init.get("image")).isEqualTo("athena");
        assertThat(Yaml.strings(Yaml.listAt(init, "command")))
                .containsExactly("/opt/athena/bin/download_models.sh", "--only", only, "/models");
        assertThat(RepositoryFiles.read("docker/Dockerfile")).contains("/opt/athena/bin/download_models.sh");
    }

    private static void assertProbe(Map<String, Object> container, String probe, String path, int port) {
        assertThat(Yaml.at(container, probe, "httpGet", "path")).as(probe).isEqualTo(path);
        assertThat(Yaml.at(container, probe, "httpGet", "port")).as(probe).isEqualTo(port);
    }

    private static int containerPort(Map<String, Object> container) {
        return (Integer)
                Yaml.map(Yaml.listAt(container, "ports").get(0), "ports").get("containerPort");
    }

    private List<Map.Entry<Integer, Integer>> servicePorts(String name) {
        return Yaml.listAt(object("Service", name), "spec", "ports").stream()
                .map(port -> Yaml.map(port, "port"))
                .map(port -> Map.entry((Integer) port.get("port"), (Integer) port.get("targetPort")))
                .toList();
    }

    private Map<String, Object> container(String deployment, String name) {
        return Yaml.listAt(object("Deployment", deployment), "spec", "template", "spec", "containers").stream()
                .map(container -> Yaml.map(container, "container"))
                .filter(container -> name.equals(container.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name + " in " + deployment));
    }

    private Map<String, Object> object(String kind, String name) {
        return objectsOfKind(kind).stream()
                .filter(object -> name.equals(Yaml.at(object, "metadata", "name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private List<Map<String, Object>> objectsOfKind(String kind) {
        return objects.stream()
                .filter(object -> kind.equals(object.get("kind")))
                .toList();
    }

    private static Map<String, List<Map<String, Object>>> readManifests() {
        Map<String, List<Map<String, Object>>> manifests = new java.util.TreeMap<>();
        try (var files = Files.list(RepositoryFiles.path("docker/kubernetes"))) {
            List<Path> yamlFiles = new ArrayList<>(
                    files.filter(file -> file.toString().endsWith(".yaml")).toList());
            for (Path file : yamlFiles) {
                manifests.put(file.getFileName().toString(), Yaml.loadAll(Files.readString(file)));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return manifests;
    }
}
