package dev.athena.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The order of the operators (call, bulkhead, circuit breaker, retry, innermost first) and what follows from it. */
class ResilienceOperatorsTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String NAME = "test-server";

    /** A failure of the server (retried, counted) or of the input (neither). */
    static final class Failure extends RuntimeException {
        final boolean serverFault;

        Failure(boolean serverFault) {
            super(serverFault ? "server fault" : "bad input");
            this.serverFault = serverFault;
        }
    }

    private static ResilienceProperties properties(int maxAttempts, int maxConcurrentCalls, Duration maxWait) {
        return new ResilienceProperties(
                        new ResilienceProperties.Retry(
                                maxAttempts, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(1)),
                        new ResilienceProperties.CircuitBreaker(50f, 4, 4, Duration.ofSeconds(30), 1),
                        new ResilienceProperties.Bulkhead(maxConcurrentCalls, maxWait))
                .validate("test");
    }

    private static ResilienceOperators operators(ResilienceProperties properties) {
        return ResilienceOperators.builder(NAME, properties)
                .countsAgainstServer(error -> error instanceof Failure failure && failure.serverFault)
                .retries(error -> error instanceof Failure failure && failure.serverFault)
                .build();
    }

    private static CircuitBreaker.Metrics breaker(ResilienceOperators operators) {
        return operators.circuitBreakers().circuitBreaker(NAME).getMetrics();
    }

    /** A call that holds its place in the bulkhead until disposed; returns once the place is taken. */
    private static Disposable holdAPlace(ResilienceOperators operators) {
        Disposable holder = operators.call(Mono.never()).subscribe();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (operators.bulkheads().bulkhead(NAME).getMetrics().getAvailableConcurrentCalls() > 0) {
            assertThat(System.nanoTime()).as("the place is taken in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
        return holder;
    }

    @Test
    void aServerFaultIsRetriedAndEveryAttemptIsOneCallForTheBreaker() {
        ResilienceOperators operators = operators(properties(3, 0, Duration.ZERO));
        AtomicInteger attempts = new AtomicInteger();

        StepVerifier.create(operators.call(Mono.defer(() -> {
                    attempts.incrementAndGet();
                    return Mono.error(new Failure(true));
                })))
                .expectError(Failure.class)
                .verify(WAIT);

        assertThat(attempts).hasValue(3);
        assertThat(breaker(operators).getNumberOfFailedCalls()).isEqualTo(3);
    }

    @Test
    void badInputIsNeitherRetriedNorCountedAgainstTheServer() {
        ResilienceOperators operators = operators(properties(3, 0, Duration.ZERO));
        AtomicInteger attempts = new AtomicInteger();

        StepVerifier.create(operators.call(Mono.defer(() -> {
                    attempts.incrementAndGet();
                    return Mono.error(new Failure(false));
                })))
                .expectError(Failure.class)
                .verify(WAIT);

        assertThat(attempts).hasValue(1);
        assertThat(breaker(operators).getNumberOfFailedCalls()).isZero();
    }

    @Test
    void aRepeatedlyFailingServerOpensTheBreakerWhichThenAnswersWithoutCalling() {
        ResilienceOperators operators = operators(properties(2, 0, Duration.ZERO));
        AtomicInteger attempts = new AtomicInteger();
        Mono<String> failing = Mono.defer(() -> {
            attempts.incrementAndGet();
            return Mono.error(new Failure(true));
        });
        for (int i = 0; i < 2; i++) {
            StepVerifier.create(operators.call(failing))
                    .expectError(Failure.class)
                    .verify(WAIT);
        }

        StepVerifier.create(operators.call(failing))
                .expectError(CallNotPermittedException.class)
                .verify(WAIT);
        assertThat(operators.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(attempts).as("an open breaker is not retried").hasValue(4);
    }

    @Test
    void anOpenBreakerAnswersAtOnceWithoutWaitingForAPlaceInTheBulkhead() {
        ResilienceOperators operators = operators(properties(1, 1, Duration.ofSeconds(5)));
        Disposable holder = holdAPlace(operators);
        try {
            operators.circuitBreakers().circuitBreaker(NAME).transitionToOpenState();

            StepVerifier.create(operators.call(Mono.just("never sent")))
                    .expectError(CallNotPermittedException.class)
                    .verify(Duration.ofSeconds(2));
        } finally {
            holder.dispose();
        }
    }

    @Test
    void aFullBulkheadIsNeitherRetriedNorCountedByTheBreaker() {
        ResilienceOperators operators = ResilienceOperators.builder(NAME, properties(3, 1, Duration.ofMillis(50)))
                .countsAgainstServer(error -> true)
                .retries(error -> !(error instanceof BulkheadFullException))
                .build();
        AtomicInteger calls = new AtomicInteger();
        Disposable holder = holdAPlace(operators);
        try {
            StepVerifier.create(operators.call(Mono.fromCallable(calls::incrementAndGet)))
                    .expectError(BulkheadFullException.class)
                    .verify(WAIT);
        } finally {
            holder.dispose();
        }

        assertThat(calls).hasValue(0);
        assertThat(breaker(operators).getNumberOfFailedCalls()).isZero();
        assertThat(breaker(operators).getNumberOfBufferedCalls()).isZero();
    }

    @Test
    void withoutALimitOrAProvisionalOneThereIsNoBulkhead() {
        ResilienceOperators operators = operators(properties(1, 0, Duration.ZERO));
        Disposable first = operators.call(Mono.never()).subscribe();
        try {
            StepVerifier.create(operators.call(Mono.just("second")))
                    .expectNext("second")
                    .expectComplete()
                    .verify(WAIT);
            assertThat(operators.maxConcurrentCalls()).isZero();
        } finally {
            first.dispose();
        }
    }

    @Test
    void aProvisionalLimitFollowsTheServerButAConfiguredOneWins() {
        ResilienceOperators following = ResilienceOperators.builder(NAME, properties(1, 0, Duration.ZERO))
                .provisionalConcurrentCalls(1)
                .build();
        assertThat(following.maxConcurrentCalls()).isEqualTo(1);
        following.followServerConcurrency(4);
        assertThat(following.maxConcurrentCalls()).isEqualTo(4);

        ResilienceOperators configured = ResilienceOperators.builder(NAME, properties(1, 2, Duration.ZERO))
                .provisionalConcurrentCalls(1)
                .build();
        configured.followServerConcurrency(8);
        assertThat(configured.maxConcurrentCalls()).isEqualTo(2);
    }

    @Test
    void theServersRetryAfterReplacesTheBackoff() {
        ResilienceOperators operators = ResilienceOperators.builder(NAME, properties(3, 0, Duration.ZERO))
                .retryAfter(error -> error instanceof Failure ? Optional.of(Duration.ofSeconds(7)) : Optional.empty())
                .build();

        assertThat(operators.waitBeforeRetry(1, new Failure(true))).isEqualTo(Duration.ofSeconds(7));
        assertThat(operators.waitBeforeRetry(2, new IllegalStateException())).isEqualTo(Duration.ofMillis(10));
        assertThat(operators.waitBeforeRetry(1, null)).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void aStreamIsRetriedWhileItOpensButNotOnceItemsFlow() {
        ResilienceOperators operators = operators(properties(3, 0, Duration.ZERO));
        AtomicInteger opens = new AtomicInteger();
        Mono<Flux<String>> open = Mono.defer(() -> opens.incrementAndGet() == 1
                ? Mono.error(new Failure(true))
                : Mono.just(Flux.concat(Flux.just("a", "b"), Flux.error(new Failure(true)))));

        StepVerifier.create(operators.stream(open))
                .expectNext("a", "b")
                .expectError(Failure.class)
                .verify(WAIT);
        assertThat(opens).hasValue(2);
    }
}
