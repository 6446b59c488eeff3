package org.cohortseg.nifti;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.cohortseg.geometry.Affine;
import org.cohortseg.geometry.Shape;
import org.junit.jupiter.api.Test;

/** Corruption that zlib only notices at the gzip trailer still fails the read. */
class GzipIntegrityTest {

    private static byte[] gzipped() throws IOException {
        short[] v = new short[20 * 20 * 20];
        for (int i = 0; i < v.length; i++) {
            v[i] = (short) (i % 1000);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new NiftiWriter().write(NiftiImage.of(new Shape(20, 20, 20), VoxelArray.ofInt16(v), Affine.scaling(1, 1, 1)),
                out, true);
        return out.toByteArray();
    }

    @Test
    void aWrongChecksumIsACorruptFile() throws IOException {
        byte[] bytes = gzipped();
        bytes[bytes.length - 6] ^= 0x01; // inside the CRC32 of the trailer
        CorruptCompressionException e = assertThrows(CorruptCompressionException.class,
                () -> new NiftiReader().read(new ByteArrayInputStream(bytes), "scan.nii.gz"));
        assertTrue(e.getMessage().startsWith("scan.nii.gz: "), e.getMessage());
    }

    @Test
    void aMissingTrailerIsATruncatedFile() throws IOException {
        byte[] bytes = gzipped();
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 8);
        assertThrows(TruncatedDataException.class, () -> new NiftiReader().read(new ByteArrayInputStream(cut), "scan.nii.gz"));
    }
}
