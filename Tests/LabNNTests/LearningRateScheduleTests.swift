import LabNN
import LabTestSupport
import Testing

@Suite("LearningRateSchedule")
struct LearningRateScheduleTests {
  /// Schedules compute in Double and round once, so they agree with PyTorch's
  /// Python floats to Float precision; the floor is for rates near 0.
  private let relative: Float = 1e-6
  private let absolute: Float = 1e-12

  @Test("schedules match PyTorch's schedulers", arguments: try OptimReference.load().schedules)
  func schedulesMatchPyTorch(reference: ScheduleCase) {
    let schedule = reference.makeSchedule()

    let rates = reference.rates.indices.map {
      schedule.learningRate(atStep: $0, baseRate: reference.baseRate)
    }

    expectClose(
      rates, reference.rates.map(Float.init), relative: relative, absolute: absolute,
      reference.testDescription)
  }

  @Test("step schedule decays by gamma every step size")
  func stepScheduleByHand() {
    // 0.1 · 0.5^⌊t/3⌋ for t = 0…7: three steps at each rate.
    let schedule = StepSchedule(stepSize: 3, gamma: 0.5)

    let rates = (0..<8).map { schedule.learningRate(atStep: $0, baseRate: 0.1) }

    expectClose(
      rates, [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025], relative: relative,
      absolute: absolute, "StepSchedule")
  }

  @Test("cosine schedule reaches its minimum at T_max and returns")
  func cosineScheduleByHand() {
    // η_min + (0.1 − η_min)·(1 + cos(π·t/4))/2 with η_min = 0.01:
    //   t = 0: 0.1;  t = 2: cos(π/2) = 0 → 0.055;  t = 4: cos π = −1 → 0.01;
    //   t = 8: cos 2π = 1 → 0.1 again.
    let schedule = CosineAnnealingSchedule(maximumStep: 4, minimumRate: 0.01)

    let rates = [0, 2, 4, 8].map { schedule.learningRate(atStep: $0, baseRate: 0.1) }

    expectClose(rates, [0.1, 0.055, 0.01, 0.1], relative: relative, absolute: absolute, "cosine")
  }

  @Test("linear schedule ramps and then holds")
  func linearScheduleByHand() {
    // 0.2 · (0.25 + 0.75·min(t, 3)/3): 0.05, 0.1, 0.15, 0.2, then 0.2.
    let schedule = LinearSchedule(startFactor: 0.25, endFactor: 1, totalSteps: 3)

    let rates = (0..<6).map { schedule.learningRate(atStep: $0, baseRate: 0.2) }

    expectClose(
      rates, [0.05, 0.1, 0.15, 0.2, 0.2, 0.2], relative: relative, absolute: absolute, "linear")
  }

  @Test("linear schedule defaults are PyTorch's")
  func linearScheduleDefaults() {
    let schedule = LinearSchedule()

    #expect(schedule.startFactor == 1.0 / 3)
    #expect(schedule.endFactor == 1)
    #expect(schedule.totalSteps == 5)
  }

  @Test("sequential schedule restarts each part at its milestone")
  func sequentialRestartsAtMilestones() {
    // Step 3 runs the first schedule, steps 4…6 the second from its step 0,
    // and step 7 on the third from its step 0.
    let first = LinearSchedule(startFactor: 0.5, endFactor: 1, totalSteps: 4)
    let second = StepSchedule(stepSize: 1, gamma: 0.5)
    let third = CosineAnnealingSchedule(maximumStep: 2)
    let schedule = SequentialSchedule([first, second, third], milestones: [4, 7])

    let rates = (0..<10).map { schedule.learningRate(atStep: $0, baseRate: 1) }

    expectClose(
      rates, [0.5, 0.625, 0.75, 0.875, 1, 0.5, 0.25, 1, 0.5, 0], relative: relative,
      absolute: 1e-7, "sequential")
  }

  @Test("warm-up then cosine joins at the milestone")
  func warmupCosineJoins() {
    let schedule = SequentialSchedule.warmupCosine(warmupSteps: 10, totalSteps: 110)

    let lastWarmup = schedule.learningRate(atStep: 9, baseRate: 1)
    let peak = schedule.learningRate(atStep: 10, baseRate: 1)
    let end = schedule.learningRate(atStep: 110, baseRate: 1)

    // The warm-up stops one step short of its end factor, at 1/3 + (2/3)·9/10.
    expectClose(lastWarmup, 1.0 / 3 + 0.6, relative: relative, absolute: 0, "last warm-up step")
    #expect(peak == 1)
    #expect(abs(end) < 1e-7)
  }

  @Test("sequential schedule traps on a milestone count mismatch")
  func sequentialRejectsMilestoneCount() async {
    await #expect(processExitsWith: .failure) {
      _ = SequentialSchedule([StepSchedule(stepSize: 1)], milestones: [3])
    }
  }
}
