package dev.athena.gateway.tools;

import dev.athena.consolidation.ConsolidationService;
import dev.athena.consolidation.Strategy;
import dev.athena.memory.MemoryProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The consolidation tool: episodic events of a project into semantic patterns, on demand. */
@Configuration(proxyBeanMethods = false)
class ConsolidationTools {

    static final String DAYS_BACK_REASON = "must be between 1 and " + ConsolidationService.MAX_DAYS_BACK;

    record RunConsolidationParameters(
            @Default("balanced") Strategy strategy,

            @Min(value = 1, message = DAYS_BACK_REASON)
            @Max(value = ConsolidationService.MAX_DAYS_BACK, message = DAYS_BACK_REASON)
            @Default("" + ConsolidationService.DEFAULT_DAYS_BACK)
            Integer daysBack,

            @Default("false") Boolean dryRun,
            String project)
            implements ProjectScoped {}

    @Bean
    ToolDefinition<RunConsolidationParameters> runConsolidationTool(
            ConsolidationService consolidation, MemoryProperties memory) {
        return new ToolDefinition<>(
                        "run_consolidation",
                        "Consolidate the project's episodic events of the last days_back days (default "
                                + ConsolidationService.DEFAULT_DAYS_BACK
                                + ") into pattern memories: clusters of related "
                                + "events, heuristics, the reasoning model where they are unsure (strategy speed "
                                + "| balanced | "
                                + "quality), grounding, and merging into known patterns. dry_run reports without "
                                + "writing.",
                        RunConsolidationParameters.class,
                        p -> consolidation.consolidate(
                                memory.resolveProject(p.project()),
                                p.strategy() == null ? Strategy.DEFAULT : p.strategy(),
                                p.daysBack() == null ? ConsolidationService.DEFAULT_DAYS_BACK : p.daysBack(),
                                Boolean.TRUE.equals(p.dryRun())))
                .withExample("""
                        {"strategy": "balanced", "days_back": 7, "dry_run": true, "project": "default"}""");
    }
}
