package org.cohortseg.nifti;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The fields of a NIfTI-1 or NIfTI-2 header that cohortseg uses, widened to long/double so that
 * both versions share one representation.
 *
 * @param version 1 or 2
 * @param byteOrder byte order of the file
 * @param dim the 8 {@code dim} entries; {@code dim[0]} is the number of dimensions
 * @param pixdim the 8 {@code pixdim} entries; {@code pixdim[0]} is qfac, 1..3 are voxel sizes in mm
 * @param datatype stored voxel type
 * @param voxOffset byte offset of the voxel data in the file
 * @param sclSlope raw {@code scl_slope}
 * @param sclInter raw {@code scl_inter}
 * @param qformCode {@code qform_code}
 * @param sformCode {@code sform_code}
 * @param quatern {@code quatern_b, quatern_c, quatern_d}
 * @param qoffset {@code qoffset_x, qoffset_y, qoffset_z}
 * @param srow the sform rows {@code srow_x, srow_y, srow_z}, 4 values each (12 in all)
 * @param xyztUnits {@code xyzt_units}
 * @param description {@code descrip}
 */
public record NiftiHeader(
        int version,
        ByteOrder byteOrder,
        long[] dim,
        double[] pixdim,
        NiftiDataType datatype,
        long voxOffset,
        double sclSlope,
        double sclInter,
        int qformCode,
        int sformCode,
        double[] quatern,
        double[] qoffset,
        double[] srow,
        int xyztUnits,
        String description) {

    public NiftiHeader {
        dim = dim.clone();
        pixdim = pixdim.clone();
        quatern = quatern.clone();
        qoffset = qoffset.clone();
        srow = srow.clone();
    }

    @Override public long[] dim() { return dim.clone(); }
    @Override public double[] pixdim() { return pixdim.clone(); }
    @Override public double[] quatern() { return quatern.clone(); }
    @Override public double[] qoffset() { return qoffset.clone(); }
    @Override public double[] srow() { return srow.clone(); }

    /** Extent along spatial axis {@code axis} (0 = x, 1 = y, 2 = z); 1 where the image has fewer dimensions. */
    public long extent(int axis) {
        return axis < dim[0] ? dim[axis + 1] : 1;
    }

    /** Voxel size in mm along spatial axis {@code axis}, as stored ({@code pixdim[axis + 1]}). */
    public double voxelSize(int axis) {
        return pixdim[axis + 1];
    }

    /** The qform handedness factor: -1 when {@code pixdim[0]} is -1, otherwise 1 (as the NIfTI standard says). */
    public double qfac() {
        return pixdim[0] == -1 ? -1 : 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NiftiHeader h && version == h.version && byteOrder.equals(h.byteOrder)
                && Arrays.equals(dim, h.dim) && Arrays.equals(pixdim, h.pixdim) && datatype == h.datatype
                && voxOffset == h.voxOffset && Double.compare(sclSlope, h.sclSlope) == 0
                && Double.compare(sclInter, h.sclInter) == 0 && qformCode == h.qformCode
                && sformCode == h.sformCode && Arrays.equals(quatern, h.quatern)
                && Arrays.equals(qoffset, h.qoffset) && Arrays.equals(srow, h.srow)
                && xyztUnits == h.xyztUnits && description.equals(h.description);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dim) * 31 + datatype.hashCode();
    }

    @Override
    public String toString() {
        return "NiftiHeader[nifti" + version + ", " + byteOrder + ", dim=" + Arrays.toString(dim)
                + ", pixdim=" + Arrays.toString(pixdim) + ", " + datatype + ", qform_code=" + qformCode
                + ", sform_code=" + sformCode + "]";
    }
}
