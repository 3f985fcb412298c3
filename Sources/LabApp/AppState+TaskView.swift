import Foundation
import LabCharts
import LabScenario

/// The task view beside the loss chart: what the model does, not only how
/// its loss falls. Regression shows predicted against actual values and the
/// residuals. Classification shows the confusion matrix with per-class
/// accuracy, or for two features the decision boundary with the points.
/// Embeddings show their projection (AppState+EmbeddingView.swift).
extension AppState {
  /// Returns the task view's width for a chart panel of `width` columns, or 0 when
  /// there is nothing to show or no room beside a readable loss chart.
  func taskViewWidth(for width: Int) -> Int {
    // Photos are the point of an image run, so they take over half the room
    // and still show beside a narrower chart at 80 columns.
    if run?.latest?.image != nil {
      return width >= 48 ? max(26, width * 55 / 100) : 0
    }
    guard let latest = run?.latest,
      !latest.pairs.isEmpty || latest.classification != nil || latest.embedding != nil
        || latest.image != nil,
      width >= 60
    else { return 0 }
    return max(34, width * 45 / 100)
  }

  func renderTaskView(into buffer: inout CellBuffer, area: Rect) {
    guard let latest = run?.latest else { return }
    if let metrics = latest.embedding {
      renderEmbeddingView(metrics, into: &buffer, area: area)
    } else if let image = latest.image {
      renderImageView(image, into: &buffer, area: area)
    } else if let boundary = latest.boundary, let metrics = latest.classification {
      drawPanel(into: &buffer, area: area, title: "Decision boundary") { buffer, inner in
        renderBoundary(boundary, classNames: metrics.classNames, into: &buffer, area: inner)
      }
    } else if let metrics = latest.classification {
      drawPanel(into: &buffer, area: area, title: "Confusion (actual × predicted)") {
        buffer, inner in
        renderConfusion(metrics, into: &buffer, area: inner)
      }
    } else {
      let (top, bottom) = area.splitTop(area.height / 2 + area.height % 2)
      drawPanel(into: &buffer, area: top, title: "Predicted vs actual") { buffer, inner in
        let points = latest.pairs.map { ScatterPoint(x: $0.actual, y: $0.predicted) }
        ScatterPlot(points: points, marker: .braille, showsIdentityLine: true,
          xLabel: "actual", yLabel: "predicted").draw(into: &buffer, in: inner, glyphs: glyphs)
      }
      drawPanel(into: &buffer, area: bottom, title: "Residuals") { buffer, inner in
        let points = latest.pairs.map {
          ScatterPoint(x: $0.predicted, y: $0.predicted - $0.actual)
        }
        ScatterPlot(points: points, marker: .braille, xLabel: "predicted",
          yLabel: "predicted − actual").draw(into: &buffer, in: inner, glyphs: glyphs)
      }
    }
  }

  private func drawPanel(
    into buffer: inout CellBuffer, area: Rect, title: String,
    content: (inout CellBuffer, Rect) -> Void
  ) {
    buffer.drawFrame(area, title: title, glyphs: glyphs, style: .dim, titleStyle: .bold)
    content(&buffer, area.inset(by: 1))
  }

  /// Draws the confusion matrix as numbers, with each class's accuracy in the rows
  /// below it, as many per row as fit.
  private func renderConfusion(
    _ metrics: ClassificationMetrics, into buffer: inout CellBuffer, area: Rect
  ) {
    let names = metrics.classNames.map { String($0.prefix(5)) }
    let accuracies = zip(names, metrics.classAccuracies).map { name, value in
      "\(name):\(value.isFinite ? String(format: "%.2f", value) : "-")"
    }
    let accuracyLines = wrap("accuracy " + accuracies.joined(separator: " "),
      width: area.width)
    let matrixHeight = max(0, area.height - accuracyLines.count)
    let (matrixArea, textArea) = area.splitTop(matrixHeight)
    HeatMap(
      content: .values(metrics.confusion.map { $0.map(Double.init) }), rowLabels: names,
      columnLabels: names, showsValues: true, usesColor: false,
      formatValue: { String(Int($0)) }
    ).draw(into: &buffer, in: matrixArea, glyphs: glyphs)
    for (offset, line) in accuracyLines.enumerated() where offset < textArea.height {
      buffer.write(line, x: textArea.x, y: textArea.y + offset, clip: textArea)
    }
  }

  /// Draws the predicted class over the plane, dimmed, with each validation point
  /// in the glyph of its actual class on top, so misclassified points stand out.
  private func renderBoundary(
    _ boundary: DecisionBoundary, classNames: [String], into buffer: inout CellBuffer,
    area: Rect
  ) {
    let rows = (0..<boundary.rowCount).map { row in
      Array(boundary.classes[(row * boundary.columnCount)..<((row + 1) * boundary.columnCount)])
    }
    HeatMap(content: .classes(rows), usesColor: showsImageColor, classNames: classNames)
      .draw(into: &buffer, in: area, glyphs: glyphs)
    guard area.height >= 2 else { return }
    let field = Rect(x: area.x, y: area.y, width: area.width, height: area.height - 1)
    buffer.restyle(field) { $0.isDim = true }
    let marks = (0..<max(1, classNames.count)).map { classMark($0) }
    let (xRange, yRange) = (boundary.xRange, boundary.yRange)
    for point in boundary.points {
      let column = Int((point.x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound)
        * Double(field.width))
      let row = Int((yRange.upperBound - point.y) / (yRange.upperBound - yRange.lowerBound)
        * Double(field.height))
      guard (0..<field.width).contains(column), (0..<field.height).contains(row),
        marks.indices.contains(point.classIndex)
      else { continue }
      buffer[field.x + column, field.y + row] = marks[point.classIndex]
    }
  }

  /// Returns the cell a class field draws for class `index`, in bold. It is
  /// taken from a one-cell field, so the points match the field's glyphs and colours.
  private func classMark(_ index: Int) -> Cell {
    var cell = CellBuffer(width: 1, height: 1)
    HeatMap(content: .classes([[index]])).draw(into: &cell, in: cell.bounds, glyphs: glyphs)
    var mark = cell[0, 0]
    mark.style.isBold = true
    mark.style.isDim = false
    return mark
  }
}
