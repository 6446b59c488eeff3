package org.cohortseg.dicom;

import java.util.Map;

/**
 * The attributes this reader keeps, as (group << 16 | element), with the value representation
 * each has in the standard's dictionary (needed where the transfer syntax does not spell it).
 */
public final class DicomTag {
    public static final int TRANSFER_SYNTAX_UID = 0x0002_0010;
    public static final int MEDIA_STORAGE_SOP_INSTANCE_UID = 0x0002_0003;
    public static final int IMAGE_TYPE = 0x0008_0008;
    public static final int SOP_CLASS_UID = 0x0008_0016;
    public static final int STUDY_DATE = 0x0008_0020;
    public static final int MANUFACTURER = 0x0008_0070;
    public static final int MANUFACTURER_MODEL_NAME = 0x0008_1090;
    public static final int PATIENT_ID = 0x0010_0020;
    public static final int PATIENT_BIRTH_DATE = 0x0010_0030;
    public static final int PATIENT_SEX = 0x0010_0040;
    public static final int PATIENT_AGE = 0x0010_1010;
    public static final int PATIENT_SIZE = 0x0010_1020;
    public static final int PATIENT_WEIGHT = 0x0010_1030;
    public static final int CONTRAST_BOLUS_AGENT = 0x0018_0010;
    public static final int BODY_PART_EXAMINED = 0x0018_0015;
    public static final int KVP = 0x0018_0060;
    public static final int XRAY_TUBE_CURRENT = 0x0018_1151;
    public static final int CONVOLUTION_KERNEL = 0x0018_1210;
    public static final int SOP_INSTANCE_UID = 0x0008_0018;
    public static final int MODALITY = 0x0008_0060;
    public static final int SERIES_DESCRIPTION = 0x0008_103E;
    public static final int SLICE_THICKNESS = 0x0018_0050;
    public static final int GANTRY_DETECTOR_TILT = 0x0018_1120;
    public static final int STUDY_INSTANCE_UID = 0x0020_000D;
    public static final int SERIES_INSTANCE_UID = 0x0020_000E;
    public static final int SERIES_NUMBER = 0x0020_0011;
    public static final int ACQUISITION_NUMBER = 0x0020_0012;
    public static final int INSTANCE_NUMBER = 0x0020_0013;
    public static final int IMAGE_POSITION_PATIENT = 0x0020_0032;
    public static final int IMAGE_ORIENTATION_PATIENT = 0x0020_0037;
    public static final int FRAME_OF_REFERENCE_UID = 0x0020_0052;
    public static final int SAMPLES_PER_PIXEL = 0x0028_0002;
    public static final int PHOTOMETRIC_INTERPRETATION = 0x0028_0004;
    public static final int NUMBER_OF_FRAMES = 0x0028_0008;
    public static final int ROWS = 0x0028_0010;
    public static final int COLUMNS = 0x0028_0011;
    public static final int PIXEL_SPACING = 0x0028_0030;
    public static final int BITS_ALLOCATED = 0x0028_0100;
    public static final int BITS_STORED = 0x0028_0101;
    public static final int HIGH_BIT = 0x0028_0102;
    public static final int PIXEL_REPRESENTATION = 0x0028_0103;
    public static final int PIXEL_PADDING_VALUE = 0x0028_0120;
    public static final int PIXEL_PADDING_RANGE_LIMIT = 0x0028_0121;
    public static final int RESCALE_INTERCEPT = 0x0028_1052;
    public static final int RESCALE_SLOPE = 0x0028_1053;
    public static final int SHARED_FUNCTIONAL_GROUPS = 0x5200_9229;
    public static final int PER_FRAME_FUNCTIONAL_GROUPS = 0x5200_9230;
    public static final int PIXEL_DATA = 0x7FE0_0010;
    static final int ITEM = 0xFFFE_E000;
    static final int ITEM_DELIMITATION = 0xFFFE_E00D;
    static final int SEQUENCE_DELIMITATION = 0xFFFE_E0DD;

    /** The kept attributes and their dictionary value representation. */
    static final Map<Integer, String> KEPT = Map.ofEntries(
            Map.entry(SOP_CLASS_UID, "UI"), Map.entry(STUDY_DATE, "DA"), Map.entry(MANUFACTURER, "LO"),
            Map.entry(MANUFACTURER_MODEL_NAME, "LO"), Map.entry(PATIENT_ID, "LO"), Map.entry(PATIENT_BIRTH_DATE, "DA"),
            Map.entry(PATIENT_SEX, "CS"), Map.entry(PATIENT_AGE, "AS"),
            Map.entry(PATIENT_SIZE, "DS"), Map.entry(PATIENT_WEIGHT, "DS"), Map.entry(CONTRAST_BOLUS_AGENT, "LO"),
            Map.entry(BODY_PART_EXAMINED, "CS"), Map.entry(KVP, "DS"), Map.entry(XRAY_TUBE_CURRENT, "IS"),
            Map.entry(CONVOLUTION_KERNEL, "SH"),
            Map.entry(TRANSFER_SYNTAX_UID, "UI"), Map.entry(MEDIA_STORAGE_SOP_INSTANCE_UID, "UI"),
            Map.entry(IMAGE_TYPE, "CS"), Map.entry(SOP_INSTANCE_UID, "UI"), Map.entry(MODALITY, "CS"),
            Map.entry(SERIES_DESCRIPTION, "LO"), Map.entry(SLICE_THICKNESS, "DS"), Map.entry(GANTRY_DETECTOR_TILT, "DS"),
            Map.entry(STUDY_INSTANCE_UID, "UI"), Map.entry(SERIES_INSTANCE_UID, "UI"), Map.entry(SERIES_NUMBER, "IS"),
            Map.entry(ACQUISITION_NUMBER, "IS"), Map.entry(INSTANCE_NUMBER, "IS"), Map.entry(IMAGE_POSITION_PATIENT, "DS"),
            Map.entry(IMAGE_ORIENTATION_PATIENT, "DS"), Map.entry(FRAME_OF_REFERENCE_UID, "UI"),
            Map.entry(SAMPLES_PER_PIXEL, "US"), Map.entry(PHOTOMETRIC_INTERPRETATION, "CS"), Map.entry(NUMBER_OF_FRAMES, "IS"),
            Map.entry(ROWS, "US"), Map.entry(COLUMNS, "US"), Map.entry(PIXEL_SPACING, "DS"), Map.entry(BITS_ALLOCATED, "US"),
            Map.entry(BITS_STORED, "US"), Map.entry(HIGH_BIT, "US"), Map.entry(PIXEL_REPRESENTATION, "US"),
            Map.entry(PIXEL_PADDING_VALUE, "US"), Map.entry(PIXEL_PADDING_RANGE_LIMIT, "US"), Map.entry(RESCALE_INTERCEPT, "DS"), Map.entry(RESCALE_SLOPE, "DS"));

    private DicomTag() {
    }

    /** "(gggg,eeee)". */
    public static String toString(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }
}
