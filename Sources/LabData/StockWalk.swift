import Foundation
import LabTensor

/// Daily closing prices of a made-up stock as a geometric random walk:
///
///     price₀ = 100,   priceₜ₊₁ = priceₜ · exp(μ + σ·zₜ)
///
/// with zₜ standard normal, drift μ = 0.0002 and volatility σ = 0.015 per day
/// (about 5% a year and 24% a year). Each day's change is independent of every
/// earlier one, so the best prediction of tomorrow's price from past prices is
/// today's price (times e^(μ + σ²/2) ≈ 1.0003). A model trained with squared
/// error on past prices should therefore learn to repeat the last value.
public enum StockWalk {
  public static let drift = 0.0002
  public static let volatility = 0.015

  /// Returns `count` daily prices starting at 100.
  ///
  /// - Precondition: `count` ≥ 1.
  public static func prices(count: Int, seed: UInt64) -> [Float] {
    precondition(count >= 1, "StockWalk: \(count) prices, expected at least 1")
    var generator = RandomGenerator(seed: seed)
    var price = 100.0
    var prices: [Float] = [Float(price)]
    while prices.count < count {
      price *= exp(drift + generator.normal(standardDeviation: volatility))
      prices.append(Float(price))
    }
    return prices
  }
}
