package org.cohortseg.dicom.index;

import java.io.IOException;
import org.cohortseg.dicom.DicomException;
import org.cohortseg.dicom.DicomFile;
import org.cohortseg.dicom.DicomFileParser;
import org.cohortseg.dicom.NotDicomException;
import org.cohortseg.io.ScanStore;

/**
 * Reads the header of one file for the index without its pixels: the first {@link #PREFIX_BYTES}
 * (a CT header is a few kilobytes), and the whole file only when the header runs on past them.
 */
public final class HeaderReader {
    /** Bytes read first. */
    public static final int PREFIX_BYTES = 64 * 1024;

    private HeaderReader() {
    }

    /** A file's bytes: its first {@code n}, or fewer where it is shorter. */
    @FunctionalInterface
    public interface Bytes {
        byte[] first(int n) throws IOException;
    }

    /** What one file turned out to be. */
    public sealed interface Outcome extends java.io.Serializable {
    }

    /** A DICOM file's header. */
    public record Header(InstanceHeader header) implements Outcome {
    }

    /** Not DICOM at all (a README, a spreadsheet, a DICOMDIR's neighbours). */
    public record NotDicom() implements Outcome {
    }

    /** DICOM that cannot be parsed, and why. */
    public record Unreadable(String reason) implements Outcome {
    }

    /**
     * The header of {@code file} ({@code bytes} long, in {@code folder}), read through {@code read}.
     *
     * @throws IOException when the bytes cannot be read at all
     */
    public static Outcome read(String file, String folder, long bytes, Bytes read) throws IOException {
        byte[] head = read.first((int) Math.min(PREFIX_BYTES, bytes));
        boolean whole = head.length >= bytes;
        Outcome fromHead = parse(head, whole, file, folder, bytes);
        if (fromHead != null) {
            return fromHead;
        }
        if (bytes > ScanStore.MAX_FILE_BYTES) { // the header runs on past the prefix: the whole file, within limits
            return new Unreadable("header runs past " + PREFIX_BYTES + " bytes in a file of " + bytes + " bytes, more than "
                    + ScanStore.MAX_FILE_BYTES + " to read whole");
        }
        return parse(read.first((int) bytes), true, file, folder, bytes);
    }

    /** What {@code data} shows; null when it is only a prefix ({@code whole} false) that ends inside the header. */
    private static Outcome parse(byte[] data, boolean whole, String file, String folder, long bytes) {
        try {
            DicomFile parsed = DicomFileParser.parse(data, file, false);
            return whole || parsed.pixelDataFound() ? new Header(InstanceHeader.of(parsed, file, folder, bytes)) : null;
        } catch (NotDicomException e) {
            return new NotDicom();
        } catch (DicomException e) {
            return whole ? new Unreadable(e.getMessage()) : null;
        }
    }
}
