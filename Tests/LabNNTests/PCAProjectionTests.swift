import Foundation
import LabTensor
import LabTestSupport
import Testing

@testable import LabNN

/// The projected coordinates as row-major [N, 2] values.
private func flattened(_ coordinates: [SIMD2<Double>]) -> [Double] {
  coordinates.flatMap { [$0.x, $0.y] }
}

@Suite("PCA projection")
struct PCAProjectionTests {
  @Test("matches scikit-learn", arguments: try RetrievalReference.load().pca)
  func matchesReference(reference: PCACase) {
    let projection = pcaProjection(of: reference.input.constant())

    expectCloseDoubles(projection.mean, reference.mean.data, "mean")
    expectCloseDoubles(
      projection.directions.flatMap { $0 }, reference.components.data, "directions")
    expectCloseDoubles(flattened(projection.coordinates), reference.projected.data, "coordinates")
    expectCloseDoubles(
      projection.explainedVarianceRatio, reference.explainedVarianceRatio, "explained variance")
  }

  /// Points on y = 2x vary along (1, 2)/√5 only. The second direction is the
  /// completed (2, −1)/√5, with no variance and coordinates 0.
  @Test func pointsOnLine() {
    let projection = pcaProjection(of: Tensor(shape: [3, 2], data: [0, 0, 1, 2, 2, 4]))
    let root5 = 5.0.squareRoot()

    expectCloseDoubles(projection.mean, [1, 2], "mean")
    expectCloseDoubles(projection.directions[0], [1 / root5, 2 / root5], "first direction")
    expectCloseDoubles(projection.directions[1], [2 / root5, -1 / root5], "second direction")
    expectCloseDoubles(
      flattened(projection.coordinates), [-root5, 0, 0, 0, root5, 0], "coordinates")
    expectCloseDoubles(projection.explainedVarianceRatio, [1, 0], "explained variance")
  }

  /// Variances 8/3 along x and 2/3 along y give ratios 0.8 and 0.2.
  @Test func axisAlignedVariance() {
    let projection = pcaProjection(
      of: Tensor(shape: [4, 2], data: [2, 0, -2, 0, 0, 1, 0, -1]))

    expectCloseDoubles(projection.directions.flatMap { $0 }, [1, 0, 0, 1], "directions")
    expectCloseDoubles(projection.explainedVarianceRatio, [0.8, 0.2], "explained variance")
    expectCloseDoubles(
      flattened(projection.coordinates), [2, 0, -2, 0, 0, 1, 0, -1], "coordinates")
  }

  /// A direction along −x is flipped to +x, and the coordinates with it.
  @Test func signConventionFlipsNegativeAxis() {
    let projection = pcaProjection(of: Tensor(shape: [2, 2], data: [3, 0, -1, 0]))

    expectCloseDoubles(projection.directions[0], [1, 0], "first direction")
    expectCloseDoubles(flattened(projection.coordinates), [2, 0, -2, 0], "coordinates")
  }

  @Test(
    "sign convention",
    arguments: [
      ([0.6, -0.8], [-0.6, 0.8]), ([-0.8, 0.6], [0.8, -0.6]), ([0.8, 0.6], [0.8, 0.6]),
      ([-0.5, 0.5], [0.5, -0.5]), ([0.5, -0.5], [0.5, -0.5]),
    ])
  func signConvention(direction: [Double], expected: [Double]) {
    #expect(applyingSignConvention(direction) == expected)
  }

  @Test(
    "points without variance",
    arguments: [([1, 2, 3] as [Float], 3), ([5, 5, 5, 5, 5, 5], 2)])
  func pointsWithoutVariance(values: [Float], dimension: Int) {
    let points = Tensor(shape: [values.count / dimension, dimension], data: values)
    let projection = pcaProjection(of: points)

    #expect(projection.explainedVarianceRatio == [0, 0])
    #expect(projection.coordinates.allSatisfy { $0 == .zero })
    #expect(projection.directions[0] == (0..<dimension).map { $0 == 0 ? 1 : 0 })
    #expect(projection.directions[1] == (0..<dimension).map { $0 == 1 ? 1 : 0 })
  }

  /// Two points in 4-D span one direction, found through the Gram matrix; the
  /// second is the first basis vector orthogonal to it.
  @Test func twoPointsInFourDimensions() {
    let projection = pcaProjection(of: Tensor(shape: [2, 4], data: [1, 1, 0, 0, -1, -1, 0, 0]))
    let half = 0.5.squareRoot()

    expectCloseDoubles(projection.directions[0], [half, half, 0, 0], "first direction")
    expectCloseDoubles(projection.directions[1], [half, -half, 0, 0], "second direction")
    expectCloseDoubles(projection.explainedVarianceRatio, [1, 0], "explained variance")
  }

  @Test func projectUsesMeanAndDirections() {
    let projection = pcaProjection(
      of: Tensor(shape: [4, 2], data: [2, 0, -2, 0, 0, 1, 0, -1]))

    #expect(projection.project([3, -2]) == SIMD2(3, -2))
    #expect(projection.project([2, 0]) == projection.coordinates[0])
  }

  /// [[2, 1, 0], [1, 2, 0], [0, 0, 5]] has eigenvalues 1, 3 and 5.
  @Test func jacobiSolvesKnownMatrix() {
    let matrix: [Double] = [2, 1, 0, 1, 2, 0, 0, 0, 5]
    let eigen = symmetricEigen(matrix, size: 3)

    expectCloseDoubles(eigen.values.sorted(), [1, 3, 5], tolerance: 1e-12, "eigenvalues")
    for column in 0..<3 {
      let vector = (0..<3).map { eigen.vectors[$0 * 3 + column] }
      let product = (0..<3).map { row in
        (0..<3).reduce(0.0) { $0 + matrix[row * 3 + $1] * vector[$1] }
      }
      expectCloseDoubles(
        product, vector.map { $0 * eigen.values[column] }, tolerance: 1e-12, "A·v = λv")
    }
  }

  /// Rotating points in the plane rotates the directions with them, so the
  /// explained variance is unchanged.
  @Test func rotationKeepsExplainedVariance() {
    var generator = RandomGenerator(seed: 5)
    let base = (0..<30).flatMap { _ in
      [Float(generator.normal(standardDeviation: 3)), Float(generator.normal())]
    }
    let angle = 0.7
    let rotated = stride(from: 0, to: base.count, by: 2).flatMap { index in
      let (x, y) = (Double(base[index]), Double(base[index + 1]))
      return [Float(cos(angle) * x - sin(angle) * y), Float(sin(angle) * x + cos(angle) * y)]
    }

    let original = pcaProjection(of: Tensor(shape: [30, 2], data: base))
    let turned = pcaProjection(of: Tensor(shape: [30, 2], data: rotated))

    expectCloseDoubles(
      turned.explainedVarianceRatio, original.explainedVarianceRatio, tolerance: 1e-6,
      "explained variance")
  }
}
