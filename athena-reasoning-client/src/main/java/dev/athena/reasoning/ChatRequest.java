package dev.athena.reasoning;

import java.util.List;

/**
 * One chat turn.
 *
 * @param systemPrompt how the model should behave; may be empty
 * @param userPrompt the request itself
 * @param images images the user's message refers to; needs a vision model
 * @param options generation settings
 */
public record ChatRequest(String systemPrompt, String userPrompt, List<ImageInput> images, GenerationOptions options) {

    public ChatRequest {
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
        if (userPrompt == null || userPrompt.isBlank()) {
            throw new IllegalArgumentException("the user prompt must not be empty");
        }
        images = images == null ? List.of() : List.copyOf(images);
        options = options == null ? GenerationOptions.defaults() : options;
    }

    public static ChatRequest of(String systemPrompt, String userPrompt) {
        return new ChatRequest(systemPrompt, userPrompt, List.of(), GenerationOptions.defaults());
    }

    public ChatRequest withOptions(GenerationOptions newOptions) {
        return new ChatRequest(systemPrompt, userPrompt, images, newOptions);
    }

    public ChatRequest withImages(List<ImageInput> newImages) {
        return new ChatRequest(systemPrompt, userPrompt, newImages, options);
    }
}
