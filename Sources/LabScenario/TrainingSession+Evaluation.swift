import LabData
import LabNN
import LabTensor

extension TrainingSession {
  /// The loss of `prediction` [n, outputs] against a batch's targets.
  ///
  /// Regression compares with the standardised targets [n, 1]. A classifier
  /// trained with an element-wise loss (MSE, L1, …) compares its outputs with
  /// one-hot targets. Cross-entropy takes the class codes. BCE takes 0/1
  /// targets for one output, and one-hot targets (one-vs-rest) for several.
  func lossTensor(prediction: Tensor, targets: [Float]) -> Tensor {
    let count = targets.count
    if spec.task == .regression {
      return elementwiseLoss(prediction, Tensor(shape: [count, 1], data: targets))
    }
    switch spec.loss {
    case .crossEntropy:
      let indices = ClassIndices(shape: [count], values: targets.map { Int($0) })
      return try! crossEntropy(
        logits: prediction, classIndices: indices, weight: classWeights,
        labelSmoothing: Float(spec.lossOptions.labelSmoothing))
    case .bceWithLogits:
      let rowWeights = classWeights.map { weights in
        Tensor(shape: [count, 1], data: targets.map { weights[Int($0)] })
      }
      let positive = spec.lossOptions.positiveWeight == 1
        ? nil : Tensor(shape: [1], data: [Float(spec.lossOptions.positiveWeight)])
      return try! binaryCrossEntropyWithLogits(
        logits: prediction, targets: encoded(targets), weight: rowWeights,
        positiveWeight: positive)
    case .mse, .l1, .huber, .smoothL1:
      return elementwiseLoss(prediction, encoded(targets))
    case .triplet:
      return embeddingLoss(prediction, labels: targets).loss
    case .perceptual:
      preconditionFailure("lossTensor: image scenarios compute their loss in ImageTraining")
    }
  }

  /// Class codes as the model's outputs are compared with them: 0/1 for one
  /// output, one-hot rows otherwise.
  private func encoded(_ targets: [Float]) -> Tensor {
    if outputCount == 1 { return Tensor(shape: [targets.count, 1], data: targets) }
    var oneHot = [Float](repeating: 0, count: targets.count * outputCount)
    for (row, target) in targets.enumerated() { oneHot[row * outputCount + Int(target)] = 1 }
    return Tensor(shape: [targets.count, outputCount], data: oneHot)
  }

  private func elementwiseLoss(_ predicted: Tensor, _ expected: Tensor) -> Tensor {
    let options = spec.lossOptions
    switch spec.loss {
    case .l1: return try! l1Loss(predicted: predicted, expected: expected)
    case .huber:
      return try! huberLoss(predicted: predicted, expected: expected, delta: Float(options.delta))
    case .smoothL1:
      return try! smoothL1Loss(predicted: predicted, expected: expected, beta: Float(options.beta))
    default: return try! meanSquaredError(predicted: predicted, expected: expected)
    }
  }

  /// Validation loss, RMSE, MAE, the baseline and persistence RMSE, and the
  /// predicted/actual pairs, in the target's units.
  func evaluateRegression(trainLoss: Double) -> Evaluation {
    let all = validationSet.batch(Array(0..<validationSet.count))
    let prediction = model(all.features)
    let expected = Tensor(shape: [all.targets.count, 1], data: all.targets)
    let validationLoss = Double(lossTensor(prediction: prediction, targets: all.targets).scalar)
    // The MSE through the same loss function, so MSE scenarios report exactly
    // the validation loss's square root.
    let squared = spec.loss == .mse
      ? validationLoss
      : Double(try! meanSquaredError(predicted: prediction, expected: expected).scalar)
    let baseline = validationSet.meanSquareOfTargets()
    var evaluation = Evaluation(
      step: step, trainLoss: trainLoss, validationLoss: validationLoss,
      rmse: squared.squareRoot() * targetScale,
      baselineRMSE: baseline.squareRoot() * targetScale)
    let predicted = targetScaler!.invert(prediction.data)
    let actual = targetScaler!.invert(all.targets)
    evaluation.pairs = zip(predicted, actual).map {
      PredictionPair(predicted: Double($0), actual: Double($1))
    }
    evaluation.mae = zip(predicted, actual).reduce(0.0) { $0 + abs(Double($1.0) - Double($1.1)) }
      / Double(max(1, actual.count))
    if !previousValues.isEmpty {
      let sum = zip(previousValues, actual).reduce(0.0) {
        $0 + (Double($1.0) - Double($1.1)) * (Double($1.0) - Double($1.1))
      }
      evaluation.persistenceRMSE = (sum / Double(actual.count)).squareRoot()
    }
    return evaluation
  }

  /// Validation loss, the confusion matrix and, for two features, the decision boundary.
  func evaluateClassification(trainLoss: Double) -> Evaluation {
    let all = validationSet.batch(Array(0..<validationSet.count))
    let prediction = model(all.features)
    let validationLoss = Double(lossTensor(prediction: prediction, targets: all.targets).scalar)
    var evaluation = Evaluation(
      step: step, trainLoss: trainLoss, validationLoss: validationLoss, rmse: .nan,
      baselineRMSE: .nan)
    evaluation.classification = ClassificationMetrics(
      classNames: classNames, actual: all.targets.map { Int($0) },
      predicted: predictedClasses(prediction))
    evaluation.boundary = decisionBoundary()
    return evaluation
  }

  /// Returns the class of each row of `outputs`: the largest output, or for a single
  /// logit class 1 when it is positive.
  func predictedClasses(_ outputs: Tensor) -> [Int] {
    let rows = outputs.shape[0]
    if outputCount == 1 { return outputs.data.map { $0 > 0 ? 1 : 0 } }
    return (0..<rows).map { row in
      let values = outputs.data[(row * outputCount)..<((row + 1) * outputCount)]
      var best = 0
      for (offset, value) in values.enumerated() where value > values[values.startIndex + best] {
        best = offset
      }
      return best
    }
  }

  static let boundaryColumns = 60
  static let boundaryRows = 30

  /// Returns the extent of two-feature classification data, padded by 5%, and the
  /// validation points in the features' units; nil and empty otherwise.
  static func plane(
    of dataset: Dataset, validation: Dataset, isClassification: Bool
  ) -> ((x: ClosedRange<Double>, y: ClosedRange<Double>)?, [(x: Double, y: Double)]) {
    guard isClassification, dataset.featureCount == 2 else { return (nil, []) }
    func range(_ column: Int) -> ClosedRange<Double> {
      let values = stride(from: column, to: dataset.features.count, by: 2).map {
        Double(dataset.features[$0])
      }
      let (low, high) = (values.min()!, values.max()!)
      let pad = max(1e-6, (high - low) * 0.05)
      return (low - pad)...(high + pad)
    }
    let points = (0..<validation.sampleCount).map {
      (x: Double(validation.features[2 * $0]), y: Double(validation.features[2 * $0 + 1]))
    }
    return ((range(0), range(1)), points)
  }

  /// Returns the predicted class at the centre of each cell of a grid over the plane.
  func decisionBoundary() -> DecisionBoundary? {
    guard let planeRange else { return nil }
    let (columns, rows) = (Self.boundaryColumns, Self.boundaryRows)
    var grid: [Float] = []
    grid.reserveCapacity(columns * rows * 2)
    for row in 0..<rows {
      let y = planeRange.y.upperBound
        - (Double(row) + 0.5) / Double(rows) * (planeRange.y.upperBound - planeRange.y.lowerBound)
      for column in 0..<columns {
        let x = planeRange.x.lowerBound
          + (Double(column) + 0.5) / Double(columns)
          * (planeRange.x.upperBound - planeRange.x.lowerBound)
        grid += [Float(x), Float(y)]
      }
    }
    let input = Tensor(shape: [columns * rows, 2], data: featureScaler.apply(grid))
    let classes = predictedClasses(model(input))
    let actual = validationSet.targets.map { Int($0) }
    return DecisionBoundary(
      columnCount: columns, rowCount: rows, xRange: planeRange.x, yRange: planeRange.y,
      classes: classes,
      points: zip(validationPlane, actual).map { (x: $0.0.x, y: $0.0.y, classIndex: $0.1) })
  }
}
