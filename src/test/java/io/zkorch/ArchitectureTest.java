package io.zkorch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rooms of STYLE.md and the directions between the three artifacts, held by ArchUnit over the compiled classes:
 * no package cycles; nothing below the CLI prints; docker-java only in images and the Docker provider (and the
 * Testcontainers module, whose container modifiers are docker-java commands); Testcontainers and JUnit only in
 * zkorch-testcontainers; picocli only in the CLI; the core never sees the CLI or the test module.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.zkorch");
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.zkorch.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void onlyTheCliPrints() {
    noClasses().that().resideOutsideOfPackage("io.zkorch.cli..")
        .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
        .because("the engine emits progress events; only the CLI decides how they look")
        .check(classes);
  }

  @Test
  void onlyImagesTheDockerAndSwarmProvidersAndTheTestModuleUseDockerJava() {
    noClasses().that().resideOutsideOfPackages("io.zkorch.image..", "io.zkorch.runtime.docker..",
            "io.zkorch.runtime.swarm..", "io.zkorch.testcontainers..", "io.zkorch.cli..")
        .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
        .check(classes);
  }

  @Test
  void theCoreUsesOnlyDockerJavasApi() {
    // the client implementation comes from the CLI (docker-java-core) or from Testcontainers (its own)
    noClasses().that().resideOutsideOfPackage("io.zkorch.cli..")
        .should().dependOnClassesThat().resideInAnyPackage("com.github.dockerjava.core..",
            "com.github.dockerjava.httpclient5..")
        .check(classes);
  }

  @Test
  void testcontainersAndJUnitOnlyInTheTestModule() {
    noClasses().that().resideOutsideOfPackages("io.zkorch.testcontainers..", "io.zkorch.junit..")
        .should().dependOnClassesThat().resideInAnyPackage("org.testcontainers..", "org.junit..")
        .check(classes);
  }

  @Test
  void picocliOnlyInTheCli() {
    noClasses().that().resideOutsideOfPackage("io.zkorch.cli..")
        .should().dependOnClassesThat().resideInAPackage("picocli..")
        .check(classes);
  }

  @Test
  void dependenciesPointAwayFromTheCliAndTheTestModule() {
    noClasses().that().resideOutsideOfPackage("io.zkorch.cli..")
        .should().dependOnClassesThat().resideInAPackage("io.zkorch.cli..")
        .check(classes);
    noClasses().that().resideOutsideOfPackages("io.zkorch.testcontainers..", "io.zkorch.junit..")
        .should().dependOnClassesThat().resideInAnyPackage("io.zkorch.testcontainers..", "io.zkorch.junit..")
        .check(classes);
  }

  @Test
  void specDependsOnNothingOfTheEngine() {
    noClasses().that().resideInAPackage("io.zkorch.spec..")
        .should().dependOnClassesThat().resideInAnyPackage("io.zkorch.runtime..", "io.zkorch.fault..",
            "io.zkorch.topology..", "io.zkorch.cluster..", "io.zkorch.scenario..", "io.zkorch.image..")
        .check(classes);
  }
}
