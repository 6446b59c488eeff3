package org.cohortseg.phantom;

/**
 * Where and how a labelled structure sits in the phantom body, at its nominal size. The subject's
 * sampled volume rescales it: ellipsoids in all three axes, tubes in radius, vertebrae in their
 * cross-section (height fixed).
 *
 * @param labelId TotalSegmentator v2 id
 * @param name TotalSegmentator v2 name
 * @param kind shape family
 * @param center nominal centre (mm, RAS+); for tubes and vertebrae only x and y are used
 * @param size ellipsoid semi-axes; tube {radius, radius, z0, z1}; vertebra {a, b, z0, z1}
 */
public record StructureTemplate(int labelId, String name, Kind kind, double[] center, double[] size) {

    /** Shape families. */
    public enum Kind { ELLIPSOID, TUBE, VERTEBRA }

    /** Half-width (x) and depth (y, behind the body's back edge) of a spinous process, mm. */
    static final double SPINOUS_HALF_WIDTH = 5;
    static final double SPINOUS_DEPTH = 18;

    public StructureTemplate {
        center = center.clone();
        size = size.clone();
    }

    @Override public double[] center() { return center.clone(); }
    @Override public double[] size() { return size.clone(); }

    /** The nominal volume in ml. */
    public double nominalVolumeMl() {
        return solid(0, 0, 0, 1, 1, 1).volume() / 1000.0;
    }

    /**
     * The solid for a subject: shifted by (dx, dy, dz), scaled to {@code volumeMl}, with the ellipsoid
     * aspect changed by {@code ex}, {@code ey} (volume-preserving).
     */
    public Solid place(double volumeMl, double dx, double dy, double dz, double ex, double ey) {
        double ratio = volumeMl / nominalVolumeMl();
        return switch (kind) {
            case ELLIPSOID -> {
                double k = Math.cbrt(ratio);
                yield solid(dx, dy, dz, k * (1 + ex), k * (1 + ey), k / ((1 + ex) * (1 + ey)));
            }
            case TUBE, VERTEBRA -> {
                double k = Math.sqrt(ratio);
                yield solid(dx, dy, dz, k, k, 1);
            }
        };
    }

    private Solid solid(double dx, double dy, double dz, double kx, double ky, double kz) {
        double cx = center[0] + dx;
        double cy = center[1] + dy;
        return switch (kind) {
            case ELLIPSOID -> new Solid.Ellipsoid(cx, cy, center[2] + dz, size[0] * kx, size[1] * ky, size[2] * kz);
            case TUBE -> new Solid.Cylinder(cx, cy, size[0] * kx, size[1] * ky, size[2] + dz, size[3] + dz);
            case VERTEBRA -> new Solid.Vertebra(cx, cy, size[0] * kx, size[1] * ky, SPINOUS_HALF_WIDTH * kx,
                    SPINOUS_DEPTH * ky, size[2] + dz, size[3] + dz);
        };
    }
}
