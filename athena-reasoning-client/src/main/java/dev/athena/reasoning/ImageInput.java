package dev.athena.reasoning;

import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image sent with a chat request, base64-encoded. Only vision models accept images: llama.cpp reports it in
 * {@code /props} ({@code modalities.vision}, a server started with {@code --mmproj}); every Claude model does.
 *
 * @param mediaType {@code image/png}, {@code image/jpeg}, {@code image/gif} or {@code image/webp}
 * @param base64 the image bytes in base64
 */
public record ImageInput(String mediaType, String base64) {

    private static final Set<String> MEDIA_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
    private static final Pattern DATA_URL = Pattern.compile("data:([^;,]+);base64,(.+)", Pattern.DOTALL);

    public ImageInput {
        mediaType = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        if (!MEDIA_TYPES.contains(mediaType)) {
            throw new IllegalArgumentException("image media type must be one of "
                    + MEDIA_TYPES.stream().sorted().toList() + ", was '" + mediaType + "'");
        }
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException("image data must not be empty");
        }
        try {
            Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("image data is not valid base64", e);
        }
    }

    public static ImageInput of(byte[] bytes, String mediaType) {
        return new ImageInput(mediaType, Base64.getEncoder().encodeToString(bytes));
    }

    /** Reads {@code data:image/png;base64,...}. */
    public static ImageInput fromDataUrl(String dataUrl) {
        Matcher matcher = DATA_URL.matcher(dataUrl == null ? "" : dataUrl.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("an image must be a base64 data URL such as data:image/png;base64,...");
        }
        return new ImageInput(matcher.group(1), matcher.group(2));
    }

    public String toDataUrl() {
        return "data:" + mediaType + ";base64," + base64;
    }
}
