/*
 * JNI bridge from org.cohortseg.nifti.NativeGunzip to libdeflate's whole-buffer gzip decoder,
 * which inflates about twice as fast as zlib. Memory handed to Java is malloc'd here and freed
 * here, so large buffers never wait for the garbage collector.
 */
#include <jni.h>
#include <libdeflate.h>
#include <stdlib.h>

JNIEXPORT jobject JNICALL
Java_org_cohortseg_nifti_NativeGunzip_allocate(JNIEnv *env, jclass cls, jlong bytes)
{
    void *memory = malloc(bytes > 0 ? (size_t) bytes : 1);
    return memory == NULL ? NULL : (*env)->NewDirectByteBuffer(env, memory, bytes);
}

JNIEXPORT void JNICALL
Java_org_cohortseg_nifti_NativeGunzip_free(JNIEnv *env, jclass cls, jobject buffer)
{
    free((*env)->GetDirectBufferAddress(env, buffer));
}

/*
 * Inflates the single gzip member in[0, inBytes) into out[0, outBytes), checking its CRC-32 and
 * length. Returns 0 when the member decodes to exactly outBytes and uses all of the input;
 * otherwise libdeflate's result code, or -1 (input left over, output size differs, no memory).
 */
JNIEXPORT jint JNICALL
Java_org_cohortseg_nifti_NativeGunzip_gunzip(JNIEnv *env, jclass cls, jobject in, jlong inBytes,
                                             jobject out, jlong outBytes)
{
    const void *src = (*env)->GetDirectBufferAddress(env, in);
    void *dst = (*env)->GetDirectBufferAddress(env, out);
    struct libdeflate_decompressor *decompressor = libdeflate_alloc_decompressor();
    if (src == NULL || dst == NULL || decompressor == NULL) {
        if (decompressor != NULL) {
            libdeflate_free_decompressor(decompressor);
        }
        return -1;
    }
    size_t used = 0;
    size_t produced = 0;
    enum libdeflate_result result = libdeflate_gzip_decompress_ex(decompressor, src, (size_t) inBytes, dst,
                                                                  (size_t) outBytes, &used, &produced);
    libdeflate_free_decompressor(decompressor);
    if (result != LIBDEFLATE_SUCCESS) {
        return (jint) result;
    }
    return used == (size_t) inBytes && produced == (size_t) outBytes ? 0 : -1;
}
