package org.cohortseg.dicom.index;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A patient's age at a study in years: from PatientAge ({@code nnnD}, {@code nnnW}, {@code nnnM} or
 * {@code nnnY}), else from StudyDate - PatientBirthDate; null when neither gives one.
 */
public final class AgeAtStudy {
    private static final Pattern AGE_STRING = Pattern.compile("(\\d{1,3})\\s*([DWMY])");
    private static final double DAYS_PER_YEAR = 365.2425;

    private AgeAtStudy() {
    }

    /** The age in years, or null. */
    public static Double years(String patientAge, String birthDate, String studyDate) {
        if (patientAge != null) {
            Matcher m = AGE_STRING.matcher(patientAge.strip().toUpperCase(Locale.ROOT));
            if (m.matches()) {
                double n = Integer.parseInt(m.group(1));
                return switch (m.group(2)) {
                    case "D" -> n / DAYS_PER_YEAR;
                    case "W" -> n * 7 / DAYS_PER_YEAR;
                    case "M" -> n / 12;
                    default -> n;
                };
            }
        }
        LocalDate born = date(birthDate);
        LocalDate studied = date(studyDate);
        if (born == null || studied == null || studied.isBefore(born)) {
            return null;
        }
        return ChronoUnit.DAYS.between(born, studied) / DAYS_PER_YEAR;
    }

    /** A DA value (yyyymmdd, or the old yyyy.mm.dd), or null. */
    static LocalDate date(String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip().replace(".", ""), DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
