package dev.athena.gateway.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;

/** Typed access to parsed YAML (compose files, Kubernetes manifests), failing with the path when a node is missing. */
final class Yaml {

    private Yaml() {}

    static Map<String, Object> load(String text) {
        return map(new org.yaml.snakeyaml.Yaml(new LoaderOptions()).load(text), "document");
    }

    static List<Map<String, Object>> loadAll(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new org.yaml.snakeyaml.Yaml(new LoaderOptions()).loadAll(text)) {
            if (document != null) {
                documents.add(map(document, "document"));
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String path) {
        if (node instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new AssertionError(path + " is not a mapping: " + node);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String path) {
        if (node instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new AssertionError(path + " is not a list: " + node);
    }

    /** Follows keys from a mapping, e.g. {@code at(service, "healthcheck", "test")}. */
    static Object at(Map<String, Object> root, String... keys) {
        Object node = root;
        StringBuilder path = new StringBuilder();
        for (String key : keys) {
            path.append('/').append(key);
            node = map(node, path.toString()).get(key);
            if (node == null) {
                throw new AssertionError("missing " + path);
            }
        }
        return node;
    }

    static Map<String, Object> mapAt(Map<String, Object> root, String... keys) {
        return map(at(root, keys), String.join("/", keys));
    }

    static List<Object> listAt(Map<String, Object> root, String... keys) {
        return list(at(root, keys), String.join("/", keys));
    }

    static List<String> strings(List<Object> values) {
        return values.stream().map(String::valueOf).toList();
    }
}
