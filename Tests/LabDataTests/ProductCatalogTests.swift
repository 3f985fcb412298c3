import Testing

@testable import LabData

@Suite("Product catalog")
struct ProductCatalogTests {
  @Test func shapesAndLabels() {
    let catalog = ProductCatalog(categoryCount: 2, productsPerCategory: 3, seed: 1)
    let views = catalog.views(viewsPerProduct: 2)

    #expect(catalog.categories == [0, 0, 0, 1, 1, 1])
    #expect(views.featureCount == ProductCatalog.featureNames.count)
    #expect(ProductCatalog.featureNames.count == 17)
    #expect(views.labels == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    #expect(views.imageSize == nil)
  }

  @Test func sameSeedSameViews() {
    let first = ProductCatalog(categoryCount: 3, productsPerCategory: 4, seed: 5)
    let again = ProductCatalog(categoryCount: 3, productsPerCategory: 4, seed: 5)
    let other = ProductCatalog(categoryCount: 3, productsPerCategory: 4, seed: 6)

    #expect(first.products == again.products)
    #expect(first.views(viewsPerProduct: 3) == again.views(viewsPerProduct: 3))
    #expect(first.products != other.products)
  }

  @Test func zeroVariationGivesProducts() {
    let catalog = ProductCatalog(categoryCount: 2, productsPerCategory: 2, seed: 7)

    #expect(catalog.views(viewsPerProduct: 1, variation: 0).features
      == catalog.prototypes().features)
  }

  @Test func attributesStayInRange() {
    let views = ProductCatalog(categoryCount: 4, productsPerCategory: 5, seed: 8)
      .views(viewsPerProduct: 10, variation: 3)

    for row in 0..<views.sampleCount {
      let colour = views.row(row).prefix(3)
      #expect(colour.allSatisfy { (0...1).contains($0) })
    }
  }

  @Test func stylesSumToOne() {
    let catalog = ProductCatalog(categoryCount: 3, productsPerCategory: 3, seed: 9)

    for product in catalog.products {
      let styleSum = product[5..<9].reduce(0, +)
      #expect(abs(styleSum - 1) < 1e-12)
    }
  }

  /// At s = 1 most views find their product and most misses stay within
  /// the category, which makes other products of a category the hard
  /// negatives.
  @Test(arguments: [1, 2, 3] as [UInt64])
  func productsSeparableNotTrivially(seed: UInt64) {
    let catalog = ProductCatalog(categoryCount: 8, productsPerCategory: 5, seed: seed)
    let prototypes = catalog.prototypes()
    let matches = [0, 1, 2].map { variation in
      matchNearestPrototype(
        catalog.views(viewsPerProduct: 20, variation: variation), prototypes: prototypes)
    }

    #expect(matches[0].accuracy == 1)
    #expect((0.75...0.97).contains(matches[1].accuracy), "accuracy: \(matches[1].accuracy)")
    #expect(matches[2].accuracy < matches[1].accuracy)
    let sameCategory = matches[1].misses.filter {
      catalog.categories[$0.label] == catalog.categories[$0.matched]
    }
    #expect(Double(sameCategory.count) >= 0.8 * Double(matches[1].misses.count))
  }
}
