package org.cohortseg.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Python's repr(float) and numpy.round, expected values printed by CPython 3.11 / numpy 1.24. */
class PythonFloatsTest {

    @ParameterizedTest
    @CsvSource({
        "0.0, 0.0", "1.0, 1.0", "-2.5, -2.5", "260010.0, 260010.0", "33.05909, 33.05909",
        "0.1, 0.1", "0.0001, 0.0001", "0.00001, 1e-05", "1e16, 1e+16", "1234567890123456.0, 1234567890123456.0",
        "3.3750000000000004, 3.3750000000000004", "1e22, 1e+22", "123456789012345678, 1.2345678901234568e+17",
        "2.0E-7, 2e-07", "5e-324, 5e-324", "1.7976931348623157e308, 1.7976931348623157e+308",
        "0.30000000000000004, 0.30000000000000004", "100.0, 100.0", "4944591.0, 4944591.0"})
    void formatsLikePythonRepr(double value, String python) {
        assertEquals(python, PythonFloats.repr(value));
    }

    @ParameterizedTest
    @CsvSource({"33.059085, 33.05909", "2.675, 2.675", "1.000005, 1.0", "-0.5, -0.5", "12.345675, 12.34568"})
    void roundsLikeNumpy(double value, double numpy) {
        assertEquals(numpy, TotalSegmentatorStatistics.roundLikeNumpy(value, 5));
    }
}
