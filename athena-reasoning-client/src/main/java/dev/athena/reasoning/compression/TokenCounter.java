package dev.athena.reasoning.compression;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts tokens with OpenAI's cl100k_base BPE (jtokkit): the tokenizer LLMLingua-2 reports its counts in, and a close
 * stand-in for Claude's and Qwen's. Special-token text is counted as ordinary text, never interpreted.
 */
public final class TokenCounter {

    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    private TokenCounter() {}

    public static int count(String text) {
        return text.isEmpty() ? 0 : CL100K.countTokensOrdinary(text);
    }
}
