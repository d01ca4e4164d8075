package dev.athena.reasoning.compression;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Provides the prompt compressor chosen by {@code athena.compression.provider}. */
@AutoConfiguration(afterName = "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration")
@EnableConfigurationProperties({CompressionProperties.class, LlmLinguaProperties.class})
public class PromptCompressionAutoConfiguration {

    static final String SCHEDULER = "promptCompressionScheduler";

    /**
     * The built-in compressor's own threads, {@code athena.compression.threads} of them with a queue of
     * {@code athena.compression.queue-capacity}: CPU-bound work that must never take the threads embeddings run on
     * (Reactor's shared bounded-elastic pool). A compression over the queue fails with a
     * {@link java.util.concurrent.RejectedExecutionException}; a cancelled one has its thread interrupted.
     */
    @Bean(name = SCHEDULER, destroyMethod = "dispose")
    Scheduler promptCompressionScheduler(CompressionProperties compression) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                compression.threads(),
                compression.threads(),
                0,
                TimeUnit.SECONDS,
                compression.queueCapacity() == 0
                        ? new SynchronousQueue<>()
                        : new ArrayBlockingQueue<>(compression.queueCapacity()),
                task -> {
                    Thread thread = new Thread(task, "athena-compression-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
        return Schedulers.fromExecutorService(executor, "athena-compression");
    }

    @Bean
    @ConditionalOnMissingBean(PromptCompressor.class)
    PromptCompressor promptCompressor(
            CompressionProperties compression,
            LlmLinguaProperties llmLingua,
            ObjectProvider<WebClient.Builder> webClients,
            @Qualifier(SCHEDULER) Scheduler scheduler) {
        PromptCompressor builtIn = new BuiltInPromptCompressor(compression.chunkTokens(), scheduler);
        if (compression.provider() == CompressionProperties.Provider.BUILTIN) {
            return builtIn;
        }
        PromptCompressor service =
                new LlmLinguaPromptCompressor(webClients.getIfAvailable(WebClient::builder), llmLingua);
        return llmLingua.fallbackToBuiltin() ? new FallbackPromptCompressor(service, builtIn) : service;
    }
}
