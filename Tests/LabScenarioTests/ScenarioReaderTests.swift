import Foundation
import Testing

@testable import LabScenario

@Suite struct ScenarioReaderTests {
  static let minimal = """
    {
      "title": "Tiny",
      "loss": "mse",
      "data": { "source": "house_prices", "samples": 60 },
      "model": { "hidden": [8] },
      "optimizer": { "name": "sgd", "learning_rate": 0.05 },
      "training": { "batch_size": 16, "steps": 40, "eval_interval": 10 },
      "seed": 5
    }
    """

  func parse(_ text: String) throws(ScenarioError) -> ScenarioSpec {
    try ScenarioReader.parse(text, path: "scenarios/x.json")
  }

  func error(_ text: String) -> String? {
    do {
      _ = try parse(text)
      return nil
    } catch {
      return error.description
    }
  }

  @Test func minimalFileReadsEveryField() throws {
    let spec = try parse(Self.minimal)
    #expect(spec.id == "x")
    #expect(spec.title == "Tiny")
    #expect(spec.data.source == .housePrices)
    #expect(spec.data.sampleCount == 60)
    #expect(spec.model.hidden == [8])
    #expect(spec.optimizer.kind == .sgd)
    #expect(spec.optimizer.learningRate == 0.05)
    #expect(spec.training == TrainingSpec(batchSize: 16, stepCount: 40, evaluationInterval: 10))
    #expect(spec.seed == 5)
    #expect(spec.screen == ScreenSize(width: 100, height: 30))
  }

  @Test func unknownLossNamesPlaceAndChoices() {
    let text = Self.minimal.replacingOccurrences(of: "\"loss\": \"mse\"", with: "\"loss\": \"msee\"")
    #expect(error(text) == "scenarios/x.json:3:11: loss: unknown loss 'msee'; expected one of: "
      + "mse, l1, huber, smooth_l1, cross_entropy, bce_with_logits, triplet, "
      + "perceptual")
  }

  @Test func unknownFieldIsAnError() {
    let text = Self.minimal.replacingOccurrences(of: "\"seed\": 5", with: "\"sede\": 5")
    #expect(error(text) == "scenarios/x.json:8:3: sede: unknown field 'sede'; expected one of: "
      + "title, description, loss, task, data, model, optimizer, schedule, training, seed, "
      + "screen, script, image")
  }

  @Test func nestedUnknownFieldNamesItsPath() {
    let text = Self.minimal.replacingOccurrences(of: "\"batch_size\"", with: "\"batchsize\"")
    #expect(error(text)?.hasPrefix(
      "scenarios/x.json:7:17: training.batchsize: unknown field 'batchsize'") == true)
  }

  @Test(arguments: [
    ("\"learning_rate\": 0.05", "\"learning_rate\": -1",
     "scenarios/x.json:6:50: optimizer.learning_rate: -1 is out of range; enter a number from "
       + "1e-08 to 10"),
    ("\"learning_rate\": 0.05", "\"learning_rate\": \"fast\"",
     "scenarios/x.json:6:50: optimizer.learning_rate: expected a number, got a string 'fast'"),
    ("\"hidden\": [8]", "\"hidden\": [8, 0]",
     "scenarios/x.json:5:24: model.hidden: invalid layer size '0' in '8,0'; enter sizes from 1 "
       + "to 1024 separated by commas, such as 64,32, or 'none' for a linear model"),
    ("\"name\": \"sgd\"", "\"name\": \"adagrad\"",
     "scenarios/x.json:6:26: optimizer.name: unknown optimizer 'adagrad'; expected one of: sgd, "
       + "momentum, adam, adamw, rmsprop"),
    ("\"samples\": 60", "\"samples\": \"60\"",
     "scenarios/x.json:4:50: data.samples: expected a number, got a string '60'"),
    ("\"learning_rate\": 0.05", "\"learning_rate\": null",
     "scenarios/x.json:6:50: optimizer.learning_rate: expected a number, got null"),
    ("\"title\": \"Tiny\"", "\"title\": \" \"",
     "scenarios/x.json:2:12: title: the title is empty; give the scenario a name"),
    ("\"house_prices\"", "\"housing\"",
     "scenarios/x.json:4:23: data.source: unknown data source 'housing'; expected one of: "
       + "house_prices, spiral, stock_walk, faces, products, csv, diabetes, digits, "
       + "breast_cancer, news_topics, elnino, co2"),
  ])
  func invalidValueQuotesIt(original: String, replacement: String, message: String) {
    let text = Self.minimal.replacingOccurrences(of: original, with: replacement)
    #expect(error(text) == message)
  }

  @Test func syntaxErrorHasLineAndColumn() {
    let text = Self.minimal.replacingOccurrences(of: "\"seed\": 5", with: "\"seed\": 5,")
    #expect(error(text) == "scenarios/x.json:9:1: invalid JSON: expected a field name in double "
      + "quotes")
  }

  @Test func duplicateFieldIsAnError() {
    let text = Self.minimal.replacingOccurrences(of: "\"seed\": 5", with: "\"seed\": 5, \"seed\": 6")
    #expect(error(text) == "scenarios/x.json:8:14: invalid JSON: field 'seed' appears twice")
  }

  @Test func missingCSVFileIsAnError() {
    let text = Self.minimal.replacingOccurrences(
      of: "\"source\": \"house_prices\", \"samples\": 60",
      with: "\"source\": \"csv\", \"path\": \"data/none.csv\", \"target\": \"y\"")
    #expect(error(text)?.hasPrefix("scenarios/x.json:4:38: data.path: no such file "
      + "'data/none.csv'") == true)
  }

  @Test func scriptStepsAreRead() throws {
    let text = Self.minimal.replacingOccurrences(of: "\"seed\": 5", with: """
      "seed": 5,
        "script": [
          { "run": 10 },
          { "set": { "optimizer.learning_rate": 0.01, "model.hidden": "4,4" } },
          { "keys": ["space", "tab", "s"] },
          { "expect": { "quantity": "val_loss", "below": 2 } },
          { "snapshot": "end" },
          { "pause": "Watch the validation loss. Press space to continue." }
        ]
      """)
    let spec = try parse(text)
    #expect(spec.script.count == 6)
    #expect(spec.script[0] == .run(10))
    #expect(spec.script[1] == .set([(.learningRate, "0.01"), (.hidden, "4,4")]))
    #expect(spec.script[2] == .keys(["space", "tab", "s"]))
    #expect(spec.script[4] == .snapshot("end"))
    #expect(spec.script[5] == .pause("Watch the validation loss. Press space to continue."))
  }

  @Test(arguments: [
    ("{ \"walk\": 3 }", "script[0].walk: unknown field 'walk'"),
    ("{ \"run\": 0 }", "script[0].run: 0 is out of range"),
    ("{ \"keys\": [\"hyperspace\"] }", "script[0].keys: unknown key 'hyperspace'"),
    ("{ \"expect\": { \"quantity\": \"precision\", \"below\": 1 } }",
     "script[0].expect.quantity: unknown quantity 'precision'"),
    ("{ \"expect\": { \"quantity\": \"rmse\" } }", "script[0].expect.below: an expectation needs"),
    ("{ \"set\": { \"seed\": -3 } }", "script[0].set.seed: invalid value '-3'"),
    ("{ \"run\": 1, \"snapshot\": \"a\" }", "script[0]: a step has exactly one of"),
    ("{ \"pause\": \"\" }", "script[0].pause: the message is empty"),
    ("{ \"pause\": \"  \" }", "script[0].pause: the message is empty"),
    ("{ \"pause\": 3 }", "script[0].pause: expected a string, got a number 3"),
    ("{ \"pause\": [\"a\"] }", "script[0].pause: expected a string"),
    ("{ \"pause\": \"a\", \"run\": 1 }", "script[0]: a step has exactly one of"),
  ])
  func invalidScriptStepIsNamed(step: String, fragment: String) {
    let text = Self.minimal.replacingOccurrences(
      of: "\"seed\": 5", with: "\"seed\": 5, \"script\": [\(step)]")
    let message = error(text) ?? ""
    #expect(message.contains(fragment), "\(message)")
  }

  @Test func invalidPauseNamesLineAndColumn() {
    let text = Self.minimal.replacingOccurrences(
      of: "\"seed\": 5", with: "\"seed\": 5,\n  \"script\": [{ \"run\": 1 }, { \"pause\": 7 }]")
    #expect(error(text)
      == "scenarios/x.json:9:39: script[1].pause: expected a string, got a number 7")
  }

  @Test func bundledScenariosAreValid() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".json") }
    #expect(names.count >= 2)
    for name in names {
      let spec = try ScenarioReader.read(path: folder.appendingPathComponent(name).path)
      #expect(!spec.script.isEmpty, "\(name) has no script")
    }
  }
}
