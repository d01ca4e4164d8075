package dev.athena.gateway.tools;

import dev.athena.consolidation.ConsolidationService;
import dev.athena.consolidation.Strategy;
import dev.athena.memory.MemoryProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The consolidation tool: episodic events of a project into semantic patterns, on demand. */
@Configuration(proxyBeanMethods = false)
class ConsolidationTools {

    static final int DEFAULT_DAYS_BACK = 7;

    record RunConsolidationParameters(String strategy, Integer daysBack, Boolean dryRun, String project) implements ProjectScoped {
    }

    @Bean
    ToolDefinition<RunConsolidationParameters> runConsolidationTool(ConsolidationService consolidation, MemoryProperties memory) {
        return new ToolDefinition<>("run_consolidation",
                "Consolidate the project's episodic events of the last days_back days (default 7) into pattern memories: "
                        + "clusters of related events, heuristics, the reasoning model where they are unsure (strategy speed | "
                        + "balanced | quality), grounding, and merging into known patterns. dry_run reports without writing.",
                RunConsolidationParameters.class,
                p -> {
                    Strategy strategy;
                    try {
                        strategy = p.strategy() == null ? Strategy.BALANCED : Strategy.fromWireName(p.strategy());
                    } catch (IllegalArgumentException e) {
                        throw new InvalidParametersException("strategy", "must be one of speed, balanced, quality");
                    }
                    int daysBack = p.daysBack() == null ? DEFAULT_DAYS_BACK : p.daysBack();
                    if (daysBack < 1 || daysBack > 365) {
                        throw new InvalidParametersException("days_back", "must be between 1 and 365");
                    }
                    String project = p.project() == null ? memory.defaultProject() : p.project();
                    return consolidation.consolidate(project, strategy, daysBack, Boolean.TRUE.equals(p.dryRun()));
                })
                .withExample("""
                        {"strategy": "balanced", "days_back": 7, "dry_run": true, "project": "default"}""");
    }
}
