package org.cohortseg.nifti;

/** Strided copies between voxel arrays of the same type, for reorientation outside this package. */
public final class VoxelCopier {
    private VoxelCopier() {
    }

    /**
     * Copies {@code length} voxels from {@code src} (start {@code srcStart}, step {@code srcStep},
     * which may be negative) to consecutive positions of {@code dst} from {@code dstStart}.
     *
     * @throws IllegalArgumentException when the arrays differ in type
     */
    public static void copyRun(VoxelArray src, int srcStart, int srcStep, VoxelArray dst, int dstStart, int length) {
        if (src.type() != dst.type()) {
            throw new IllegalArgumentException("cannot copy " + src.type() + " voxels into " + dst.type());
        }
        src.copyRun(srcStart, srcStep, dst, dstStart, length);
    }
}
