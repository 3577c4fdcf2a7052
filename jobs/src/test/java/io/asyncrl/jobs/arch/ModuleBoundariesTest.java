package io.asyncrl.jobs.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of the house style, held by a test: hardware models know nothing of Flink or
 * Kafka; the simulation knows nothing of Flink; operators know Flink and the schemas but not the
 * connectors' wiring; connectors know nothing of the simulation; only jobs wire everything.
 */
class ModuleBoundariesTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.asyncrl");

    @Test
    void hardwareModelsShouldNotDependOnFlinkOrKafka() {
        noClasses().that().resideInAPackage("io.asyncrl.hw..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "org.apache.kafka..",
                        "io.asyncrl.operators..", "io.asyncrl.connectors..", "io.asyncrl.jobs..")
                .check(CLASSES);
    }

    @Test
    void simulationShouldNotDependOnFlinkOrKafka() {
        noClasses().that().resideInAnyPackage("io.asyncrl.operators.sim..", "io.asyncrl.operators.stage..",
                        "io.asyncrl.operators.local..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "org.apache.kafka..")
                .check(CLASSES);
    }

    @Test
    void operatorsShouldNotKnowTheConnectorsOrTheJobs() {
        noClasses().that().resideInAPackage("io.asyncrl.operators..")
                .should().dependOnClassesThat().resideInAnyPackage("io.asyncrl.connectors..", "io.asyncrl.jobs..")
                .check(CLASSES);
    }

    @Test
    void connectorsShouldNotKnowTheSimulationOrTheJobs() {
        noClasses().that().resideInAPackage("io.asyncrl.connectors..")
                .should().dependOnClassesThat().resideInAnyPackage("io.asyncrl.operators..", "io.asyncrl.jobs..",
                        "io.asyncrl.hw..")
                .check(CLASSES);
    }

    @Test
    void mainCodeShouldNotUseTestArtifacts() {
        // The embedded broker is Kafka's own server (KafkaRaftServer), not its test kit; tests live in src/test.
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka.common.test..",
                        "kafka.testkit..", "org.junit..", "org.apache.flink.test..")
                .check(CLASSES);
    }
}
