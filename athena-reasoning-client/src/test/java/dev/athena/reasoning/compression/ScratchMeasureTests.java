package dev.athena.reasoning.compression;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ScratchMeasureTests {

    @Test
    void measure() throws Exception {
        BuiltInPromptCompressor compressor = new BuiltInPromptCompressor(512);
        try (var files = Files.list(Path.of("src/test/resources/compression"))) {
            for (Path file : files.sorted().toList()) {
                String text = Files.readString(file);
                StringBuilder line = new StringBuilder(String.format("%-40s", file.getFileName()));
                for (double rate : new double[] {0.25, 0.33, 0.5, 0.7}) {
                    CompressedPrompt result = compressor.compressNow(new CompressionRequest(text, "", rate, List.of()));
                    line.append(String.format(" %.2f->%.3f", rate, result.ratio()));
                }
                System.out.println(line);
            }
        }
        String text = Files.readString(Path.of("src/test/resources/compression/07-code-review-retry.txt"));
        System.out.println(compressor.compressNow(new CompressionRequest(text, "What should change before merging?", 0.5, List.of("retry"))).text());
    }
}
