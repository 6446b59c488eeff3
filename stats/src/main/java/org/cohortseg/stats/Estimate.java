package org.cohortseg.stats;

import java.util.Objects;
import java.util.function.Function;

/**
 * A statistic that may be undefined for its input: either a value, or no value and the reason
 * (n < 3, zero variance, singular design...). Degenerate input is reported, never NaN or an
 * exception, so a table row can hold NULL with the reason beside it.
 *
 * @param value the result, or null
 * @param reason why there is no result, or null when there is one
 * @param <T> the result type
 */
public record Estimate<T>(T value, String reason) {

    public Estimate {
        if ((value == null) == (reason == null)) {
            throw new IllegalArgumentException("an estimate has either a value or a reason");
        }
    }

    /** A result. */
    public static <T> Estimate<T> of(T value) {
        return new Estimate<>(Objects.requireNonNull(value, "value"), null);
    }

    /** No result, and why. */
    public static <T> Estimate<T> none(String reason) {
        return new Estimate<>(null, Objects.requireNonNull(reason, "reason"));
    }

    /** Whether there is a result. */
    public boolean present() {
        return value != null;
    }

    /** The result mapped, or the same reason. */
    public <U> Estimate<U> map(Function<T, U> f) {
        return present() ? of(f.apply(value)) : none(reason);
    }
}
