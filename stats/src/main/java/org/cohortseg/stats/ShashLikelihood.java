package org.cohortseg.stats;

/**
 * The penalised log-likelihood that R's {@code mgcv::gam(family = shash)} maximises, with its exact
 * gradient and Hessian, for the chart model of {@link ShashChart}: per scan, with
 * {@code z = (y - mu) / (sigma delta)} and {@code w = delta asinh(z) - epsilon},
 * <pre>
 *   l = -log sigma - log(2 pi) / 2 + log cosh w - log(1 + z^2) / 2 - sinh(w)^2 / 2 - phiPen phi^2
 * </pre>
 * where mu = location design row . beta, sigma = exp(gamma0 + gamma1 u) + b (mgcv's "logeb" link, u the
 * scaled age), epsilon, and delta = exp(phi). mgcv's shash adds the ridge penalty -phiPen phi^2 to every
 * scan's term ({@code l0} in its {@code ll}), so the total penalty is n phiPen phi^2.
 *
 * <p>Parameter vector theta: beta (one per location column), gamma0, gamma1, epsilon, phi.
 */
final class ShashLikelihood {
    /** mgcv's default b: sigma never falls below it (in the units of the measure). */
    static final double SIGMA_FLOOR = 1e-2;
    /** mgcv's default phiPen. */
    static final double PHI_PENALTY = 1e-3;
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final int MU = 0;
    private static final int ETA = 1;
    private static final int EPSILON = 2;
    private static final int PHI = 3;
    private final double[][] location;
    private final double[] scaledAge;
    private final double[] y;

    /** The value, and where asked for, gradient and Hessian in theta. */
    record Evaluation(double value, double[] gradient, double[][] hessian) {
    }

    ShashLikelihood(double[][] location, double[] scaledAge, double[] y) {
        this.location = location;
        this.scaledAge = scaledAge;
        this.y = y;
    }

    /** Number of parameters. */
    int size() {
        return location[0].length + 4;
    }

    /** Evaluates at theta; the gradient and Hessian are null unless {@code derivatives}. */
    Evaluation evaluate(double[] theta, boolean derivatives) {
        int p = location[0].length;
        int k = size();
        double epsilon = theta[p + 2];
        double phi = theta[p + 3];
        double total = 0;
        double[] gradient = derivatives ? new double[k] : null;
        double[][] hessian = derivatives ? new double[k][k] : null;
        double[] design = new double[k];
        int[] block = new int[k];
        for (int m = 0; m < k; m++) {
            block[m] = m < p ? MU : m < p + 2 ? ETA : m == p + 2 ? EPSILON : PHI;
        }
        for (int i = 0; i < y.length; i++) {
            double mu = 0;
            for (int m = 0; m < p; m++) {
                mu += location[i][m] * theta[m];
                design[m] = location[i][m];
            }
            double eta = theta[p] + theta[p + 1] * scaledAge[i];
            design[p] = 1;
            design[p + 1] = scaledAge[i];
            design[p + 2] = 1;
            design[p + 3] = 1;
            Scan s = new Scan(y[i], mu, eta, epsilon, phi, derivatives);
            total += s.value;
            if (!derivatives) {
                continue;
            }
            for (int a = 0; a < k; a++) {
                gradient[a] += s.gradient[block[a]] * design[a];
                for (int b = 0; b <= a; b++) {
                    hessian[a][b] += s.hessian[block[a]][block[b]] * design[a] * design[b];
                }
            }
        }
        if (derivatives) {
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k; b++) {
                    hessian[a][b] = hessian[b][a];
                }
            }
        }
        return new Evaluation(total, gradient, hessian);
    }

    /** One scan's term and its derivatives in (mu, eta, epsilon, phi). */
    private static final class Scan {
        final double value;
        final double[] gradient = new double[4];
        final double[][] hessian = new double[4][4];

        Scan(double y, double mu, double eta, double epsilon, double phi, boolean derivatives) {
            double e = Math.exp(eta);
            double sigma = e + SIGMA_FLOOR;
            double delta = Math.exp(phi);
            double s = sigma * delta;
            double z = (y - mu) / s;
            double asinh = asinh(z);
            double w = delta * asinh - epsilon;
            double sinhW = Math.sinh(w);
            value = -Math.log(sigma) - HALF_LOG_2PI + logCosh(w) - 0.5 * Math.log1p(z * z)
                    - 0.5 * sinhW * sinhW - PHI_PENALTY * phi * phi;
            if (derivatives) {
                differentiate(z, asinh, w, e / sigma, delta, s, phi);
            }
        }

        /**
         * l = -log sigma + F(z, phi, epsilon) - phiPen phi^2 with F = g(w) + h(z), g(w) = log cosh w -
         * sinh^2 w / 2, h(z) = -log(1 + z^2) / 2, and z a function of (mu, eta, phi); rho = d log sigma / d eta.
         */
        private void differentiate(double z, double asinh, double w, double rho, double delta, double s,
                double phi) {
            double coshW = Math.cosh(w);
            double sinhW = Math.sinh(w);
            double g1 = sinhW / coshW - sinhW * coshW;
            double g2 = 1 / (coshW * coshW) - (coshW * coshW + sinhW * sinhW);
            double q = 1 / Math.sqrt(1 + z * z);
            double q2 = q * q;
            double h1 = -z * q2;
            double h2 = -(1 - z * z) * q2 * q2;
            double fz = g1 * delta * q + h1;
            double fPhi = g1 * delta * asinh;
            double fzz = g2 * delta * delta * q2 - g1 * delta * z * q2 * q + h2;
            double fzPhi = delta * q * (g2 * delta * asinh + g1);
            double fzEps = -g2 * delta * q;
            double fPhiPhi = g2 * delta * delta * asinh * asinh + g1 * delta * asinh;
            double fPhiEps = -g2 * delta * asinh;
            double[] dz = new double[4];
            dz[MU] = -1 / s;
            dz[ETA] = -z * rho;
            dz[PHI] = -z;
            double[][] dzz = new double[4][4];
            dzz[MU][ETA] = rho / s;
            dzz[MU][PHI] = 1 / s;
            dzz[ETA][ETA] = z * rho * (2 * rho - 1);
            dzz[ETA][PHI] = z * rho;
            dzz[PHI][PHI] = z;
            gradient[MU] = fz * dz[MU];
            gradient[ETA] = -rho + fz * dz[ETA];
            gradient[EPSILON] = -g1;
            gradient[PHI] = fz * dz[PHI] + fPhi - 2 * PHI_PENALTY * phi;
            int[] zDependent = {MU, ETA, PHI};
            for (int a : zDependent) {
                for (int b : zDependent) {
                    double v = fzz * dz[a] * dz[b] + fz * dzz[Math.min(a, b)][Math.max(a, b)];
                    v += (a == PHI ? fzPhi * dz[b] : 0) + (b == PHI ? fzPhi * dz[a] : 0);
                    hessian[a][b] = v;
                }
                hessian[a][EPSILON] = fzEps * dz[a] + (a == PHI ? fPhiEps : 0);
                hessian[EPSILON][a] = hessian[a][EPSILON];
            }
            hessian[PHI][PHI] += fPhiPhi - 2 * PHI_PENALTY;
            hessian[ETA][ETA] -= rho * (1 - rho);
            hessian[EPSILON][EPSILON] = g2;
        }
    }

    /** asinh without cancellation for large negative arguments. */
    static double asinh(double z) {
        double a = Math.abs(z);
        double r = a > 1e8 ? Math.log(2 * a) : Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
        return Math.copySign(r, z);
    }

    private static double logCosh(double w) {
        double a = Math.abs(w);
        return a + Math.log1p(Math.exp(-2 * a)) - Math.log(2);
    }
}
