import LabTensor

/// Per-parameter optimizer state, keyed by the parameter's identity as
/// PyTorch keys `optimizer.state` by the parameter tensor.
///
/// Each entry keeps a strong reference to its parameter, so an identifier
/// cannot be reused by a new tensor while its old state remains.
struct ParameterStates<State: AnyObject> {
  private var entries: [ObjectIdentifier: (parameter: Tensor, state: State)] = [:]

  func contains(_ parameter: Tensor) -> Bool {
    entries[ObjectIdentifier(parameter)] != nil
  }

  /// Returns the state of `parameter`, creating it with `makeState` on first use.
  mutating func state(for parameter: Tensor, makeState: () -> State) -> State {
    let key = ObjectIdentifier(parameter)
    if let entry = entries[key] { return entry.state }
    let state = makeState()
    entries[key] = (parameter, state)
    return state
  }
}

/// A fixed-size Float array behind a stable pointer, for optimizer state that
/// the update loops write element by element and from several threads.
final class FloatBuffer {
  let pointer: UnsafeMutablePointer<Float>
  let count: Int

  init(zeros count: Int) {
    self.count = count
    pointer = .allocate(capacity: count)
    pointer.initialize(repeating: 0, count: count)
  }

  deinit {
    pointer.deallocate()
  }
}

/// The number of elements one thread updates at a time. Element-wise updates
/// are independent, so the split changes only speed, never results.
private let elementsPerPiece = 1 << 15

/// Runs `body` over the values of `parameter` and `gradient` as pointers,
/// split into ranges of at most `elementsPerPiece` that `Parallel.forEach`
/// spreads over threads. `body` must touch only the elements in its range.
func updateElementwise(
  _ parameter: Tensor, _ gradient: [Float],
  _ body: (UnsafeMutablePointer<Float>, UnsafePointer<Float>, Range<Int>) -> Void
) {
  precondition(gradient.count == parameter.count,
    "optimizer: gradient of \(gradient.count) values for parameter shape \(parameter.shape)")
  let count = parameter.count
  guard count > 0 else { return }
  let pieceCount = (count + elementsPerPiece - 1) / elementsPerPiece
  gradient.withUnsafeBufferPointer { gradient in
    parameter.data.withUnsafeMutableBufferPointer { values in
      let gradientStart = gradient.baseAddress!
      let valueStart = values.baseAddress!
      Parallel.forEach(pieceCount) { piece in
        let start = piece * elementsPerPiece
        body(valueStart, gradientStart, start..<min(start + elementsPerPiece, count))
      }
    }
  }
}

/// Returns `value` as the Double of its shortest decimal form.
///
/// PyTorch's hyperparameters are Python floats, so 0.999 is the Double
/// nearest 0.999. A Float 0.999 widened directly is 0.99900001287…, which moves
/// 1 − β₂ by 1.3e-5 relative. Widening through the decimal gives PyTorch's
/// Double for any value written with at most about 7 significant digits.
func widened(_ value: Float) -> Double {
  Double(value.description) ?? Double(value)
}

/// Linear interpolation `start + weight·(end − start)`, computed as
/// `torch.lerp` does: from `end` backwards when the weight is 0.5 or more,
/// which keeps the result exact at weight 1.
@inline(__always)
func lerp(_ start: Float, _ end: Float, weight: Float) -> Float {
  abs(weight) < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight)
}

/// `lerp` on sixteen lanes, with the same operations as the scalar form.
@inline(__always)
func lerp16(_ start: SIMD16<Float>, _ end: SIMD16<Float>, weight: Float) -> SIMD16<Float> {
  abs(weight) < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight)
}

/// Reads sixteen Floats from `pointer`, which need not be aligned.
@inline(__always)
func load16(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
  UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
}

@inline(__always)
func load16(_ pointer: UnsafeMutablePointer<Float>) -> SIMD16<Float> {
  load16(UnsafePointer(pointer))
}

/// Writes sixteen Floats to `pointer`, which need not be aligned.
@inline(__always)
func store16(_ value: SIMD16<Float>, _ pointer: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD16<Float>.self)
}
