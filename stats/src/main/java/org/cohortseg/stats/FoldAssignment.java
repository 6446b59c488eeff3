package org.cohortseg.stats;

import java.util.SplittableRandom;

/**
 * Balanced fold labels 1..K reproducible from a seeded generator alone: the positions are shuffled
 * (Fisher-Yates) and the labels dealt in turn, like cv.glmnet's {@code sample(rep(seq(K), length = n))}.
 * Callers pass the observations in a canonical order (sorted by scan id) so that the folds do not
 * depend on the input order.
 */
final class FoldAssignment {
    private FoldAssignment() {
    }

    /** Fold (1..folds) of each of n positions; the sizes differ by at most one. */
    static int[] balanced(int n, int folds, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] fold = new int[n];
        for (int r = 0; r < n; r++) {
            fold[order[r]] = r % folds + 1;
        }
        return fold;
    }
}
