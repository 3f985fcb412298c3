import Foundation
import LabTensor

/// Interleaved 2-D spiral arms, one class per arm, for classifiers whose
/// decision boundary can be drawn.
///
/// Point i of arm k, with t = i / (pointsPerArm − 1) running from 0 to 1, lies at
///
///     r = t,   θ = 2π·k / classCount + 4·t   (radians, about 0.64 turns per arm)
///     (x, y) = (r·cos θ, r·sin θ) + noise · (z₁, z₂)
///
/// with z₁, z₂ standard normal draws. No line separates the arms, so a linear
/// model stays near chance while an MLP with a hidden layer can reach 100%.
public enum Spiral {
  public static let featureNames = ["x", "y"]
  public static let targetName = "arm"

  /// Generates `count` points spread over `classCount` arms (the first arms get
  /// one more point when `count` does not divide evenly), in arm order.
  ///
  /// - Parameters:
  ///   - noise: Standard deviation of the noise of each coordinate, in arm
  ///     radii (the arms end at radius 1); 0.1 already blurs the arms' tips.
  ///   - seed: Seed of the noise.
  /// - Precondition: `classCount` ≥ 2, `count` ≥ 2·`classCount`, `noise` ≥ 0.
  public static func generate(count: Int, classCount: Int, noise: Double, seed: UInt64) -> Dataset {
    precondition(classCount >= 2, "Spiral: \(classCount) classes, expected at least 2")
    precondition(count >= 2 * classCount,
      "Spiral: \(count) points for \(classCount) arms, expected at least 2 per arm")
    precondition(noise >= 0, "Spiral: noise \(noise) must be ≥ 0")
    var generator = RandomGenerator(seed: seed)
    var features: [Float] = []
    var targets: [Float] = []
    for arm in 0..<classCount {
      let armCount = count / classCount + (arm < count % classCount ? 1 : 0)
      for index in 0..<armCount {
        let t = Double(index) / Double(armCount - 1)
        let angle = 2 * Double.pi * Double(arm) / Double(classCount) + 4 * t
        let x = t * cos(angle) + generator.normal(standardDeviation: noise)
        let y = t * sin(angle) + generator.normal(standardDeviation: noise)
        features += [Float(x), Float(y)]
        targets.append(Float(arm))
      }
    }
    return Dataset(
      featureNames: featureNames, targetName: targetName, features: features, targets: targets)
  }
}
