package dev.athena.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.athena.gateway.tools.Caller;

/**
 * The configured API keys, each bound to the projects it may touch. Entries read {@code key:project|project} or
 * {@code key:*}. Keys are kept only as SHA-256 digests; a key's fingerprint (the first 8 hex digits of its digest) is
 * what logs and error messages show, never the key.
 */
final class ApiKeys {

    private static final int FINGERPRINT_LENGTH = 8;

    private final Map<String, Caller> callersByDigest;

    private ApiKeys(Map<String, Caller> callersByDigest) {
        this.callersByDigest = Map.copyOf(callersByDigest);
    }

    /**
     * Parses {@code athena.gateway.api-keys}. A malformed entry stops the application; the message names the entry by
     * position only, so a key never reaches a log.
     */
    static ApiKeys parse(List<String> entries) {
        Map<String, Caller> callers = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).strip();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String position = "athena.gateway.api-keys[" + i + "]";
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException(position + " must read 'key:project|project' or 'key:*'");
            }
            String key = entry.substring(0, colon);
            List<String> projects = Arrays.stream(entry.substring(colon + 1).split("\\|"))
                    .map(String::strip)
                    .toList();
            if (projects.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException(position + " has an empty project name");
            }
            boolean all = projects.contains("*");
            if (all && projects.size() > 1) {
                throw new IllegalArgumentException(
                        position + " names '*' and other projects; '*' alone means every project");
            }
            String digest = digest(key);
            Caller caller =
                    new Caller(digest.substring(0, FINGERPRINT_LENGTH), all, all ? Set.of() : Set.copyOf(projects));
            if (callers.putIfAbsent(digest, caller) != null) {
                throw new IllegalArgumentException(position + " repeats a key given earlier");
            }
        }
        return new ApiKeys(callers);
    }

    boolean enabled() {
        return !callersByDigest.isEmpty();
    }

    int size() {
        return callersByDigest.size();
    }

    Optional<Caller> caller(String presentedKey) {
        return Optional.ofNullable(callersByDigest.get(digest(presentedKey)));
    }

    static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
