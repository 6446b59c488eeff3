package org.cohortseg.cli;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.cohortseg.stats.HarmonizationStudy;
import org.cohortseg.stats.OrganAgeStudy;
import org.cohortseg.stats.PopulationStudy;
import org.cohortseg.stats.QcFlags;

/** The demo's headlines beyond the paper: organ age, harmonisation and QC, one line each. */
final class Headlines {
    private Headlines() {
    }

    static void print(PopulationStudy.Result study, PrintStream out) {
        OrganAgeStudy.Summary best = study.organAge().mostAccurate().orElse(null);
        if (best == null) {
            out.println("organ age: no model (" + study.organAge().summaries().stream().map(OrganAgeStudy.Summary::reason)
                    .distinct().findFirst().orElse("no structures") + "; demo --n 260 has enough subjects)");
        } else {
            out.printf(Locale.ROOT, "organ age: %s (%s) predicted within %.1f years (MAE, cross-fitted over %d scans); "
                    + "corrected gap vs age r = %+.2f%n", best.system(), best.sex().label(), best.mae(), best.n(),
                    best.correctedGapVsAge());
        }
        List<HarmonizationStudy.Check> checks = study.harmonization().checks().stream()
                .filter(c -> c.before().present() && c.after().present()).toList();
        if (checks.isEmpty()) {
            out.println("harmonisation: none" + (study.harmonization().reasons().isEmpty() ? ""
                    : " (" + study.harmonization().reasons() + ")"));
        } else {
            HarmonizationStudy.Check strongest = checks.stream()
                    .max(Comparator.comparingDouble(c -> c.before().value().f())).orElseThrow();
            out.printf(Locale.ROOT, "harmonisation: strongest batch effect %s %s F = %.1f (p = %.1e) before ComBat, "
                    + "F = %.2f (p = %.2f) after; %d structure x measures harmonised%n", strongest.structure(),
                    strongest.measure().column(), strongest.before().value().f(), strongest.before().value().fP(),
                    strongest.after().value().f(), strongest.after().value().fP(), checks.size());
        }
        QcFlags.Summary qc = QcFlags.summary(study.qcFlags());
        out.printf(Locale.ROOT, "QC flags: %d scans flagged %s%n", qc.scans(), qc.perFlag());
    }
}
