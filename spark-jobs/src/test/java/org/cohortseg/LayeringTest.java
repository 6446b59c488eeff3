package org.cohortseg;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.cohortseg.cli.CohortsegCli;
import org.cohortseg.engine.SegmentationEngine;
import org.cohortseg.jobs.CohortJob;
import org.cohortseg.stats.AgingStudy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the code, written down as rules that fail when an import runs the wrong way.
 * From the bottom: shared values ({@code io}, {@code concurrency}, {@code geometry}, {@code labels}),
 * images ({@code nifti}), the engine and the measurements (side by side, neither knowing the
 * other), one scan's pipeline, then the statistics, the Spark edge ({@code jobs}, {@code report},
 * {@code phantom}) and the command line on top.
 */
class LayeringTest {
    private static final String[] CORE = {"org.cohortseg.io..", "org.cohortseg.concurrency..", "org.cohortseg.geometry..",
        "org.cohortseg.labels..", "org.cohortseg.nifti..", "org.cohortseg.engine..", "org.cohortseg.measure..",
        "org.cohortseg.pipeline..", "org.cohortseg.stats.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.cohortseg");
        for (Class<?> c : new Class<?>[] {SegmentationEngine.class, AgingStudy.class, CohortJob.class, CohortsegCli.class}) {
            assertTrue(classes.contain(c), "the rules see every module: " + c);
        }
    }

    @Test
    void theCoreModulesNeverUseSparkOrHadoop() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..")
                .because("segmentation-udf and stats run and are tested without Spark")
                .check(classes);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("org.cohortseg.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Values").definedBy("org.cohortseg.io..", "org.cohortseg.concurrency..", "org.cohortseg.geometry..",
                        "org.cohortseg.labels..")
                .layer("Images").definedBy("org.cohortseg.nifti..", "org.cohortseg.dicom..")
                .layer("Engine").definedBy("org.cohortseg.engine..")
                .layer("Measurements").definedBy("org.cohortseg.measure..")
                .layer("Pipeline").definedBy("org.cohortseg.pipeline..")
                .layer("Statistics").definedBy("org.cohortseg.stats..")
                .layer("Report").definedBy("org.cohortseg.report..")
                .layer("Phantoms").definedBy("org.cohortseg.phantom..")
                .layer("Jobs").definedBy("org.cohortseg.jobs..")
                .layer("Cli").definedBy("org.cohortseg.cli..")
                .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("Jobs").mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Phantoms").mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Report").mayOnlyBeAccessedByLayers("Jobs", "Cli")
                .whereLayer("Statistics").mayOnlyBeAccessedByLayers("Report", "Jobs", "Phantoms", "Cli")
                .whereLayer("Pipeline").mayOnlyBeAccessedByLayers("Jobs", "Cli")
                .whereLayer("Engine").mayOnlyBeAccessedByLayers("Pipeline", "Jobs", "Phantoms", "Cli")
                .whereLayer("Measurements").mayOnlyBeAccessedByLayers("Pipeline", "Report", "Jobs", "Phantoms", "Cli")
                .whereLayer("Images").mayOnlyBeAccessedByLayers("Engine", "Measurements", "Pipeline", "Jobs", "Phantoms", "Cli")
                .check(classes);
    }
}
