// libpng 1.6 for Swift. Not a public API of LossLab: only the LabData target
// includes it, and only through its simplified API (png_image_*), which
// reports errors as return values instead of longjmp, which Swift cannot
// unwind through.
#ifndef LOSSLAB_CPNG_SHIM_H
#define LOSSLAB_CPNG_SHIM_H

#include <png.h>

// Macros that Swift cannot import as constants or functions.
static inline png_uint_32 _losslab_png_image_version(void) { return PNG_IMAGE_VERSION; }
static inline png_uint_32 _losslab_png_format_rgb(void) { return PNG_FORMAT_RGB; }
static inline png_uint_32 _losslab_png_format_rgba(void) { return PNG_FORMAT_RGBA; }
static inline png_uint_32 _losslab_png_image_flag_16bit_srgb(void) {
  return PNG_IMAGE_FLAG_16BIT_sRGB;
}

// The message libpng stores after an error or warning, as a C string.
static inline const char *_losslab_png_image_message(const png_image *image) {
  return image->message;
}

#endif
