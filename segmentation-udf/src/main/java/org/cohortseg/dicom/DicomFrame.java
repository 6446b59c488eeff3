package org.cohortseg.dicom;

import java.util.ArrayList;
import java.util.List;

/**
 * One image of a series: a single-frame file, or one frame of an enhanced multi-frame file, with
 * the attributes that place and scale it.
 *
 * @param file the file that holds it
 * @param attributes its attributes (for a frame: the file's, the shared groups' and its own)
 * @param frames the file's number of frames
 * @param frame its index among them, from 0
 */
public record DicomFrame(DicomFile file, DicomAttributes attributes, int frames, int frame) {

    /** The images of {@code file}: itself, or each of its frames. */
    public static List<DicomFrame> of(DicomFile file) throws DicomException {
        int frames = file.attributes().number(DicomTag.NUMBER_OF_FRAMES).orElse(1.0).intValue();
        if (frames == 1 && file.frames().size() <= 1) {
            return List.of(new DicomFrame(file, file.frames().isEmpty() ? file.attributes() : file.frames().get(0), 1, 0));
        }
        if (file.frames().size() != frames) {
            throw new DicomException(file.attributes().source(), frames + " frames and " + file.frames().size()
                    + " per-frame functional groups: a multi-frame image is read from its per-frame positions");
        }
        List<DicomFrame> out = new ArrayList<>(frames);
        for (int f = 0; f < frames; f++) {
            out.add(new DicomFrame(file, file.frames().get(f), frames, f));
        }
        return out;
    }
}
