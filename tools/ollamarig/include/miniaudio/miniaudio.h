/*
 * Stand-in for miniaudio.h, used only to build the pinned Ollama test server.
 *
 * Go module zips drop llama.cpp's vendor/ folder, and miniaudio is not packaged
 * by Debian. Ollama's multimodal helper needs just the decoder entry points
 * below; this header declares them and makes every decode fail, so audio input
 * is reported as unsupported while text and images work as usual.
 */
#ifndef ZHIKU_MINIAUDIO_STANDIN_H
#define ZHIKU_MINIAUDIO_STANDIN_H

#include <stddef.h>
#include <stdint.h>

#ifndef MA_API
#define MA_API
#endif

typedef int ma_result;
typedef uint32_t ma_uint32;
typedef uint64_t ma_uint64;

#define MA_SUCCESS 0
#define MA_NOT_IMPLEMENTED (-29)

typedef enum { ma_format_unknown = 0, ma_format_f32 = 5 } ma_format;

typedef struct {
    ma_format format;
    ma_uint32 channels;
    ma_uint32 sampleRate;
} ma_decoder_config;

typedef struct {
    int unused;
} ma_decoder;

MA_API ma_decoder_config ma_decoder_config_init(ma_format format, ma_uint32 channels, ma_uint32 sampleRate) {
    ma_decoder_config config;
    config.format = format;
    config.channels = channels;
    config.sampleRate = sampleRate;
    return config;
}

MA_API ma_result ma_decoder_init_memory(const void* data, size_t size, const ma_decoder_config* config, ma_decoder* decoder) {
    (void)data; (void)size; (void)config; (void)decoder;
    return MA_NOT_IMPLEMENTED;
}

MA_API ma_result ma_decoder_get_length_in_pcm_frames(ma_decoder* decoder, ma_uint64* length) {
    (void)decoder;
    *length = 0;
    return MA_NOT_IMPLEMENTED;
}

MA_API ma_result ma_decoder_read_pcm_frames(ma_decoder* decoder, void* frames, ma_uint64 count, ma_uint64* read) {
    (void)decoder; (void)frames; (void)count;
    if (read) { *read = 0; }
    return MA_NOT_IMPLEMENTED;
}

MA_API ma_result ma_decoder_uninit(ma_decoder* decoder) {
    (void)decoder;
    return MA_SUCCESS;
}

#endif
