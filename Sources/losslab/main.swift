import Foundation

#if os(Linux)
// glibc's mallopt, declared here because Swift's Glibc module leaves out
// malloc.h. The option numbers are glibc's M_TRIM_THRESHOLD and M_MMAP_THRESHOLD.
@_silgen_name("mallopt") func mallopt(_ option: Int32, _ value: Int32) -> Int32
let trimThresholdOption: Int32 = -1
let mmapThresholdOption: Int32 = -3

// A training step frees its tensors and allocates the same sizes again in the
// next step. By default glibc maps blocks above 128 KiB (im2col buffers,
// activations) straight from the system and unmaps them on free, so every step
// page-faults them back in. Serving blocks up to 32 MiB (glibc's largest
// allowed threshold) from the heap and trimming it rarely keeps them in reuse.
_ = mallopt(mmapThresholdOption, 32 << 20)
_ = mallopt(trimThresholdOption, 256 << 20)
#endif

setlocale(LC_ALL, "")
exit(runCommandLine(Array(CommandLine.arguments.dropFirst())))
