/// The text of one explainer page: what the loss computes, what it is for and
/// where it goes wrong.
public struct LossPage: Sendable {
  public var title: String
  /// The loss of one element or sample, one line each.
  public var formula: [String]
  public var gradient: [String]
  public var usedFor: String
  /// Mistakes people make with the loss, each with the numbers that show it.
  public var pitfalls: [String]
}

extension ExplainedLoss {
  /// The page text, with d = x − y for the regression losses.
  public var page: LossPage {
    switch self {
    case .mse: return Self.msePage
    case .l1: return Self.l1Page
    case .huber: return Self.huberPage
    case .smoothL1: return Self.smoothL1Page
    case .crossEntropy: return Self.crossEntropyPage
    case .bceWithLogits: return Self.bceWithLogitsPage
    case .tripletMargin: return Self.tripletMarginPage
    case .perceptual: return Self.perceptualPage
    }
  }

  /// The shape fault that every loss of two same-shaped tensors can hit.
  private static let broadcastPitfall = "Shapes [N,1] against [N] broadcast silently in "
    + "PyTorch into an N×N comparison: mse of [[1],[2],[3]] against [1,2,3] is 1.3333, not 0. "
    + "LossLab rejects different shapes and names both."

  private static let msePage = LossPage(
    title: "Mean squared error (mse)",
    formula: ["ℓ = (x − y)²", "mean: Σℓ / n,  sum: Σℓ"],
    gradient: ["∂ℓ/∂x = 2(x − y)"],
    usedFor: "Regression of prices and measurements, where a large miss costs more than "
      + "several small ones; its minimiser is the mean.",
    pitfalls: [
      broadcastPitfall,
      "Outliers dominate: one error of 10 weighs as much as 100 errors of 1.",
      "The loss is in squared target units; standardise targets or learning rates differ "
        + "by the square of the scale.",
    ])

  private static let l1Page = LossPage(
    title: "Mean absolute error (l1)",
    formula: ["ℓ = |x − y|"],
    gradient: ["∂ℓ/∂x = sign(x − y), 0 at x = y"],
    usedFor: "Regression of prices and measurements with outliers; its minimiser is the "
      + "median.",
    pitfalls: [
      broadcastPitfall,
      "The gradient stays ±1 near the optimum, so training jitters unless the learning "
        + "rate decays; Huber or smooth L1 fix this.",
    ])

  private static let huberPage = LossPage(
    title: "Huber loss (huber)",
    formula: ["ℓ = ½d²            if |d| < δ", "ℓ = δ(|d| − ½δ)    otherwise,  d = x − y"],
    gradient: ["∂ℓ/∂x = d if |d| < δ, else δ·sign(d)"],
    usedFor: "Regression of prices and measurements that contain some outliers; also "
      + "value targets in reinforcement learning.",
    pitfalls: [
      "δ is in target units: after standardising targets, δ = 1 means one standard "
        + "deviation.",
      "huber = δ · smooth_l1 with β = δ: the two differ by that factor in PyTorch, so "
        + "swapping them changes the effective learning rate.",
      broadcastPitfall,
    ])

  private static let smoothL1Page = LossPage(
    title: "Smooth L1 loss (smooth_l1)",
    formula: ["ℓ = ½d²/β          if |d| < β", "ℓ = |d| − ½β       otherwise,  d = x − y"],
    gradient: ["∂ℓ/∂x = d/β if |d| < β, else sign(d)"],
    usedFor: "Bounding-box regression in object detectors (Fast R-CNN); measurements with "
      + "outliers.",
    pitfalls: [
      "β = 0 is exactly l1; a small β makes the quadratic part steep (slope 1/β).",
      "Its linear slope is 1 whatever β, unlike huber, whose slope is δ.",
      broadcastPitfall,
    ])

  private static let crossEntropyPage = LossPage(
    title: "Cross-entropy (cross_entropy)",
    formula: [
      "qₖ = (1 − ε)·[k = y] + ε/C",
      "ℓ = −Σₖ qₖ·log softmax(x)ₖ = logsumexp(x) − Σₖ qₖ·xₖ",
    ],
    gradient: ["∂ℓ/∂xₖ = softmax(x)ₖ − qₖ"],
    usedFor: "Classification of images, text and diagnoses into one of C classes.",
    pitfalls: [
      "Naive softmax overflows: exp(100) is infinite in Float32 (limit 88.7). Subtract "
        + "the row maximum: logits [100, 0] with target 1 give 100, [−1000, −1000] give "
        + "ln 2 = 0.693147.",
      "Class weights change the mean's denominator to Σ w_y of the targets: logits "
        + "[[.2,.3,.5],[.5,.2,.3]], targets [2,1], weight [2,4,6] give 10.59831/10 = "
        + "1.05983, not 5.29916.",
      "Pass logits, not softmax outputs: the loss applies log-softmax itself.",
      "With label smoothing ε the loss never reaches 0, even for a perfect prediction.",
    ])

  private static let bceWithLogitsPage = LossPage(
    title: "Binary cross-entropy on logits (bce_with_logits)",
    formula: [
      "ℓ = −[p·y·log σ(x) + (1 − y)·log(1 − σ(x))]",
      "p = pos_weight, σ(x) = 1/(1 + e^−x)",
    ],
    gradient: ["∂ℓ/∂x = (p·y + 1 − y)·σ(x) − p·y"],
    usedFor: "Yes/no and multi-label classification of images, text and diagnoses that may "
      + "show several findings at once.",
    pitfalls: [
      "Pass logits: sigmoid then log loses everything beyond |x| ≈ 17 in Float32; the "
        + "stable form never exponentiates a positive number.",
      "pos_weight scales only the positive term; negatives/positives balances rare "
        + "positives.",
      "Logits [N,1] against targets [N] broadcast in PyTorch into N×N; LossLab rejects "
        + "different shapes.",
    ])

  private static let tripletMarginPage = LossPage(
    title: "Triplet margin loss (triplet_margin)",
    formula: [
      "ℓ = max(d(a,p) − d(a,n) + margin, 0)",
      "d(u,v) = ‖u − v + ε‖₂,  ε = 1e-6",
    ],
    gradient: [
      "∂ℓ/∂d(a,p) = 1, ∂ℓ/∂d(a,n) = −1 while the hinge is open",
      "∂d(a,p)/∂a = (a − p + ε)/d(a,p)",
    ],
    usedFor: "Embeddings for face recognition (FaceNet), recommendation and retrieval: "
      + "an anchor nearer its positive than its negative by the margin.",
    pitfalls: [
      "At d(a,p) = 0 the norm has no derivative and a naive gradient is NaN for the "
        + "whole batch. PyTorch adds ε to the difference: a = p = [0,0], n = [0.5,0] "
        + "give d(a,p) = 1.41421e-6, loss 0.5000024 and a finite gradient (0.70711, "
        + "0.70711).",
      "Easy triplets give loss 0 and no gradient: mine semi-hard (FaceNet) or batch-hard "
        + "(Hermans et al. 2017) triplets.",
      "If every embedding collapses to one point, every loss equals the margin.",
    ])

  private static let perceptualPage = LossPage(
    title: "Perceptual, Gram style and total variation losses",
    formula: [
      "perceptual: Σₗ wₗ·mean((φₗ(x) − φₗ(y))²), φₗ = VGG features at layer l",
      "gram (gatys): Σ(G − A)²/(4C²M²), G = F·Fᵀ of [C, M = H·W] features",
      "tv: Σ|x[h+1,w] − x[h,w]| + Σ|x[h,w+1] − x[h,w]|",
    ],
    gradient: [
      "perceptual: backpropagated through VGG to the image",
      "gram: ∂L/∂F = 2·(∂L/∂G)·F;  tv: sums of sign(differences)",
    ],
    usedFor: "Image generators: super-resolution, style transfer, denoising and GAN "
      + "generators, where pixel losses blur.",
    pitfalls: [
      "Wrong range or channel order: torchvision's VGG expects RGB in [0,1], then "
        + "(x − mean)/std with mean (0.485,0.456,0.406), std (0.229,0.224,0.225). Grey "
        + "0.5 gives (0.0655,0.1964,0.4178); 127.5 from a [0,255] image gives "
        + "(554.7,567.2,564.9); red in BGR order gives (−2.118,−2.036,2.640), not "
        + "(2.249,−2.036,−1.804).",
      "Layer indices differ in _bn variants: relu2_2 is features.8 in vgg16 but "
        + "features.12 in vgg16_bn.",
      "Gram normalisations (gatys, chw, hw, none) differ by orders of magnitude; state "
        + "which one a weight was tuned for.",
    ])
}
