package dev.athena.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Inside the gateway, where Maven modules cannot help: the transports and guards ({@code web}, {@code mcp},
 * {@code security}, {@code health}, {@code metrics}, {@code openapi}, {@code console}, {@code replicas}) may use the
 * tools, never the reverse, so a tool works the same over HTTP and MCP; and no part of the gateway turns a wire name
 * into a memory or consolidation enum by hand: the parameter records declare the enums, the binder reads them, and the
 * schemas list their values.
 */
class GatewayPackageTests {

    private static JavaClasses gateway;

    @BeforeAll
    static void importClasses() {
        gateway = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.athena.gateway");
    }

    @Test
    void theToolsKnowNothingOfTheTransportsAndGuards() {
        noClasses()
                .that()
                .resideInAPackage("dev.athena.gateway.tools..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.athena.gateway.web..",
                        "dev.athena.gateway.mcp..",
                        "dev.athena.gateway.security..",
                        "dev.athena.gateway.health..",
                        "dev.athena.gateway.metrics..",
                        "dev.athena.gateway.openapi..",
                        "dev.athena.gateway.console..",
                        "dev.athena.gateway.replicas..")
                .check(gateway);
    }

    @Test
    void theGatewayParsesNoWireNamesOfMemoryAndConsolidationTypes() {
        noClasses()
                .that()
                .resideInAPackage("dev.athena.gateway..")
                .should()
                .callMethodWhere(wireNameParsing())
                .check(gateway);
    }

    private static DescribedPredicate<JavaMethodCall> wireNameParsing() {
        return DescribedPredicate.describe(
                "parse a wire name of a memory or consolidation type",
                call -> call.getName().equals("fromWireName")
                        && call.getTargetOwner()
                                .getPackageName()
                                .matches("dev\\.athena\\.(memory|consolidation)(\\..*)?"));
    }
}
