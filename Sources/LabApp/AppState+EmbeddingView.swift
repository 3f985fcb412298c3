import Foundation
import LabCharts
import LabScenario

/// The task view of an embedding run: the validation embeddings on their
/// first two principal directions, one glyph per class, with the latest
/// training batch's triplet counts and the retrieval scores below.
extension AppState {
  func renderEmbeddingView(_ metrics: EmbeddingMetrics, into buffer: inout CellBuffer, area: Rect) {
    buffer.drawFrame(area, title: "Embeddings (PCA, validation)", glyphs: glyphs, style: .dim,
      titleStyle: .bold)
    let inner = area.inset(by: 1)
    let lines = wrap(embeddingSummary(metrics), width: inner.width)
    let (plotArea, textArea) = inner.splitTop(max(0, inner.height - lines.count))
    let points = metrics.points.map { ScatterPoint(x: $0.x, y: $0.y, classIndex: $0.classIndex) }
    let ratios = metrics.explainedVarianceRatio.map { String(format: "%.0f%%", $0 * 100) }
    ScatterPlot(
      points: points, marker: .glyphs, classNames: metrics.classNames,
      xLabel: "PC1 " + (ratios.first ?? ""), yLabel: "PC2 " + (ratios.last ?? "")
    ).draw(into: &buffer, in: plotArea, glyphs: glyphs)
    for (offset, line) in lines.enumerated() where offset < textArea.height {
      buffer.write(line, x: textArea.x, y: textArea.y + offset, clip: textArea)
    }
  }

  /// Returns the line below the projection: the batch's easy, semi-hard and
  /// hard triplets among those mined, then recall@1 and mAP.
  func embeddingSummary(_ metrics: EmbeddingMetrics) -> String {
    let scores = "R@1 \(formatLoss(metrics.recallAt1))  "
      + "mAP \(formatLoss(metrics.meanAveragePrecision))"
    guard let counts = metrics.counts else { return "batch: no step yet  " + scores }
    return "batch easy \(counts.easyCount) semi \(counts.semiHardCount) hard \(counts.hardCount)"
      + " of \(counts.minedCount) mined  " + scores
  }
}
