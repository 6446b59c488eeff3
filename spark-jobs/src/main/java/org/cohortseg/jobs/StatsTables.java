package org.cohortseg.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.cohortseg.stats.AgeAssociation;
import org.cohortseg.stats.AgingStudy;
import org.cohortseg.stats.Correlation;
import org.cohortseg.stats.KruskalWallis;
import org.cohortseg.stats.LinearFit;

/** Schemas and rows of the statistics tables written by {@code cohortseg stats}. */
public final class StatsTables {
    public static final StructType ASSOCIATIONS = schema(
            "structure", DataTypes.StringType, "category", DataTypes.StringType, "measure", DataTypes.StringType,
            "stratum", DataTypes.StringType, "n", DataTypes.IntegerType,
            "spearman_rho", DataTypes.DoubleType, "spearman_p", DataTypes.DoubleType,
            "pearson_r", DataTypes.DoubleType, "pearson_p", DataTypes.DoubleType,
            "pearson_ci_low", DataTypes.DoubleType, "pearson_ci_high", DataTypes.DoubleType,
            "slope", DataTypes.DoubleType, "slope_per_decade", DataTypes.DoubleType, "slope_se", DataTypes.DoubleType,
            "slope_p", DataTypes.DoubleType, "slope_ci_low", DataTypes.DoubleType, "slope_ci_high", DataTypes.DoubleType,
            "r_squared", DataTypes.DoubleType, "p_bonferroni", DataTypes.DoubleType, "q_bh", DataTypes.DoubleType,
            "null_reason", DataTypes.StringType);
    public static final StructType GROUPS = schema(
            "structure", DataTypes.StringType, "measure", DataTypes.StringType, "stratum", DataTypes.StringType,
            "age_group", DataTypes.StringType, "n", DataTypes.IntegerType, "mean", DataTypes.DoubleType,
            "sd", DataTypes.DoubleType, "median", DataTypes.DoubleType, "q1", DataTypes.DoubleType,
            "q3", DataTypes.DoubleType, "kruskal_wallis_h", DataTypes.DoubleType, "kruskal_wallis_p", DataTypes.DoubleType);
    public static final StructType TRAJECTORIES = schema(
            "structure", DataTypes.StringType, "measure", DataTypes.StringType, "sex", DataTypes.StringType,
            "age", DataTypes.DoubleType, "fit", DataTypes.DoubleType, "lower_95", DataTypes.DoubleType,
            "upper_95", DataTypes.DoubleType);
    public static final StructType CENTILES = schema(
            "structure", DataTypes.StringType, "measure", DataTypes.StringType, "sex", DataTypes.StringType,
            "age", DataTypes.DoubleType, "p5", DataTypes.DoubleType, "p25", DataTypes.DoubleType,
            "p50", DataTypes.DoubleType, "p75", DataTypes.DoubleType, "p95", DataTypes.DoubleType);
    public static final StructType ZSCORES = schema(
            "scan_id", DataTypes.StringType, "structure", DataTypes.StringType, "measure", DataTypes.StringType,
            "sex", DataTypes.StringType, "age", DataTypes.DoubleType, "value", DataTypes.DoubleType,
            "z_score", DataTypes.DoubleType, "centile", DataTypes.DoubleType);

    private StatsTables() {
    }

    private static StructType schema(Object... nameType) {
        StructType t = new StructType();
        for (int i = 0; i < nameType.length; i += 2) {
            t = t.add((String) nameType[i], (DataType) nameType[i + 1], true);
        }
        return t;
    }

    static Row association(AgingStudy.Association x) {
        AgeAssociation a = x.association();
        Correlation s = a.spearman().value();
        Correlation p = a.pearson().value();
        LinearFit f = a.regression().value();
        List<Object> v = new ArrayList<>(List.of(a.structure(), x.category(), a.measure().column(), a.stratum().label(),
                a.n()));
        v.add(s == null ? null : s.estimate());
        v.add(s == null ? null : s.pValue());
        v.add(p == null ? null : p.estimate());
        v.add(p == null ? null : p.pValue());
        v.add(p == null ? null : p.ciLow());
        v.add(p == null ? null : p.ciHigh());
        int age = f == null ? -1 : f.index("age");
        v.add(f == null ? null : f.coefficients()[age]);
        v.add(f == null ? null : 10 * f.coefficients()[age]);
        v.add(f == null ? null : f.standardErrors()[age]);
        v.add(f == null ? null : f.p()[age]);
        v.add(f == null ? null : f.ciLow()[age]);
        v.add(f == null ? null : f.ciHigh()[age]);
        v.add(f == null ? null : f.rSquared());
        v.add(x.pBonferroni());
        v.add(x.qBh());
        String reason = a.spearman().present() ? (a.regression().present() ? null : a.regression().reason())
                : a.spearman().reason();
        v.add(reason);
        return RowFactory.create(v.toArray());
    }

    static Row group(AgingStudy.GroupRow g) {
        KruskalWallis kw = g.kruskalWallis().value();
        return RowFactory.create(g.structure(), g.measure().column(), g.stratum().label(), g.group().group(), g.group().n(),
                g.group().mean(), g.group().sd(), g.group().median(), g.group().q1(), g.group().q3(),
                kw == null ? null : kw.statistic(), kw == null ? null : kw.pValue());
    }

    static Row trajectory(AgingStudy.TrajectoryPoint t) {
        return RowFactory.create(t.structure(), t.measure().column(), t.sex().label(), t.age(), t.fit(), t.lower(),
                t.upper());
    }

    static Row centile(AgingStudy.CentilePoint c) {
        double[] v = c.centiles();
        return RowFactory.create(c.structure(), c.measure().column(), c.sex().label(), c.age(), v[0], v[1], v[2], v[3],
                v[4]);
    }

    static Row zScore(AgingStudy.ZScore z) {
        return RowFactory.create(z.scanId(), z.structure(), z.measure().column(), z.sex().label(), z.age(), z.value(),
                z.zScore(), z.centile());
    }
}
