import LabNN
import LabTensor

extension ModelSpec {
  /// Returns the model cut after the layer `name`: every step up to and
  /// including it, and no later stage. A cut model needs only the weights of
  /// the layers it keeps, which is what a perceptual loss uses of VGG.
  ///
  /// - Precondition: `name` is a layer of a plain step, not of a residual block.
  public func truncated(through name: String) -> ModelSpec {
    var keptStages: [StageSpec] = []
    for stage in stages {
      var nodes: [LayerNode] = []
      for node in stage.nodes {
        nodes.append(node)
        if case .layer(let layer) = node, layer.name == name {
          keptStages.append(StageSpec(name: stage.name, part: stage.part, nodes: nodes))
          return ModelSpec(name: self.name, family: family, inputChannels: inputChannels,
            stages: keptStages)
        }
      }
      keptStages.append(stage)
    }
    preconditionFailure("truncated: \(self.name) has no plain layer named '\(name)'")
  }
}

extension Network {
  /// Copies the parameters and batch-norm running statistics of every module
  /// from `file`, matched by torchvision's names (`features.0.weight`).
  ///
  /// The file may hold more tensors than the network uses, such as a whole
  /// VGG-16 for a network cut at `relu2_2`; those are ignored. Every parameter
  /// must be present with the network's shape. A missing running statistic
  /// leaves the initial one (mean 0, variance 1) in place and is returned.
  ///
  /// - Returns: The names of the buffers the file does not hold.
  /// - Throws: ``SafetensorsError`` naming the file and the tensor that is
  ///   missing, has another shape or cannot be read as Float32. Nothing is
  ///   copied when it throws.
  @discardableResult
  public func loadWeights(from file: SafetensorsFile) throws(SafetensorsError) -> [String] {
    var updates: [(tensor: Tensor, values: [Float])] = []
    for (name, tensor) in namedParameters {
      guard let entry = file.entry(named: name) else {
        throw SafetensorsError(path: file.path, tensor: name,
          reason: "missing; \(spec.name) needs it with shape \(tensor.shape)"
            + " (a file may stop after the deepest layer used, but not before)")
      }
      try checkShape(entry, tensor: tensor, file: file)
      updates.append((tensor, try file.floats(named: name)))
    }
    var missingBuffers: [String] = []
    for (name, tensor) in buffers {
      guard let entry = file.entry(named: name) else {
        missingBuffers.append(name)
        continue
      }
      try checkShape(entry, tensor: tensor, file: file)
      updates.append((tensor, try file.floats(named: name)))
    }
    for update in updates { update.tensor.data = update.values }
    return missingBuffers
  }

  private func checkShape(
    _ entry: SafetensorsEntry, tensor: Tensor, file: SafetensorsFile
  ) throws(SafetensorsError) {
    guard entry.shape == tensor.shape else {
      throw SafetensorsError(path: file.path, tensor: entry.name,
        reason: "has shape \(entry.shape) in the file, but \(spec.name) needs \(tensor.shape)")
    }
  }
}
