#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Packing buffers owned by one thread and kept for its lifetime, so that
/// repeated GEMM calls do not allocate.
///
/// Each thread that calls `gemm` gets its own buffers through thread-local
/// storage, so concurrent calls from different threads (a convolution that
/// runs one `gemm` per image on each worker) never share them. The buffers
/// grow to the largest request and are freed when the thread exits.
final class GEMMScratch {
  private var packedA = AlignedFloatBuffer()
  private var packedB = AlignedFloatBuffer()

  /// The scratch of the calling thread, created on first use.
  static var current: GEMMScratch {
    if let pointer = pthread_getspecific(scratchKey) {
      return Unmanaged<GEMMScratch>.fromOpaque(pointer).takeUnretainedValue()
    }
    let scratch = GEMMScratch()
    pthread_setspecific(scratchKey, Unmanaged.passRetained(scratch).toOpaque())
    return scratch
  }

  /// Returns room for at least `count` floats of packed A, 64-byte aligned.
  func packedA(count: Int) -> UnsafeMutablePointer<Float> {
    packedA.reserve(count)
  }

  /// Returns room for at least `count` floats of packed B, 64-byte aligned.
  func packedB(count: Int) -> UnsafeMutablePointer<Float> {
    packedB.reserve(count)
  }
}

/// The thread-local key of `GEMMScratch.current`. Its destructor releases the
/// thread's scratch when the thread exits.
private let scratchKey: pthread_key_t = {
  var key = pthread_key_t()
  #if canImport(Darwin)
    let status = pthread_key_create(&key) { pointer in
      Unmanaged<GEMMScratch>.fromOpaque(pointer).release()
    }
  #else
    let status = pthread_key_create(&key) { pointer in
      guard let pointer else { return }
      Unmanaged<GEMMScratch>.fromOpaque(pointer).release()
    }
  #endif
  precondition(status == 0, "gemm: pthread_key_create failed with status \(status)")
  return key
}()

/// A growable float buffer aligned to 64 bytes, the width of an AVX-512
/// register and of a cache line.
private struct AlignedFloatBuffer: ~Copyable {
  private var base: UnsafeMutablePointer<Float>?
  private var capacity = 0

  /// Returns the buffer after growing it to at least `count` floats. Growing
  /// discards the contents.
  mutating func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
    if let base, capacity >= count { return base }
    base?.deallocate()
    // Round up to whole 64 KiB so that slowly growing requests reallocate rarely.
    let newCapacity = max(roundUp(count, 16_384), 16_384)
    let raw = UnsafeMutableRawPointer.allocate(
      byteCount: newCapacity * MemoryLayout<Float>.stride, alignment: 64)
    let pointer = raw.bindMemory(to: Float.self, capacity: newCapacity)
    base = pointer
    capacity = newCapacity
    return pointer
  }

  deinit { base?.deallocate() }
}
