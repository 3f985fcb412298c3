import Foundation
import LabModels
import LabNN
import LabScenario
import LabTensor

/// `losslab loss --input FILE`: evaluates one loss on the tensors of a JSON
/// object and prints its value, its gradients and warnings as one JSON object.
func runLossCalculator(_ arguments: ParsedArguments) throws -> Int32 {
  try requireNoPositional(arguments, command: "loss")
  guard let path = arguments.value("--input") else {
    throw UsageError(message: "'loss' needs --input FILE, or --input - for standard input; "
      + "see 'losslab help loss'")
  }
  let request = try LossRequest(text: readLossInput(path), source: path == "-" ? "stdin" : path)
  print(try request.evaluate())
  return 0
}

private func readLossInput(_ path: String) throws(UsageError) -> String {
  let data: Data
  if path == "-" {
    data = FileHandle.standardInput.readDataToEndOfFile()
  } else {
    guard let contents = FileManager.default.contents(atPath: path) else {
      throw UsageError(message: "--input: cannot read '\(path)'; check the path and permissions")
    }
    data = contents
  }
  guard let text = String(data: data, encoding: .utf8) else {
    throw UsageError(message: "--input: '\(path)' is not UTF-8 text")
  }
  return text
}

/// A loss the calculator evaluates: the fields it accepts besides "loss", and
/// how it turns a request into a result. A new loss, such as a perceptual
/// loss, is one more entry in `lossDefinitions`.
struct LossDefinition: Sendable {
  var name: String
  var fields: [String]
  var evaluate: @Sendable (LossRequest) throws(UsageError) -> LossResult
}

/// The output of one evaluation: the loss, the inputs to differentiate by name
/// and any further members of the output object as JSON text.
struct LossResult {
  var loss: Tensor
  var inputs: [(name: String, tensor: Tensor)]
  var warnings: [String] = []
  var extraMembers: [(name: String, json: String)] = []
}

private let regressionFields = ["input", "target", "reduction"]
private let classFields = ["input", "target", "weight", "ignore_index", "reduction"]
private let tripletDistanceFields = ["margin", "p", "eps", "distance", "reduction"]

let lossDefinitions: [LossDefinition] = [
  LossDefinition(name: "mse", fields: regressionFields) { request throws(UsageError) in
    try request.regression { predicted, expected, reduction throws(LossError) in
      try meanSquaredError(predicted: predicted, expected: expected, reduction: reduction)
    }
  },
  LossDefinition(name: "l1", fields: regressionFields) { request throws(UsageError) in
    try request.regression { predicted, expected, reduction throws(LossError) in
      try l1Loss(predicted: predicted, expected: expected, reduction: reduction)
    }
  },
  LossDefinition(name: "huber", fields: regressionFields + ["delta"]) {
    request throws(UsageError) in
    let delta = try request.number("delta", default: 1)
    return try request.regression { predicted, expected, reduction throws(LossError) in
      try huberLoss(predicted: predicted, expected: expected, delta: delta, reduction: reduction)
    }
  },
  LossDefinition(name: "smooth_l1", fields: regressionFields + ["beta"]) {
    request throws(UsageError) in
    let beta = try request.number("beta", default: 1)
    return try request.regression { predicted, expected, reduction throws(LossError) in
      try smoothL1Loss(predicted: predicted, expected: expected, beta: beta, reduction: reduction)
    }
  },
  LossDefinition(name: "cross_entropy", fields: classFields + ["label_smoothing"]) {
    request throws(UsageError) in try request.crossEntropy()
  },
  LossDefinition(name: "nll", fields: classFields) { request throws(UsageError) in
    try request.negativeLogLikelihood()
  },
  LossDefinition(
    name: "bce_with_logits", fields: ["input", "target", "weight", "pos_weight", "reduction"]
  ) { request throws(UsageError) in try request.binaryCrossEntropy() },
  LossDefinition(
    name: "triplet_margin",
    fields: ["anchor", "positive", "negative", "swap"] + tripletDistanceFields
  ) { request throws(UsageError) in try request.tripletMargin() },
  LossDefinition(
    name: "triplet_mined", fields: ["embeddings", "labels", "miner"] + tripletDistanceFields
  ) { request throws(UsageError) in try request.minedTriplets() },
  LossDefinition(name: "gram_style", fields: ["input", "target", "normalization"]) {
    request throws(UsageError) in try request.gramStyle()
  },
  LossDefinition(
    name: "perceptual",
    fields: ["input", "target", "model", "layers", "layer_weights", "weights", "normalize",
      "input_range", "distance"]
  ) { request throws(UsageError) in try request.perceptual() },
  LossDefinition(name: "total_variation", fields: ["input"]) { request throws(UsageError) in
    let input = try request.tensor("input")
    let loss = try request.run { () throws(LossError) in try totalVariation(input) }
    return LossResult(loss: loss, inputs: [("input", input)])
  },
]

/// The parsed input object of `losslab loss`, with errors that name the field
/// and its line and column.
struct LossRequest {
  let source: String
  let root: JSONNode
  let members: [JSONMember]

  init(text: String, source: String) throws(UsageError) {
    self.source = source
    do {
      root = try JSONParser.parse(text)
    } catch {
      throw UsageError(message: "\(source):\(error.location.line):\(error.location.column): "
        + error.message)
    }
    guard case .object(let members) = root.value else {
      throw UsageError(message: "\(source):\(root.location.line):\(root.location.column): "
        + "expected one JSON object, got \(root.shown)")
    }
    self.members = members
  }

  subscript(key: String) -> JSONNode? {
    members.first { $0.key == key }?.value
  }

  /// Returns an error that names `field`, at its place in the input when present.
  func error(_ field: String, _ message: String) -> UsageError {
    let location = members.first { $0.key == field }?.value.location ?? root.location
    return UsageError(
      message: "\(source):\(location.line):\(location.column): \(field): \(message)")
  }

  /// Evaluates the loss and returns the output object as one line of JSON.
  func evaluate() throws(UsageError) -> String {
    let names = lossDefinitions.map(\.name).joined(separator: ", ")
    guard let node = self["loss"] else {
      throw error("loss", "missing; expected one of: \(names)")
    }
    guard case .string(let name) = node.value else {
      throw error("loss", "expected a string, got \(node.shown)")
    }
    guard let definition = lossDefinitions.first(where: { $0.name == name }) else {
      throw error("loss", "unknown loss '\(name)'; expected one of: \(names)")
    }
    for member in members where member.key != "loss" && !definition.fields.contains(member.key) {
      throw error(member.key, "unknown option for loss '\(name)'; it accepts: "
        + definition.fields.joined(separator: ", "))
    }
    return try format(definition.evaluate(self))
  }

  /// Runs a LabNN loss, turning its error into one that names the field at fault.
  func run(_ body: () throws(LossError) -> Tensor) throws(UsageError) -> Tensor {
    do {
      return try body()
    } catch {
      throw fieldError(error)
    }
  }

  /// Maps a `LossError`, whose message starts with the argument name, to an
  /// error at that field.
  func fieldError(_ error: LossError) -> UsageError {
    let parts = error.message.split(separator: ": ", maxSplits: 1).map(String.init)
    guard parts.count == 2 else { return UsageError(message: "\(source): \(error.message)") }
    return self.error(parts[0], parts[1])
  }

  private func format(_ result: LossResult) -> String {
    let loss = result.loss
    var gradients: [String] = []
    let summed = loss.count == 1 ? loss : loss.sum()
    if loss.count > 0 { summed.backward() }
    for (name, tensor) in result.inputs {
      let gradient = tensor.gradient ?? [Float](repeating: 0, count: tensor.count)
      gradients.append("\(jsonString(name)):\(nestedJSON(gradient, shape: tensor.shape))")
    }
    var members = [
      "\"loss\":\(nestedJSON(loss.data, shape: loss.shape))",
      "\"grad\":{\(gradients.joined(separator: ","))}",
      "\"warnings\":[\(result.warnings.map(jsonString).joined(separator: ","))]",
    ]
    members += result.extraMembers.map { "\(jsonString($0.name)):\($0.json)" }
    return "{\(members.joined(separator: ","))}"
  }
}

// MARK: - Fields

extension LossRequest {
  /// Reads a required tensor as a leaf that requires gradients.
  func tensor(_ field: String) throws(UsageError) -> Tensor {
    guard let node = self[field] else { throw error(field, "missing; give a nested array") }
    let (shape, values) = try nestedArray(node, field: field)
    return Tensor(shape: shape, data: values, requiresGradient: true)
  }

  /// Reads an optional tensor as a constant.
  func constant(_ field: String) throws(UsageError) -> Tensor? {
    guard let node = self[field] else { return nil }
    let (shape, values) = try nestedArray(node, field: field)
    return Tensor(shape: shape, data: values)
  }

  func number(_ field: String, default value: Float) throws(UsageError) -> Float {
    guard let node = self[field] else { return value }
    return try number(node, field: field, at: "")
  }

  func integer(_ field: String, default value: Int) throws(UsageError) -> Int {
    guard let node = self[field] else { return value }
    return try integer(node, field: field, at: "")
  }

  func flag(_ field: String, default value: Bool) throws(UsageError) -> Bool {
    guard let node = self[field] else { return value }
    guard case .bool(let flag) = node.value else {
      throw error(field, "expected true or false, got \(node.shown)")
    }
    return flag
  }

  func choice(_ field: String, default value: String, from choices: [String])
    throws(UsageError) -> String
  {
    guard let node = self[field] else { return value }
    guard case .string(let text) = node.value, choices.contains(text) else {
      throw error(field, "invalid value \(node.quoted); expected one of: "
        + choices.joined(separator: ", "))
    }
    return text
  }

  func reduction() throws(UsageError) -> Reduction {
    let name = try choice(
      "reduction", default: "mean", from: Reduction.allCases.map(\.rawValue))
    return Reduction(rawValue: name)!
  }

  /// Reads integer class indices of any rank.
  func classIndices(_ field: String) throws(UsageError) -> ClassIndices {
    guard let node = self[field] else { throw error(field, "missing; give class indices") }
    let (shape, leaves) = try nestedLeaves(node, field: field)
    var values: [Int] = []
    for (node, position) in leaves { values.append(try integer(node, field: field, at: position)) }
    return ClassIndices(shape: shape, values: values)
  }

  private func number(_ node: JSONNode, field: String, at position: String) throws(UsageError)
    -> Float
  {
    switch node.value {
    case .number(let value, _):
      return Float(value)
    case .string("NaN"): return .nan
    case .string("Infinity"): return .infinity
    case .string("-Infinity"): return -.infinity
    default:
      throw error(field, "expected a number\(position.isEmpty ? "" : " at \(position)"), "
        + "got \(node.shown)")
    }
  }

  private func integer(_ node: JSONNode, field: String, at position: String) throws(UsageError)
    -> Int
  {
    guard case .number(let value, _) = node.value, value.rounded() == value,
      abs(value) < 1e15
    else {
      throw error(field, "expected an integer\(position.isEmpty ? "" : " at \(position)"), "
        + "got \(node.shown)")
    }
    return Int(value)
  }

  /// Reads a nested array of numbers as a shape and row-major values.
  func nestedArray(_ node: JSONNode, field: String) throws(UsageError) -> ([Int], [Float]) {
    let (shape, leaves) = try nestedLeaves(node, field: field)
    var values: [Float] = []
    values.reserveCapacity(leaves.count)
    for (leaf, position) in leaves { values.append(try number(leaf, field: field, at: position)) }
    return (shape, values)
  }

  /// Returns the shape of a rectangular nested array and its leaves in
  /// row-major order with their positions, such as "[1][0]".
  private func nestedLeaves(_ node: JSONNode, field: String) throws(UsageError)
    -> ([Int], [(JSONNode, String)])
  {
    var shape: [Int] = []
    var probe = node
    while case .array(let items) = probe.value {
      shape.append(items.count)
      guard let first = items.first else { break }
      probe = first
    }
    var leaves: [(JSONNode, String)] = []
    try collect(node, depth: 0, shape: shape, position: "", field: field, into: &leaves)
    return (shape, leaves)
  }

  private func collect(
    _ node: JSONNode, depth: Int, shape: [Int], position: String, field: String,
    into leaves: inout [(JSONNode, String)]
  ) throws(UsageError) {
    guard depth < shape.count else {
      if case .array = node.value {
        throw error(field, "ragged nested array: \(position) is nested deeper than "
          + "the first element, which has shape \(shape)")
      }
      leaves.append((node, position))
      return
    }
    guard case .array(let items) = node.value else {
      throw error(field, "ragged nested array: \(position.isEmpty ? "the value" : position) is "
        + "\(node.shown) but should be an array, as the first element has shape \(shape)")
    }
    guard items.count == shape[depth] else {
      throw error(field, "ragged nested array: \(position.isEmpty ? "the value" : position) "
        + "has \(items.count) elements but the first row at that depth has \(shape[depth])")
    }
    for (index, item) in items.enumerated() {
      try collect(item, depth: depth + 1, shape: shape, position: position + "[\(index)]",
        field: field, into: &leaves)
    }
  }
}

// MARK: - Losses

extension LossRequest {
  func regression(
    _ loss: (Tensor, Tensor, Reduction) throws(LossError) -> Tensor
  ) throws(UsageError) -> LossResult {
    let input = try tensor("input")
    let target = try tensor("target")
    let reduction = try reduction()
    let value = try run { () throws(LossError) in try loss(input, target, reduction) }
    return LossResult(loss: value, inputs: [("input", input), ("target", target)])
  }

  /// Class indices when the target's shape is not the input's, else probabilities.
  func crossEntropy() throws(UsageError) -> LossResult {
    let input = try tensor("input")
    let weight = try constant("weight")?.data
    let smoothing = try number("label_smoothing", default: 0)
    let reduction = try reduction()
    guard let targetNode = self["target"] else {
      throw error("target", "missing; give class indices or probabilities")
    }
    let (targetShape, _) = try nestedArray(targetNode, field: "target")
    if targetShape == input.shape && input.rank > 0 {
      if self["ignore_index"] != nil {
        throw error("ignore_index", "applies to class-index targets only, but target has the "
          + "input's shape \(input.shape) and is read as probabilities")
      }
      let target = try tensor("target")
      let loss = try run { () throws(LossError) in
        try LabNN.crossEntropy(
          logits: input, probabilities: target, weight: weight, labelSmoothing: smoothing,
          reduction: reduction)
      }
      return LossResult(loss: loss, inputs: [("input", input), ("target", target)])
    }
    let indices = try classIndices("target")
    let ignoreIndex = try integer("ignore_index", default: -100)
    let loss = try run { () throws(LossError) in
      try LabNN.crossEntropy(
        logits: input, classIndices: indices, weight: weight, ignoreIndex: ignoreIndex,
        labelSmoothing: smoothing, reduction: reduction)
    }
    return classResult(loss, input: input, indices: indices, weight: weight,
      ignoreIndex: ignoreIndex, reduction: reduction)
  }

  func negativeLogLikelihood() throws(UsageError) -> LossResult {
    let input = try tensor("input")
    let weight = try constant("weight")?.data
    let indices = try classIndices("target")
    let ignoreIndex = try integer("ignore_index", default: -100)
    let reduction = try reduction()
    let loss = try run { () throws(LossError) in
      try LabNN.negativeLogLikelihood(
        logProbabilities: input, classIndices: indices, weight: weight,
        ignoreIndex: ignoreIndex, reduction: reduction)
    }
    return classResult(loss, input: input, indices: indices, weight: weight,
      ignoreIndex: ignoreIndex, reduction: reduction)
  }

  /// Adds the mean's denominator, Σ w_y over the targets not ignored, so that a
  /// weighted mean is not mistaken for the plain mean of the per-sample losses.
  private func classResult(
    _ loss: Tensor, input: Tensor, indices: ClassIndices, weight: [Float]?, ignoreIndex: Int,
    reduction: Reduction
  ) -> LossResult {
    var result = LossResult(loss: loss, inputs: [("input", input)])
    guard reduction == .mean else { return result }
    let kept = indices.values.filter { $0 != ignoreIndex }
    let denominator = kept.reduce(0.0) { $0 + Double(weight?[$1] ?? 1) }
    result.extraMembers.append(("denominator", jsonNumber(Float(denominator))))
    if kept.isEmpty {
      result.warnings.append("every target equals ignore_index \(ignoreIndex), so the mean is "
        + "0/0 = NaN, as in PyTorch; use reduction \"sum\" for 0")
    }
    return result
  }

  func binaryCrossEntropy() throws(UsageError) -> LossResult {
    let input = try tensor("input")
    let target = try tensor("target")
    let weight = try constant("weight")
    let positiveWeight = try constant("pos_weight")
    let reduction = try reduction()
    let loss = try run { () throws(LossError) in
      try binaryCrossEntropyWithLogits(
        logits: input, targets: target, weight: weight, positiveWeight: positiveWeight,
        reduction: reduction)
    }
    return LossResult(loss: loss, inputs: [("input", input), ("target", target)])
  }

  func tripletDistance() throws(UsageError) -> TripletDistance {
    let name = try choice("distance", default: "euclidean", from: ["euclidean", "cosine"])
    let p = try number("p", default: 2)
    let epsilon = try number("eps", default: 1e-6)
    if name == "cosine" {
      for field in ["p", "eps"] where self[field] != nil {
        throw error(field, "applies to the Euclidean distance only, not to \"cosine\"")
      }
      return .cosine
    }
    return .euclidean(p: p, epsilon: epsilon)
  }

  func tripletMargin() throws(UsageError) -> LossResult {
    let anchor = try tensor("anchor")
    let positive = try tensor("positive")
    let negative = try tensor("negative")
    let margin = try number("margin", default: 1)
    let swap = try flag("swap", default: false)
    let distance = try tripletDistance()
    let reduction = try reduction()
    let loss = try run { () throws(LossError) in
      try tripletMarginLoss(
        anchor: anchor, positive: positive, negative: negative, margin: margin,
        distance: distance, swap: swap, reduction: reduction)
    }
    return LossResult(
      loss: loss, inputs: [("anchor", anchor), ("positive", positive), ("negative", negative)])
  }

  func minedTriplets() throws(UsageError) -> LossResult {
    let embeddings = try tensor("embeddings")
    let labels = try classIndices("labels")
    guard labels.shape.count == 1 else {
      throw error("labels", "expected a flat array of integers, got shape \(labels.shape)")
    }
    guard self["miner"] != nil else {
      throw error("miner", "missing; expected one of: "
        + TripletMiner.allCases.map(\.rawValue).joined(separator: ", "))
    }
    let minerName = try choice(
      "miner", default: "", from: TripletMiner.allCases.map(\.rawValue))
    let margin = try number("margin", default: 1)
    let distance = try tripletDistance()
    let reduction = try reduction()
    var mined: MinedTripletLoss?
    _ = try run { () throws(LossError) in
      mined = try minedTripletLoss(
        embeddings: embeddings, labels: labels.values, miner: TripletMiner(rawValue: minerName)!,
        margin: margin, distance: distance, reduction: reduction)
      return mined!.loss
    }
    let result = mined!
    let counts = "{\"valid\":\(result.validCount),\"mined\":\(result.minedCount),"
      + "\"easy\":\(result.easyCount),\"semi_hard\":\(result.semiHardCount),"
      + "\"hard\":\(result.hardCount)}"
    return LossResult(
      loss: result.loss, inputs: [("embeddings", embeddings)], warnings: result.warnings,
      extraMembers: [("counts", counts)])
  }

  func gramStyle() throws(UsageError) -> LossResult {
    let input = try tensor("input")
    let target = try tensor("target")
    let name = try choice(
      "normalization", default: "gatys", from: GramNormalization.allCases.map(\.rawValue))
    let loss = try run { () throws(LossError) in
      try gramStyleLoss(
        features: input, targetFeatures: target,
        normalization: GramNormalization(rawValue: name)!)
    }
    return LossResult(loss: loss, inputs: [("input", input), ("target", target)])
  }
}

// MARK: - Perceptual loss

extension LossRequest {
  /// Evaluates the VGG perceptual loss; the weights file, when given, must
  /// hold the model's layers up to the deepest one requested.
  func perceptual() throws(UsageError) -> LossResult {
    let model = try choice("model", default: "vgg16", from: ["vgg16", "vgg19"])
    let layers = try strings("layers") ?? VGGFeatureExtractor.defaultLayers(of: model)
    let known = VGG.namedLayers(of: try archModel(named: model))
    for layer in layers where known[layer] == nil || !layer.hasPrefix("relu") {
      throw error("layers", "\(model) has no layer named '\(layer)'; expected ReLU outputs "
        + "such as " + VGGFeatureExtractor.defaultLayers(of: model).joined(separator: ", "))
    }
    let layerWeights = try constant("layer_weights")?.data
    if let layerWeights, layerWeights.count != layers.count {
      throw error("layer_weights", "expected one weight per layer (\(layers.count)), "
        + "got \(layerWeights.count)")
    }
    let weightsPath = try text("weights")
    let normalization = try choice(
      "normalize", default: "imagenet", from: ImageNormalization.allCases.map(\.rawValue))
    let range = try choice(
      "input_range", default: "0,1", from: ImageRange.allCases.map(\.rawValue))
    let distance = try choice(
      "distance", default: "mse", from: FeatureDistance.allCases.map(\.rawValue))
    let input = try tensor("input")
    let target = try tensor("target")

    let extractor: VGGFeatureExtractor
    do {
      extractor = try VGGFeatureExtractor(model: model, layers: layers, weightsPath: weightsPath)
    } catch {
      throw self.error("weights", error.message)
    }
    try checkImages(input, target, minimumSide: extractor.minimumInputSide)

    let loss = PerceptualLoss(
      extractor: extractor, layerWeights: layerWeights,
      distance: FeatureDistance(rawValue: distance)!, inputRange: ImageRange(rawValue: range)!,
      normalization: ImageNormalization(rawValue: normalization)!)
    let result = loss(input: input, target: target)
    return LossResult(
      loss: result.loss, inputs: [("input", input), ("target", target)],
      warnings: result.warnings)
  }

  private func checkImages(_ input: Tensor, _ target: Tensor, minimumSide: Int)
    throws(UsageError)
  {
    guard input.rank == 4, input.shape[1] == 3 else {
      throw error("input", "perceptual needs RGB images [N, 3, H, W], got shape \(input.shape)")
    }
    guard target.shape == input.shape else {
      throw error("target", "perceptual needs equal shapes, but the input has shape "
        + "\(input.shape) and the target has shape \(target.shape)")
    }
    guard input.shape[2] >= minimumSide, input.shape[3] >= minimumSide else {
      throw error("input", "images of \(input.shape[2])x\(input.shape[3]) pixels are too "
        + "small for the requested layers, which need at least \(minimumSide)x\(minimumSide)")
    }
  }

  /// Reads an optional string.
  func text(_ field: String) throws(UsageError) -> String? {
    guard let node = self[field] else { return nil }
    guard case .string(let value) = node.value else {
      throw error(field, "expected a string, got \(node.shown)")
    }
    return value
  }

  /// Reads an optional array of strings.
  func strings(_ field: String) throws(UsageError) -> [String]? {
    guard let node = self[field] else { return nil }
    guard case .array(let items) = node.value else {
      throw error(field, "expected an array of strings, got \(node.shown)")
    }
    var values: [String] = []
    for (index, item) in items.enumerated() {
      guard case .string(let value) = item.value else {
        throw error(field, "expected a string at [\(index)], got \(item.shown)")
      }
      values.append(value)
    }
    return values
  }
}

// MARK: - Output

/// Writes a number as JSON, and a non-finite one as the string "NaN",
/// "Infinity" or "-Infinity", which JSON has no numbers for.
func jsonNumber(_ value: Float) -> String {
  if value.isNaN { return "\"NaN\"" }
  if value.isInfinite { return value > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
  return "\(value)"
}

/// Writes row-major `values` as nested arrays of `shape`; a scalar as a number.
func nestedJSON(_ values: [Float], shape: [Int]) -> String {
  guard let first = shape.first else { return jsonNumber(values[0]) }
  guard first > 0 else { return "[]" }
  let inner = Array(shape.dropFirst())
  let size = values.count / first
  let rows = (0..<first).map { row in
    nestedJSON(Array(values[row * size ..< (row + 1) * size]), shape: inner)
  }
  return "[\(rows.joined(separator: ","))]"
}

// MARK: - Help

let lossInputOption = OptionSpec(
  name: "--input", value: "FILE",
  summary: "the JSON object to evaluate; '-' reads standard input")

/// The text `losslab help loss` prints after the options.
let lossHelpDetails = """
  The input is one JSON object. "loss" names the loss; tensors are nested arrays
  and options use PyTorch's names. Defaults are PyTorch's.

    mse, l1            input, target (same shape), reduction (mean|sum|none)
    huber              as mse, and delta (1)
    smooth_l1          as mse, and beta (1; 0 gives l1)
    cross_entropy      input [C], [N, C] or [N, C, d1, ...]; target: class indices
                       [N, d1, ...], or probabilities of the input's shape; weight [C],
                       ignore_index (-100), label_smoothing (0), reduction
    nll                input (log-probabilities), target (class indices), weight,
                       ignore_index (-100), reduction
    bce_with_logits    input, target (same shape), weight and pos_weight (broadcast
                       to the input), reduction
    triplet_margin     anchor, positive, negative [N, D] or [D]; margin (1),
                       distance (euclidean|cosine), p (2), eps (1e-6), swap (false),
                       reduction
    triplet_mined      embeddings [N, D], labels [N], miner (all|hard|semi_hard|
                       batch_hard|batch_all), margin (1), distance, p, eps, reduction
    gram_style         input, target [N, C, H, W], normalization (gatys|chw|hw|none)
    perceptual         input, target images [N, 3, H, W]; model (vgg16|vgg19), layers
                       (default relu1_2 ... relu5_3 or relu5_4), layer_weights (1 each),
                       weights (a safetensors file; random weights without it),
                       normalize (imagenet|none), input_range ("0,1"|"-1,1"|"0,255"),
                       distance (mse|l1): sum of weight x mean distance of features
    total_variation    input [..., H, W]: sum of |differences| of neighbouring pixels

  The output is one JSON object: "loss" (a number, or nested arrays for reduction
  "none"), "grad" (the gradient of the summed loss for each floating-point input
  tensor, nested like it), "warnings" (strings), "denominator" for a mean of
  cross_entropy or nll with class indices, and "counts" for triplet_mined.
  NaN and infinities are written as the strings "NaN", "Infinity", "-Infinity".
  Errors exit 2 with one line on standard error naming the field.

  example:
    echo '{"loss": "cross_entropy", "input": [[1000, 0]], "target": [1]}' \\
      | losslab loss --input -
  docs/losses.md gives every formula.
  """
