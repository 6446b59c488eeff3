package org.cohortseg.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Age and sex of a manifest row, checked. A missing or implausible value is named (the row's
 * {@code manifest_issues}) and becomes NULL: the scan is still segmented, and the statistics leave
 * it out with that reason.
 *
 * @param age age in years, null when missing or implausible
 * @param male true for male, false for female, null when missing or unknown
 * @param issues what is wrong, null when nothing is
 */
public record Demographics(Double age, Boolean male, String issues) {
    /** The oldest plausible age in years. */
    public static final double MAX_AGE = 120;

    /** Checks a row's age (a number, or text) and sex. */
    public static Demographics check(Object age, String sex) {
        List<String> issues = new ArrayList<>();
        Double years = years(age, issues);
        Boolean male = sex(sex);
        if (sex == null || sex.isBlank()) {
            issues.add("sex missing");
        } else if (male == null) {
            issues.add("sex '" + sex + "' is not F or M");
        }
        return new Demographics(years, male, issues.isEmpty() ? null : String.join("; ", issues));
    }

    private static Double years(Object age, List<String> issues) {
        if (age == null || age.toString().isBlank()) {
            issues.add("age missing");
            return null;
        }
        double v;
        try {
            v = age instanceof Number n ? n.doubleValue() : Double.parseDouble(age.toString().trim());
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (Double.isNaN(v)) {
            issues.add("age '" + age + "' is not a number");
            return null;
        }
        if (v < 0 || v > MAX_AGE) {
            issues.add(String.format(Locale.ROOT, "age %s is outside 0-%.0f years", age, MAX_AGE));
            return null;
        }
        return v;
    }

    /** "M"/"male" and "F"/"female" in any case; anything else is unknown (null). */
    public static Boolean sex(String s) {
        if (s == null) {
            return null;
        }
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "m", "male" -> true;
            case "f", "female" -> false;
            default -> null;
        };
    }
}
