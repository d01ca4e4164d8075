package dev.athena.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Validation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.junit.jupiter.api.Test;

/** What the binder refuses before a tool runs; each case was let through once and found by the bad input sweep. */
class ToolParameterBinderTests {

    record Parameters(String content, Integer k, Instant occurredAt, List<String> tags, Map<String, Object> metadata) {}

    private final ToolDefinition<Parameters> tool =
            new ToolDefinition<>("test", "binds parameters", Parameters.class, p -> p);
    private final ToolParameterBinder binder =
            new ToolParameterBinder(Validation.buildDefaultValidatorFactory().getValidator());

    @Test
    void bindsAWellFormedBody() {
        Parameters bound =
                binder.bind(tool, utf8("{\"content\":\"x/y\",\"k\":5,\"occurred_at\":\"2026-11-25T13:00:00Z\"}"));

        assertThat(bound).isEqualTo(new Parameters("x/y", 5, Instant.parse("2026-11-25T13:00:00Z"), null, null));
    }

    @Test
    void refusesBytesThatAreNotUtf8IncludingAnOverlongSlash() {
        byte[] overlongSlash = {
            '{', '"', 'c', 'o', 'n', 't', 'e', 'n', 't', '"', ':', '"', 'x', (byte) 0xC0, (byte) 0xAF, 'y', '"', '}'
        };
        byte[] encodedSurrogate = {
            '{', '"', 'c', 'o', 'n', 't', 'e', 'n', 't', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'
        };

        assertRefused(overlongSlash, "body", "is not valid UTF-8");
        assertRefused(encodedSurrogate, "body", "is not valid UTF-8");
    }

    @Test
    void ignoresAByteOrderMark() {
        assertThat(binder.bind(tool, utf8("\uFEFF{\"content\":\"x\"}")).content())
                .isEqualTo("x");
    }

    @Test
    void refusesARepeatedKey() {
        assertRefused(utf8("{\"content\":\"a\",\"content\":\"b\"}"), "body", "repeats a key");
    }

    @Test
    void coercesNothing() {
        assertRefused(utf8("{\"content\":5}"), "content", "wrong type");
        assertRefused(utf8("{\"content\":true}"), "content", "wrong type");
        assertRefused(utf8("{\"k\":1.5}"), "k", "wrong type");
        assertRefused(utf8("{\"k\":\"5\"}"), "k", "wrong type");
        assertRefused(utf8("{\"occurred_at\":1764000000}"), "occurred_at", "wrong type");
    }

    @Test
    void refusesNulAndHalfSurrogatePairsAnywhereKeysIncluded() {
        assertRefused(utf8("{\"content\":\"a\\u0000b\"}"), "content", "NUL");
        assertRefused(utf8("{\"tags\":[\"ok\",\"\\ud800\"]}"), "tags[1]", "surrogate");
        assertRefused(utf8("{\"metadata\":{\"a\":{\"\\udc00\":1}}}"), "metadata.a.\udc00", "surrogate");
        assertThat(binder.bind(tool, utf8("{\"content\":\"\\ud83d\\ude00\"}")).content())
                .isEqualTo("\uD83D\uDE00");
    }

    @Test
    void refusesNumbersBeyondADoublesRange() {
        assertRefused(utf8("{\"metadata\":{\"n\":1e400}}"), "metadata.n", "out of range");
        assertRefused(utf8("{\"metadata\":{\"n\":[-1e400]}}"), "metadata.n[0]", "out of range");
        assertThat(binder.bind(tool, utf8("{\"metadata\":{\"n\":123456789012345678901234567890}}"))
                        .metadata())
                .containsEntry("n", new java.math.BigInteger("123456789012345678901234567890"));
    }

    record Typed(
            ToolSchemasTests.Strategy strategy,
            List<ToolSchemasTests.@NotNull(message = "must not be null") Strategy> strategies,

            @Min(value = 1, message = "must be between 1 and 100")
            @Max(value = 100, message = "must be between 1 and 100")
            Integer k) {}

    private final ToolDefinition<Typed> typed = new ToolDefinition<>("typed", "binds enums", Typed.class, p -> p);

    @Test
    void readsEnumsByTheirWireNamesAndNamesTheAllowedValuesOtherwise() {
        assertThat(binder.bind(typed, utf8("{\"strategy\":\"speed\",\"strategies\":[\"balanced\"]}")))
                .isEqualTo(
                        new Typed(ToolSchemasTests.Strategy.SPEED, List.of(ToolSchemasTests.Strategy.BALANCED), null));

        assertRefusedTyped("{\"strategy\":\"thorough\"}", "strategy", "must be one of balanced, speed, was 'thorough'");
        assertRefusedTyped("{\"strategy\":\"SPEED\"}", "strategy", "must be one of balanced, speed, was 'SPEED'");
        assertRefusedTyped("{\"strategy\":\"\"}", "strategy", "must be one of balanced, speed, was ''");
        assertRefusedTyped("{\"strategy\":0}", "strategy", "must be one of balanced, speed");
        assertRefusedTyped(
                "{\"strategies\":[\"speed\",\"fast\"]}", "strategies[1]", "must be one of balanced, speed, was 'fast'");
        assertRefusedTyped("{\"strategies\":[null]}", "strategies[0]", "must not be null");
    }

    @Test
    void refusesANumberOutOfItsBoundsNamingTheBounds() {
        assertRefusedTyped("{\"k\":0}", "k", "must be between 1 and 100");
        assertRefusedTyped("{\"k\":101}", "k", "must be between 1 and 100");
        assertThat(binder.bind(typed, utf8("{\"k\":100}")).k()).isEqualTo(100);
    }

    private void assertRefusedTyped(String body, String field, String reason) {
        assertThatThrownBy(() -> binder.bind(typed, utf8(body)))
                .as(body)
                .isInstanceOfSatisfying(
                        InvalidParametersException.class,
                        e -> assertThat(e.violations()).singleElement().satisfies(violation -> {
                            assertThat(violation.field()).isEqualTo(field);
                            assertThat(violation.reason()).isEqualTo(reason);
                        }));
    }

    private void assertRefused(byte[] body, String field, String reason) {
        assertThatThrownBy(() -> binder.bind(tool, body))
                .isInstanceOfSatisfying(
                        InvalidParametersException.class,
                        e -> assertThat(e.violations()).singleElement().satisfies(violation -> {
                            assertThat(violation.field()).isEqualTo(field);
                            assertThat(violation.reason()).contains(reason);
                        }));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
