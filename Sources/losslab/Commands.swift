import Foundation
import LabScenario

/// A headless or interactive command of `losslab`.
struct Command: Sendable {
  var name: String
  var usage: String
  var summary: String
  var options: [OptionSpec]
  var run: @Sendable (ParsedArguments) throws -> Int32
  /// More text for `losslab help NAME`, after the options.
  var details: (@Sendable () -> String)? = nil
}

let scenariosOption = OptionSpec(
  name: "--scenarios", value: "DIR",
  summary: "folder of scenario files (default: LOSSLAB_SCENARIOS, else ./scenarios, else the "
    + "scenarios folder of the source tree losslab was built in)")

let commands: [Command] = [
  Command(
    name: "lab", usage: "losslab [lab] [--scenarios DIR]",
    summary: "open the terminal lab (the default when no command is given)",
    options: [scenariosOption], run: runLab),
  Command(
    name: "list", usage: "losslab list [--scenarios DIR]",
    summary: "list the scenarios, grouped by loss", options: [scenariosOption], run: runList),
  Command(
    name: "run",
    usage: "losslab run SCENARIO|--data FILE.csv --target COLUMN [--loss NAME] [--steps N] "
      + "[--set PATH=VALUE]... [--compare PATH=VALUE]... [--format text|jsonl] "
      + "[--chart loss|metric] [--history FILE.csv] [--image FILE.png] [--scenarios DIR]",
    summary: "train a scenario without a terminal and print its losses",
    options: [
      OptionSpec(name: "--steps", value: "N",
        summary: "steps to train (default: the scenario's training.steps)"),
      OptionSpec(name: "--set", value: "PATH=VALUE",
        summary: "change a parameter before training, such as optimizer.learning_rate=0.003; "
          + "repeatable. 'losslab help parameters' lists the paths",
        isRepeatable: true),
      OptionSpec(name: "--format", value: "text|jsonl",
        summary: "text (default): a chart and a summary; jsonl: one JSON object per "
          + "evaluation with step, train_loss, val_loss and metrics"),
      OptionSpec(name: "--compare", value: "PATH=VALUE",
        summary: "also train a run with this one change, on the same data and seed, and "
          + "overlay the validation curves; repeatable, up to 3 times",
        isRepeatable: true),
      OptionSpec(name: "--chart", value: "loss|metric",
        summary: "what the text chart shows: loss (default), or metric, the task's validation "
          + "metric (RMSE, accuracy, recall@1 or PSNR), which compares runs whose losses "
          + "differ in scale"),
      imageOption,
      OptionSpec(name: "--history", value: "FILE.csv",
        summary: "write the loss history as CSV (step,train_loss,val_loss; with --compare a "
          + "first column run) after training"),
      OptionSpec(name: "--data", value: "FILE.csv",
        summary: "train a default model (hidden layers 32,32, Adam, 2000 steps) on your own "
          + "CSV file in place of a scenario; needs --target"),
      OptionSpec(name: "--target", value: "COLUMN",
        summary: "the column of --data to predict; every other column is a feature"),
      OptionSpec(name: "--loss", value: "NAME",
        summary: "the loss for --data (default mse); cross_entropy and bce_with_logits "
          + "classify whole class codes 0, 1, …"),
      scenariosOption,
    ], run: runTraining),
  Command(
    name: "replay", usage: "losslab replay SCENARIO [--record] [--scenarios DIR]",
    summary: "run a scenario's script, check its expectations and snapshots; exit 1 on failure",
    options: [
      OptionSpec(name: "--record", value: nil,
        summary: "write the script's screen snapshots instead of comparing them"),
      scenariosOption,
    ], run: runReplay),
  archCommand,
  weightsCommand,
  Command(
    name: "loss", usage: "losslab loss --input FILE",
    summary: "evaluate one loss on a JSON object and print its value and gradients as JSON",
    options: [lossInputOption], run: runLossCalculator, details: { lossHelpDetails }),
  Command(
    name: "bench",
    usage: "losslab bench [WORKLOAD...] [--repeat N] [--format text|json]",
    summary: "time the engine's workloads: min, median and max milliseconds per call",
    options: [
      OptionSpec(name: "--repeat", value: "N",
        summary: "timed calls per workload after the warm-up (default 10)"),
      OptionSpec(name: "--format", value: "text|json",
        summary: "text (default): a table; json: {\"workloads\":[{\"name\",\"unit\",\"min\","
          + "\"median\",\"max\",\"gflops\"}],\"threads\",\"peak_memory_mb\"}"),
      OptionSpec(name: "--samples", value: nil,
        summary: "with json, also list every call's milliseconds as \"samples\""),
    ], run: runBench, details: benchWorkloadList),
  Command(
    name: "help", usage: "losslab help [COMMAND|parameters]",
    summary: "describe the commands, or one command's options", options: [], run: runHelp),
]

/// Runs the command line `words` and returns the exit status.
func runCommandLine(_ words: [String]) -> Int32 {
  var words = words
  var name = "lab"
  if let first = words.first, !first.hasPrefix("-") {
    name = first
    words.removeFirst()
  } else if let first = words.first, ["-h", "--help"].contains(first) {
    name = "help"
    words.removeFirst()
  }
  guard let command = commands.first(where: { $0.name == name }) else {
    printError("unknown command '\(name)'; commands are: "
      + commands.map(\.name).joined(separator: ", ") + "; see 'losslab help'")
    return 2
  }
  // `losslab run --help` is what people type first; it shows `losslab help run`.
  if name != "help", words.contains(where: { ["-h", "--help"].contains($0) }) {
    return runCommandLine(["help", name])
  }
  do {
    let arguments = try ParsedArguments(words, command: name, options: command.options)
    return try command.run(arguments)
  } catch let error as UsageError {
    printError(error.message)
    return 2
  } catch let error as ScenarioError {
    printError(error.description)
    return 2
  } catch let error as SessionError {
    // The scenario's data could not be read: bad input, like a bad scenario.
    printError(error.message)
    return 2
  } catch {
    printError("\(error)")
    return 1
  }
}

/// Prints `message` on standard error as one line prefixed with the program name.
func printError(_ message: String) {
  FileHandle.standardError.write(Data("losslab: \(message)\n".utf8))
}

func requireNoPositional(_ arguments: ParsedArguments, command: String) throws(UsageError) {
  if let extra = arguments.positional.first {
    throw UsageError(message: "'\(command)' takes no arguments, got '\(extra)'; "
      + "see 'losslab help \(command)'")
  }
}

func runList(_ arguments: ParsedArguments) throws -> Int32 {
  try requireNoPositional(arguments, command: "list")
  let folder = try Catalog.folder(option: arguments.value("--scenarios"))
  let (specs, problems) = Catalog.load(folder: folder)
  for problem in problems { printError("skipped \(problem.description)") }
  for loss in LossKind.allCases {
    let group = specs.filter { $0.loss == loss }.sorted { $0.title < $1.title }
    guard !group.isEmpty else { continue }
    print("\(loss.title) (\(loss.rawValue))")
    let width = group.map(\.id.count).max() ?? 0
    for spec in group {
      print("  \(spec.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(spec.title)")
    }
  }
  if specs.isEmpty { print("no scenarios in \(folder)") }
  return 0
}

func runHelp(_ arguments: ParsedArguments) throws -> Int32 {
  guard let topic = arguments.positional.first else {
    print("LossLab: a terminal lab for loss functions.\n")
    print("usage:")
    for command in commands { print("  \(command.usage)") }
    print("\ncommands:")
    for command in commands {
      print("  \(command.name.padding(toLength: 8, withPad: " ", startingAt: 0))\(command.summary)")
    }
    print("\n'losslab help COMMAND' lists a command's options; 'losslab help parameters' "
      + "lists what --set can change.")
    return 0
  }
  if topic == "parameters" {
    print("parameters for --set PATH=VALUE and scenario files:")
    for parameter in ParameterPath.allCases {
      let reset = parameter.needsReset ? " (the lab applies it on reset)" : ""
      print("  \(parameter.rawValue.padding(toLength: 30, withPad: " ", startingAt: 0))"
        + "\(parameter.summary)\(reset)")
    }
    return 0
  }
  guard let command = commands.first(where: { $0.name == topic }) else {
    throw UsageError(message: "no help for '\(topic)'; topics are: "
      + (commands.map(\.name) + ["parameters"]).joined(separator: ", "))
  }
  print("usage: \(command.usage)\n\n\(command.summary)")
  if !command.options.isEmpty { print("\noptions:") }
  for option in command.options {
    let head = option.name + (option.value.map { " \($0)" } ?? "")
    print("  \(head.padding(toLength: 24, withPad: " ", startingAt: 0))\(option.summary)")
  }
  if let details = command.details { print("\n" + details()) }
  return 0
}
