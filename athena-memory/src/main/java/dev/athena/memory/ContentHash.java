package dev.athena.memory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;

/**
 * The identity of a memory's content for exact de-duplication: SHA-256 of the text after Unicode NFC normalisation,
 * whitespace collapsing and trimming, so re-sending the same fact with different spacing is a duplicate.
 */
final class ContentHash {

    private ContentHash() {}

    static String of(String content) {
        String normalised =
                Normalizer.normalize(content, Normalizer.Form.NFC).strip().replaceAll("\\s+", " ");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
