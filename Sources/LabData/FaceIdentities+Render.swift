import Foundation
import LabTensor

extension FaceIdentities {
  /// Grey level of the background.
  static let backgroundTone = 0.1
  /// Grey level of the eyes.
  static let eyeTone = 0.08
  /// Grey level of the mouth.
  static let mouthTone = 0.25
  /// Factor on the skin tone along the nose, which reads as its shadow.
  static let noseShade = 0.7
  /// Half the thickness of the nose line.
  static let noseHalfWidth = 0.025
  /// Half-height of the mouth.
  static let mouthHalfHeight = 0.03
  /// Scale of the hair region over the face oval, so hair shows around the top.
  static let hairScale = 1.08

  /// Draws `identity` under `capture` and adds its noise, with values
  /// clamped to 0...1.
  func render(
    _ identity: FaceParameters, capture: FaceCapture, noise generator: inout RandomGenerator
  ) -> [Float] {
    var image = litImage(identity, capture: capture)
    for index in image.indices {
      image[index] += capture.noise * generator.normal()
    }
    return image.map { Float(min(max($0, 0), 1)) }
  }

  /// Draws `identity` under `capture` without noise, with values clamped to 0...1.
  func render(_ identity: FaceParameters, capture: FaceCapture) -> [Float] {
    litImage(identity, capture: capture).map { Float(min(max($0, 0), 1)) }
  }

  /// Returns the grey levels of the drawing under the capture's pose and
  /// lighting, row by row, before noise and clamping.
  ///
  /// Each pixel centre is mapped back into the face's own frame by the
  /// inverse pose, and each shape covers it by a ramp one pixel wide across
  /// its edge. The ramp keeps the image a continuous function of the pose,
  /// so a small shift gives a small change.
  private func litImage(_ identity: FaceParameters, capture: FaceCapture) -> [Double] {
    let side = Double(imageSide)
    let edgeWidth = 1 / side
    let (cosine, sine) = (cos(capture.rotation), sin(capture.rotation))
    var image: [Double] = []
    image.reserveCapacity(imageSide * imageSide)

    for row in 0..<imageSide {
      for column in 0..<imageSide {
        let point = SIMD2((Double(column) + 0.5) / side - 0.5, (Double(row) + 0.5) / side - 0.5)
        let moved = (point - capture.shift) / capture.scale
        let facePoint = SIMD2(
          cosine * moved.x + sine * moved.y, -sine * moved.x + cosine * moved.y)
        let tone = Self.tone(of: identity, at: facePoint, edgeWidth: edgeWidth / capture.scale)
        let light = capture.gain * (1 + (capture.gradient * point).sum())
        image.append(tone * light + capture.offset)
      }
    }
    return image
  }

  /// Returns the grey level of the face drawing at a point of the face's frame,
  /// painting the oval, the hair, the eyes, the nose and the mouth in turn.
  static func tone(of face: FaceParameters, at point: SIMD2<Double>, edgeWidth: Double) -> Double {
    func coverage(_ signedDistance: Double) -> Double {
      min(max(0.5 - signedDistance / edgeWidth, 0), 1)
    }
    func paint(_ value: inout Double, _ tone: Double, _ signedDistance: Double) {
      let amount = coverage(signedDistance)
      value += (tone - value) * amount
    }

    let oval = SIMD2(face.faceHalfWidth, face.faceHalfHeight)
    var value = backgroundTone
    paint(&value, face.skinTone, ellipseDistance(point, radii: oval))

    let hairOval = ellipseDistance(point, radii: oval * hairScale)
    paint(&value, face.hairTone, max(hairOval, point.y - face.hairline))

    for side in [-1.0, 1.0] {
      let eye = SIMD2(side * face.eyeSpacing, face.eyeLevel)
      paint(&value, eyeTone, length(point - eye) - face.eyeRadius)
    }

    let noseTop = SIMD2(0, face.eyeLevel + face.eyeRadius)
    let noseBottom = SIMD2(0, face.eyeLevel + face.noseLength)
    let noseDistance = segmentDistance(point, noseTop, noseBottom) - noseHalfWidth
    paint(&value, face.skinTone * noseShade, noseDistance)

    let mouthCentre = SIMD2(0, face.mouthLevel)
    let mouthRadii = SIMD2(face.mouthHalfWidth, mouthHalfHeight)
    paint(&value, mouthTone, ellipseDistance(point - mouthCentre, radii: mouthRadii))
    return value
  }

  /// Returns an approximate signed distance from a point to the ellipse
  /// centred at the origin: negative inside, about the true distance near the
  /// edge of a round ellipse, and correct in sign everywhere.
  private static func ellipseDistance(_ point: SIMD2<Double>, radii: SIMD2<Double>) -> Double {
    (length(point / radii) - 1) * min(radii.x, radii.y)
  }

  /// Returns the distance from a point to the segment from `start` to `end`.
  private static func segmentDistance(
    _ point: SIMD2<Double>, _ start: SIMD2<Double>, _ end: SIMD2<Double>
  ) -> Double {
    let direction = end - start
    let lengthSquared = (direction * direction).sum()
    guard lengthSquared > 0 else { return length(point - start) }
    let fraction = min(max(((point - start) * direction).sum() / lengthSquared, 0), 1)
    return length(point - (start + fraction * direction))
  }

  private static func length(_ vector: SIMD2<Double>) -> Double {
    (vector * vector).sum().squareRoot()
  }
}
