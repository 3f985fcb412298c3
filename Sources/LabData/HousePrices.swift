import Foundation
import LabTensor

/// Generator of synthetic house sales: four features and a price with a known formula.
///
/// Each house is drawn in this order from one `RandomGenerator(seed:)`:
///
/// - `area_m2`, floor area in square metres: log-normal with ln(area) ~ N(ln 85, 0.4²),
///   drawn again until it falls in 35...250. The median is about 85 m².
/// - `rooms`, a whole number in 1...8 that grows with area:
///   `rooms = clamp(round(area / 28 + N(0, 0.6²)), 1, 8)`, so 85 m² has about 3 rooms.
/// - `age_years`, whole years since construction, uniform over 0...100.
/// - `distance_km`, distance to the city centre in kilometres: log-uniform over 0.5...30,
///   so half the houses lie within √(0.5 · 30) ≈ 3.9 km.
///
/// The price in thousands (`price_k`) is
///
///     price_k = (2.8 · area^1.1 + 12 · rooms) · exp(−0.005 · age)
///               · (1.6 − 0.3 · ln(1 + distance))
///
/// The base price 2.8 · area^1.1 rises a little faster than area, and each room adds a
/// premium of 12 thousand. The factor exp(−0.005 · age) depreciates the house by about
/// 0.5 % a year, so a 100-year-old house keeps 61 %. The last factor falls with log
/// distance, from 1.48 at 0.5 km to 0.57 at 30 km. Over the feature ranges the formula
/// runs from about 52 to about 1,940 thousand. In 100,000 houses drawn with seed 1, the
/// median is about 340 and 98 % of prices lie between about 100 and 1,070 thousand.
///
/// With `noise > 0`, each price gets Gaussian noise whose standard deviation is `noise`
/// times the population standard deviation of the noiseless prices in the same batch.
/// The noise is drawn after all the features, so one seed gives the same houses for
/// every noise level. Noise is added without clamping, so a large `noise` can give
/// negative prices.
public enum HousePrices {
  /// Feature column names, in the order of ``Dataset/features``.
  public static let featureNames = ["area_m2", "rooms", "age_years", "distance_km"]

  /// Target column name: price in thousands.
  public static let targetName = "price_k"

  /// Generates `count` houses.
  ///
  /// - Parameters:
  ///   - count: Number of houses, at least 0.
  ///   - noise: Standard deviation of the added noise as a multiple of the standard
  ///     deviation of the noiseless prices. With 0 the targets follow the formula exactly.
  ///   - seed: Seed of the generator. The same seed gives the same dataset.
  /// - Precondition: `count >= 0`, and `noise` is finite and at least 0.
  public static func generate(count: Int, noise: Double, seed: UInt64) -> Dataset {
    precondition(count >= 0, "HousePrices.generate: count is \(count), expected at least 0")
    precondition(
      noise.isFinite && noise >= 0,
      "HousePrices.generate: noise is \(noise), expected a finite value of at least 0")

    var generator = RandomGenerator(seed: seed)
    var features: [Float] = []
    features.reserveCapacity(count * featureNames.count)
    var prices: [Double] = []
    prices.reserveCapacity(count)
    for _ in 0..<count {
      let house = drawHouse(using: &generator)
      features += [house.area, house.rooms, house.age, house.distance]
      prices.append(
        noiselessPrice(
          areaSquareMetres: Double(house.area), rooms: Double(house.rooms),
          ageYears: Double(house.age), distanceKilometres: Double(house.distance)))
    }

    let noiseDeviation = noise * populationStandardDeviation(prices)
    var targets: [Float] = []
    targets.reserveCapacity(count)
    for price in prices {
      let noisy = noise > 0
        ? price + generator.normal(mean: 0, standardDeviation: noiseDeviation)
        : price
      targets.append(Float(noisy))
    }

    return Dataset(
      featureNames: featureNames, targetName: targetName, features: features,
      targets: targets)
  }

  /// Returns the price in thousands of one house, without noise.
  ///
  ///     price_k = (2.8 · area^1.1 + 12 · rooms) · exp(−0.005 · age)
  ///               · (1.6 − 0.3 · ln(1 + distance))
  ///
  /// - Parameters:
  ///   - areaSquareMetres: Floor area in square metres.
  ///   - rooms: Number of rooms.
  ///   - ageYears: Years since construction.
  ///   - distanceKilometres: Distance to the city centre in kilometres.
  public static func noiselessPrice(
    areaSquareMetres: Double, rooms: Double, ageYears: Double, distanceKilometres: Double
  ) -> Double {
    let basePrice = 2.8 * pow(areaSquareMetres, 1.1) + 12 * rooms
    let depreciation = exp(-0.005 * ageYears)
    let location = 1.6 - 0.3 * log(1 + distanceKilometres)
    return basePrice * depreciation * location
  }

  private struct House {
    var area: Float
    var rooms: Float
    var age: Float
    var distance: Float
  }

  private static func drawHouse(using generator: inout RandomGenerator) -> House {
    var area = 0.0
    repeat {
      area = exp(generator.normal(mean: log(85), standardDeviation: 0.4))
    } while !(35...250).contains(area)

    let roomGuess = (area / 28 + generator.normal(mean: 0, standardDeviation: 0.6)).rounded()
    let rooms = min(max(roomGuess, 1), 8)
    let age = (generator.nextUnit() * 101).rounded(.down)
    let distance = exp(log(0.5) + (log(30) - log(0.5)) * generator.nextUnit())

    return House(area: Float(area), rooms: Float(rooms), age: Float(age), distance: Float(distance))
  }

  private static func populationStandardDeviation(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let count = Double(values.count)
    let mean = values.reduce(0, +) / count
    let squaredDeviations = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (squaredDeviations / count).squareRoot()
  }
}
