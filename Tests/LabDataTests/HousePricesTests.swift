import Foundation
import Testing

@testable import LabData

/// The price formula written out again, independently of `HousePrices.noiselessPrice`.
private func referencePrice(area: Double, rooms: Double, age: Double, distance: Double) -> Double {
  (2.8 * pow(area, 1.1) + 12 * rooms) * exp(-0.005 * age) * (1.6 - 0.3 * log(1 + distance))
}

/// The noiseless price of every house in `dataset`.
private func referencePrices(_ dataset: Dataset) -> [Double] {
  (0..<dataset.sampleCount).map { row in
    let values = dataset.features[(4 * row)..<(4 * row + 4)].map(Double.init)
    return referencePrice(area: values[0], rooms: values[1], age: values[2], distance: values[3])
  }
}

private func populationVariance(_ values: [Double]) -> Double {
  let mean = values.reduce(0, +) / Double(values.count)
  return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
}

/// The values of one feature column of `dataset`.
private func column(_ index: Int, of dataset: Dataset) -> [Float] {
  stride(from: index, to: dataset.features.count, by: dataset.featureCount).map {
    dataset.features[$0]
  }
}

@Suite("HousePrices")
struct HousePricesTests {
  @Test func hasNamedColumns() {
    let dataset = HousePrices.generate(count: 20, noise: 0.1, seed: 1)

    #expect(dataset.featureNames == ["area_m2", "rooms", "age_years", "distance_km"])
    #expect(dataset.targetName == "price_k")
    #expect(dataset.sampleCount == 20)
    #expect(dataset.featureCount == 4)
  }

  @Test func zeroCountIsEmpty() {
    let dataset = HousePrices.generate(count: 0, noise: 0.1, seed: 1)

    #expect(dataset.sampleCount == 0)
    #expect(dataset.features.isEmpty)
  }

  @Test func sameSeedGivesSameData() {
    let first = HousePrices.generate(count: 100, noise: 0.2, seed: 9)
    let second = HousePrices.generate(count: 100, noise: 0.2, seed: 9)

    #expect(first == second)
  }

  @Test func otherSeedGivesOtherData() {
    let first = HousePrices.generate(count: 100, noise: 0.2, seed: 9)
    let second = HousePrices.generate(count: 100, noise: 0.2, seed: 10)

    #expect(first.features != second.features)
    #expect(first.targets != second.targets)
  }

  @Test func featuresStayInRanges() {
    let dataset = HousePrices.generate(count: 2_000, noise: 0, seed: 3)
    let areas = column(0, of: dataset)
    let rooms = column(1, of: dataset)
    let ages = column(2, of: dataset)
    let distances = column(3, of: dataset)

    #expect(areas.allSatisfy { (35...250).contains($0) })
    #expect(rooms.allSatisfy { (1...8).contains($0) })
    #expect(rooms.allSatisfy { $0 == $0.rounded() })
    #expect(ages.allSatisfy { (0...100).contains($0) })
    #expect(ages.allSatisfy { $0 == $0.rounded() })
    #expect(distances.allSatisfy { (0.5...30).contains($0) })
  }

  @Test func roomsGrowWithArea() {
    let dataset = HousePrices.generate(count: 2_000, noise: 0, seed: 3)
    let areas = column(0, of: dataset).map(Double.init)
    let rooms = column(1, of: dataset).map(Double.init)

    let areaMean = areas.reduce(0, +) / Double(areas.count)
    let roomMean = rooms.reduce(0, +) / Double(rooms.count)
    let covariance = zip(areas, rooms).reduce(0) {
      $0 + ($1.0 - areaMean) * ($1.1 - roomMean)
    } / Double(areas.count)
    let correlation =
      covariance / (populationVariance(areas) * populationVariance(rooms)).squareRoot()
    #expect(correlation > 0.8)
  }

  @Test func zeroNoiseReproducesFormula() {
    let dataset = HousePrices.generate(count: 500, noise: 0, seed: 5)
    let expected = referencePrices(dataset)

    for (target, price) in zip(dataset.targets, expected) {
      #expect(abs(Double(target) - price) <= 1e-6 * price)
    }
  }

  @Test func noiselessPriceMatchesFormula() {
    let price = HousePrices.noiselessPrice(
      areaSquareMetres: 85, rooms: 3, ageYears: 40, distanceKilometres: 5)

    #expect(abs(price - referencePrice(area: 85, rooms: 3, age: 40, distance: 5)) < 1e-9)
  }

  @Test func noiseLeavesFeaturesUnchanged() {
    let clean = HousePrices.generate(count: 200, noise: 0, seed: 8)
    let noisy = HousePrices.generate(count: 200, noise: 0.5, seed: 8)

    #expect(clean.features == noisy.features)
    #expect(clean.targets != noisy.targets)
  }

  @Test func residualVarianceGrowsWithNoise() {
    var previousVariance = -1.0
    for noise in [0.0, 0.05, 0.2, 0.5, 1.0] {
      let dataset = HousePrices.generate(count: 2_000, noise: noise, seed: 21)
      let expected = referencePrices(dataset)
      let residuals = zip(dataset.targets, expected).map { Double($0) - $1 }
      let variance = populationVariance(residuals)

      #expect(variance > previousVariance, "noise \(noise)")
      previousVariance = variance
    }
  }

  @Test(
    "noise scales with price spread",
    arguments: [0.1, 0.3, 1.0])
  func noiseScalesWithPriceSpread(noise: Double) {
    let dataset = HousePrices.generate(count: 4_000, noise: noise, seed: 2)
    let expected = referencePrices(dataset)
    let residuals = zip(dataset.targets, expected).map { Double($0) - $1 }

    // With 4,000 samples the sample deviation is within about 2 % of the true one.
    let ratio = (populationVariance(residuals) / populationVariance(expected)).squareRoot()
    #expect(abs(ratio - noise) < 0.05 * noise)
  }
}
