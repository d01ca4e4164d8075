package dev.athena.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module direction: gateway -> consolidation -> memory -> embedding / reasoning clients, never back. */
class ModuleDependencyTests {

    private static JavaClasses athena;

    @BeforeAll
    static void importClasses() {
        athena = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.athena");
    }

    @Test
    void clientsKnowNothingOfMemoryConsolidationOrGateway() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.athena.embedding..", "dev.athena.reasoning..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.athena.memory..", "dev.athena.consolidation..", "dev.athena.gateway..")
                .check(athena);
    }

    @Test
    void theEmbeddingAndReasoningClientsAreIndependent() {
        noClasses()
                .that()
                .resideInAPackage("dev.athena.embedding..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.athena.reasoning..")
                .check(athena);
        noClasses()
                .that()
                .resideInAPackage("dev.athena.reasoning..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.athena.embedding..")
                .check(athena);
    }

    @Test
    void memoryKnowsNothingOfConsolidationOrGateway() {
        noClasses()
                .that()
                .resideInAPackage("dev.athena.memory..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.athena.consolidation..", "dev.athena.gateway..")
                .check(athena);
    }

    @Test
    void consolidationKnowsNothingOfTheGateway() {
        noClasses()
                .that()
                .resideInAPackage("dev.athena.consolidation..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.athena.gateway..")
                .check(athena);
    }
}
