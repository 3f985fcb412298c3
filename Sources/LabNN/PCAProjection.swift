import LabTensor

/// A projection of points onto their first two principal directions, for a
/// 2-D view of embeddings.
///
/// A direction is defined only up to sign, so each is flipped until its
/// component of largest magnitude is positive (the lowest index wins a tie in
/// magnitude, within a relative 1e-12). The same points then give the same picture on every run and
/// against any solver.
public struct PCAProjection: Sendable, Equatable {
  /// The mean of the points, one value per feature.
  public var mean: [Double]
  /// The first and second principal directions, unit vectors of `mean.count`
  /// values each.
  public var directions: [[Double]]
  /// The coordinates of each point on the two directions, after centring.
  public var coordinates: [SIMD2<Double>]
  /// The share of the total variance along each direction, in 0...1: the
  /// direction's eigenvalue over the trace of the covariance, as scikit-learn's
  /// `explained_variance_ratio_`. Both are 0 when the points do not vary.
  public var explainedVarianceRatio: [Double]

  /// Projects a point onto the two directions after subtracting `mean`, such
  /// as a validation embedding on the axes of the training embeddings.
  ///
  /// - Precondition: `point` has one value per feature.
  public func project(_ point: [Float]) -> SIMD2<Double> {
    precondition(
      point.count == mean.count,
      "PCAProjection.project: point has \(point.count) values, expected \(mean.count)")
    var coordinate = SIMD2<Double>.zero
    for j in mean.indices {
      let centred = Double(point[j]) - mean[j]
      coordinate.x += centred * directions[0][j]
      coordinate.y += centred * directions[1][j]
    }
    return coordinate
  }
}

/// Computes the principal component analysis of points [N, D] and projects
/// them onto their first two principal directions.
///
/// The points are centred and the eigenvectors of their covariance
///
///     C = Xcᵀ·Xc / (N − 1)
///
/// are found with the cyclic Jacobi eigenvalue method in double precision.
/// Jacobi rotations converge for any symmetric matrix, to orthonormal vectors
/// even when eigenvalues repeat, which power iteration does not promise. When
/// N < D, the method runs on the N×N Gram matrix Xc·Xcᵀ instead, whose
/// eigenvectors u give the directions Xcᵀ·u. When fewer than two directions
/// carry variance, the missing ones are completed with the first standard
/// basis vectors orthogonal to the found ones, and their coordinates are 0.
///
/// - Parameter points: [N, D] with N ≥ 1 and D ≥ 2.
/// - Precondition: `points` has rank 2, N ≥ 1 and D ≥ 2.
/// - Complexity: O(N·D·min(N, D)) to form the matrix and about
///   O(min(N, D)³) per Jacobi sweep, with usually fewer than 10 sweeps.
///   NOTE: meant for min(N, D) up to a few hundred, because the cost grows
///   with its cube.
public func pcaProjection(of points: Tensor) -> PCAProjection {
  precondition(
    points.rank == 2, "pcaProjection: points need shape [N, D], got \(points.shape)")
  let (count, dimension) = (points.shape[0], points.shape[1])
  precondition(count >= 1, "pcaProjection: needs at least 1 point, got shape \(points.shape)")
  precondition(
    dimension >= 2, "pcaProjection: needs at least 2 features, got shape \(points.shape)")

  let mean = (0..<dimension).map { j in
    (0..<count).reduce(0.0) { $0 + Double(points.data[$1 * dimension + j]) } / Double(count)
  }
  let centred = (0..<count * dimension).map { Double(points.data[$0]) - mean[$0 % dimension] }
  let denominator = Double(max(count - 1, 1))
  let totalVariance = centred.reduce(0) { $0 + $1 * $1 } / denominator

  let leading = leadingEigenpairs(
    centred: centred, count: count, dimension: dimension, denominator: denominator)
  var directions = leading.map { $0.vector }
  completeOrthonormalPair(&directions, dimension: dimension)
  directions = directions.map(applyingSignConvention)

  let projection = PCAProjection(
    mean: mean, directions: directions, coordinates: [],
    explainedVarianceRatio: (0..<2).map { index in
      guard totalVariance > 0, index < leading.count else { return 0 }
      return min(max(leading[index].value / totalVariance, 0), 1)
    })
  var result = projection
  result.coordinates = (0..<count).map { row in
    projection.project(Array(points.data[row * dimension..<(row + 1) * dimension]))
  }
  return result
}

/// Returns up to two eigenpairs of the covariance with the largest positive
/// eigenvalues, largest first, with unit vectors in feature space.
private func leadingEigenpairs(
  centred: [Double], count: Int, dimension: Int, denominator: Double
) -> [(value: Double, vector: [Double])] {
  let usesGram = count < dimension
  let size = usesGram ? count : dimension
  var matrix = [Double](repeating: 0, count: size * size)
  for i in 0..<size {
    for j in i..<size {
      var sum = 0.0
      if usesGram {
        for feature in 0..<dimension {
          sum += centred[i * dimension + feature] * centred[j * dimension + feature]
        }
      } else {
        for row in 0..<count {
          sum += centred[row * dimension + i] * centred[row * dimension + j]
        }
      }
      matrix[i * size + j] = sum / denominator
      matrix[j * size + i] = sum / denominator
    }
  }

  let eigen = symmetricEigen(matrix, size: size)
  let order = (0..<size).sorted { left, right in
    eigen.values[left] != eigen.values[right]
      ? eigen.values[left] > eigen.values[right] : left < right
  }
  var pairs: [(value: Double, vector: [Double])] = []
  for index in order.prefix(2) where eigen.values[index] > 0 {
    let u = (0..<size).map { eigen.vectors[$0 * size + index] }
    let vector = usesGram
      ? (0..<dimension).map { feature in
        (0..<count).reduce(0.0) { $0 + centred[$1 * dimension + feature] * u[$1] }
      }
      : u
    guard let unit = normalized(vector) else { break }
    pairs.append((eigen.values[index], unit))
  }
  return pairs
}

/// Eigenvalues and eigenvectors (as the columns of a row-major matrix) of a
/// symmetric matrix, by cyclic Jacobi rotations. Each rotation zeroes one
/// off-diagonal element, and sweeps stop when the off-diagonal part is below
/// 1e-30 of the squared Frobenius norm, at the latest after 100 sweeps.
func symmetricEigen(_ input: [Double], size: Int) -> (values: [Double], vectors: [Double]) {
  var a = input
  var v = [Double](repeating: 0, count: size * size)
  for i in 0..<size { v[i * size + i] = 1 }
  let frobenius = a.reduce(0) { $0 + $1 * $1 }

  for _ in 0..<100 {
    var offDiagonal = 0.0
    for p in 0..<size {
      for q in 0..<size where q != p { offDiagonal += a[p * size + q] * a[p * size + q] }
    }
    if offDiagonal <= 1e-30 * frobenius { break }

    for p in 0..<size - 1 {
      for q in p + 1..<size where a[p * size + q] != 0 {
        let theta = (a[q * size + q] - a[p * size + p]) / (2 * a[p * size + q])
        let t = abs(theta) > 1e150
          ? 1 / (2 * theta)
          : (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
        let c = 1 / (t * t + 1).squareRoot()
        let s = t * c
        rotate(&a, columns: p, q, c: c, s: s, size: size)
        rotateRows(&a, p, q, c: c, s: s, size: size)
        rotate(&v, columns: p, q, c: c, s: s, size: size)
      }
    }
  }
  return ((0..<size).map { a[$0 * size + $0] }, v)
}

/// Multiplies a row-major matrix on the right by the Jacobi rotation of
/// columns `p` and `q`.
private func rotate(
  _ m: inout [Double], columns p: Int, _ q: Int, c: Double, s: Double, size: Int
) {
  for k in 0..<size {
    let (kp, kq) = (m[k * size + p], m[k * size + q])
    m[k * size + p] = c * kp - s * kq
    m[k * size + q] = s * kp + c * kq
  }
}

/// Multiplies a row-major matrix on the left by the transposed Jacobi rotation
/// of rows `p` and `q`.
private func rotateRows(_ m: inout [Double], _ p: Int, _ q: Int, c: Double, s: Double, size: Int) {
  for k in 0..<size {
    let (pk, qk) = (m[p * size + k], m[q * size + k])
    m[p * size + k] = c * pk - s * qk
    m[q * size + k] = s * pk + c * qk
  }
}

/// Returns `vector` scaled to unit length, or nil when its length is 0.
private func normalized(_ vector: [Double]) -> [Double]? {
  let length = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
  guard length > 0 else { return nil }
  return vector.map { $0 / length }
}

/// Adds standard basis vectors, made orthogonal to the directions present by
/// Gram–Schmidt, until there are two directions.
private func completeOrthonormalPair(_ directions: inout [[Double]], dimension: Int) {
  var candidate = 0
  while directions.count < 2 && candidate < dimension {
    var vector = [Double](repeating: 0, count: dimension)
    vector[candidate] = 1
    for direction in directions {
      let dot = zip(vector, direction).reduce(0) { $0 + $1.0 * $1.1 }
      vector = zip(vector, direction).map { $0 - dot * $1 }
    }
    if vector.reduce(0, { $0 + $1 * $1 }) > 1e-12, let unit = normalized(vector) {
      directions.append(unit)
    }
    candidate += 1
  }
}

/// Returns `direction`, negated if its component of largest magnitude is
/// negative. Magnitudes within a relative 1e-12 of the largest count as tied,
/// and the first of them decides, so that rounding in the solver cannot flip
/// a direction whose components are equal in exact arithmetic.
func applyingSignConvention(_ direction: [Double]) -> [Double] {
  let largestMagnitude = direction.reduce(0) { max($0, abs($1)) }
  guard
    let deciding = direction.first(where: { abs($0) >= largestMagnitude * (1 - 1e-12) })
  else { return direction }
  return deciding < 0 ? direction.map { -$0 } : direction
}
