package dev.athena.gateway.tools;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Example parameters of the memory tools, shown by {@code GET /tools} and in the API docs, and executed by the
 * tests. Kept apart from {@link MemoryTools} so that both can change independently; a tool defined with
 * {@link ToolDefinition#withExample(String)} needs no entry here.
 */
@Configuration(proxyBeanMethods = false)
class MemoryToolExamples {

    @Bean
    ToolExample rememberExample() {
        return new ToolExample("remember", """
                {"content": "The user's favourite programming language is Rust", "memory_type": "fact",
                 "tags": ["preferences"], "importance": 0.8, "project": "default"}""");
    }

    @Bean
    ToolExample recallExample() {
        return new ToolExample("recall", """
                {"query": "Which language does the user like?", "k": 5, "project": "default"}""");
    }
}
