@testable import LabData

/// The result of matching each sample to its nearest prototype by Euclidean
/// distance.
struct NearestPrototypeMatch {
  /// Fraction of samples whose nearest prototype has their label.
  var accuracy: Double
  /// For each sample whose nearest prototype has another label: its label and
  /// the label of that prototype.
  var misses: [(label: Int, matched: Int)]
}

/// Matches each sample to the nearest prototype, the first one on a tie.
func matchNearestPrototype(
  _ samples: LabelledSamples, prototypes: LabelledSamples
) -> NearestPrototypeMatch {
  var correctCount = 0
  var misses: [(label: Int, matched: Int)] = []
  for sample in 0..<samples.sampleCount {
    var nearest = 0
    var nearestDistance = Double.infinity
    for prototype in 0..<prototypes.sampleCount {
      let distance = zip(samples.row(sample), prototypes.row(prototype)).reduce(0.0) {
        let difference = Double($1.0) - Double($1.1)
        return $0 + difference * difference
      }
      if distance < nearestDistance {
        nearestDistance = distance
        nearest = prototype
      }
    }
    let (label, matched) = (samples.labels[sample], prototypes.labels[nearest])
    if label == matched {
      correctCount += 1
    } else {
      misses.append((label, matched))
    }
  }
  return NearestPrototypeMatch(
    accuracy: Double(correctCount) / Double(samples.sampleCount), misses: misses)
}
