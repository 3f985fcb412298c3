import Testing

@testable import LabData

@Suite("Face identities")
struct FaceIdentitiesTests {
  @Test func shapesAndLabels() {
    let faces = FaceIdentities(identityCount: 3, imageSide: 12, seed: 1)
    let samples = faces.samples(samplesPerIdentity: 4)

    #expect(samples.sampleCount == 12)
    #expect(samples.featureCount == 144)
    #expect(samples.imageSize?.height == 12)
    #expect(samples.imageSize?.width == 12)
    #expect(samples.labels == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
    #expect(faces.prototypes().labels == [0, 1, 2])
  }

  @Test func sameSeedSameSamples() {
    let first = FaceIdentities(identityCount: 5, seed: 42)
    let again = FaceIdentities(identityCount: 5, seed: 42)
    let other = FaceIdentities(identityCount: 5, seed: 43)

    #expect(first.identities == again.identities)
    #expect(first.samples(samplesPerIdentity: 3) == again.samples(samplesPerIdentity: 3))
    #expect(first.identities != other.identities)
    #expect(first.samples(samplesPerIdentity: 3) != other.samples(samplesPerIdentity: 3))
  }

  @Test func identitiesDoNotDependOnCount() {
    let few = FaceIdentities(identityCount: 3, seed: 8)
    let many = FaceIdentities(identityCount: 6, seed: 8)

    #expect(Array(many.identities.prefix(3)) == few.identities)
  }

  @Test func zeroVariationGivesPrototypes() {
    let faces = FaceIdentities(identityCount: 4, seed: 2)
    let samples = faces.samples(samplesPerIdentity: 2, variation: 0)
    let prototypes = faces.prototypes()

    #expect(samples.rows([0, 2, 4, 6]).features == prototypes.features)
    #expect(samples.rows([1, 3, 5, 7]).features == prototypes.features)
  }

  @Test func pixelsStayInUnitRange() {
    let samples = FaceIdentities(identityCount: 4, seed: 3)
      .samples(samplesPerIdentity: 10, variation: 3)

    #expect(samples.features.allSatisfy { (0...1).contains($0) })
  }

  /// A prototype has background in the corner, skin or the nose's shade at the
  /// centre, and pixels wholly inside an eye and wholly on skin.
  @Test func prototypeDrawsFace() {
    let faces = FaceIdentities(identityCount: 1, imageSide: 32, seed: 4)
    let identity = faces.identities[0]
    let image = faces.prototypes().features

    #expect(abs(Double(image[0]) - FaceIdentities.backgroundTone) < 1e-6)
    let centre = image[16 * 32 + 16]
    #expect(abs(Double(centre) - identity.skinTone) < 0.3)
    let tones = (0..<32 * 32).map { Double(image[$0]) }
    #expect(tones.contains { abs($0 - FaceIdentities.eyeTone) < 1e-6 })
    #expect(tones.contains { abs($0 - identity.skinTone) < 1e-6 })
  }

  /// Nearest-prototype accuracy in pixels: far above the 5 % of chance at
  /// s = 1, yet well below 1, and falling as the variation grows.
  @Test(arguments: [1, 2, 3] as [UInt64])
  func identitiesSeparableNotTrivially(seed: UInt64) {
    let faces = FaceIdentities(identityCount: 20, seed: seed)
    let prototypes = faces.prototypes()
    let accuracies = [0, 0.5, 1, 2].map { variation in
      matchNearestPrototype(
        faces.samples(samplesPerIdentity: 10, variation: variation), prototypes: prototypes
      ).accuracy
    }

    #expect(accuracies[0] == 1)
    #expect(accuracies[1] > accuracies[2])
    #expect(accuracies[2] > accuracies[3])
    #expect((0.35...0.75).contains(accuracies[2]), "accuracy at variation 1: \(accuracies[2])")
    #expect(accuracies[3] > 0.1, "accuracy at variation 2: \(accuracies[3])")
  }
}
