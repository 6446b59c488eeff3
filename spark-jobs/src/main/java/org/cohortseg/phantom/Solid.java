package org.cohortseg.phantom;

/** A closed region of world space (mm, RAS+) with an exactly known volume. */
public sealed interface Solid permits Solid.Ellipsoid, Solid.Cylinder, Solid.Vertebra {

    /** Whether the world point lies inside. */
    boolean contains(double x, double y, double z);

    /** Exact volume in mm3. */
    double volume();

    /** Axis-aligned bounds {xmin, ymin, zmin, xmax, ymax, zmax}. */
    double[] bounds();

    /** An axis-aligned ellipsoid. */
    record Ellipsoid(double cx, double cy, double cz, double a, double b, double c) implements Solid {
        @Override
        public boolean contains(double x, double y, double z) {
            double u = (x - cx) / a;
            double v = (y - cy) / b;
            double w = (z - cz) / c;
            return u * u + v * v + w * w <= 1;
        }

        @Override public double volume() { return 4.0 / 3.0 * Math.PI * a * b * c; }
        @Override public double[] bounds() { return new double[] {cx - a, cy - b, cz - c, cx + a, cy + b, cz + c}; }
    }

    /** An elliptic cylinder along z from {@code z0} to {@code z1}. */
    record Cylinder(double cx, double cy, double a, double b, double z0, double z1) implements Solid {
        @Override
        public boolean contains(double x, double y, double z) {
            double u = (x - cx) / a;
            double v = (y - cy) / b;
            return z >= z0 && z <= z1 && u * u + v * v <= 1;
        }

        @Override public double volume() { return Math.PI * a * b * (z1 - z0); }
        @Override public double[] bounds() { return new double[] {cx - a, cy - b, z0, cx + a, cy + b, z1}; }
    }

    /**
     * A vertebra: an elliptic-cylinder body (semi-axes a, b around cx, cy) and a spinous process,
     * a box of half-width {@code w} from the body's centre line to {@code depth} behind its back,
     * over z0..z1. The box overlaps the back half of the body, so no gap separates them; the volume
     * subtracts the overlap exactly.
     */
    record Vertebra(double cx, double cy, double a, double b, double w, double depth, double z0, double z1)
            implements Solid {
        public Vertebra {
            if (w >= a) {
                throw new IllegalArgumentException("the spinous process must be narrower than the body");
            }
        }

        /** The body alone. */
        public Cylinder body() {
            return new Cylinder(cx, cy, a, b, z0, z1);
        }

        @Override
        public boolean contains(double x, double y, double z) {
            if (z < z0 || z > z1) {
                return false;
            }
            boolean inProcess = Math.abs(x - cx) <= w && y <= cy && y >= cy - b - depth;
            return inProcess || body().contains(x, y, z);
        }

        @Override
        public double volume() {
            double process = 2 * w * (b + depth);
            // area of the body below its centre line within |x - cx| <= w
            double overlap = b * (w * Math.sqrt(1 - (w / a) * (w / a)) + a * Math.asin(w / a));
            return (Math.PI * a * b + process - overlap) * (z1 - z0);
        }

        @Override
        public double[] bounds() {
            return new double[] {cx - a, cy - b - depth, z0, cx + a, cy + b, z1};
        }
    }
}
