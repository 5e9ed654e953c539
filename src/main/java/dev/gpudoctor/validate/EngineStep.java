package dev.gpudoctor.validate;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.section.PythonFacts;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.validate.engine.EngineRoutes;
import dev.gpudoctor.validate.engine.PlanCompatibility;
import dev.gpudoctor.validate.engine.PlanFile;
import dev.gpudoctor.validate.engine.PlanSidecar;
import dev.gpudoctor.validate.engine.Route;
import dev.gpudoctor.validate.engine.TestNetwork;
import dev.gpudoctor.validate.engine.TrtexecLog;
import dev.gpudoctor.validate.reference.Errors;
import dev.gpudoctor.validate.reference.Reference;
import dev.gpudoctor.validate.reference.SmallCnn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Step 7, in the parent once the child has ended: TensorRT's builder and runtime through a route
 * (trtexec, else the tensorrt Python module), each call a child process under what is left of the
 * step's deadline. Without --engine it builds the test network in FP32, FP16 and INT8 (where the GPU
 * has INT8), saves each plan with its sidecar, reloads it from the file, runs it on the fixed input
 * and compares with the CPU reference. With --engine it checks the given plan against this host
 * ({@link PlanCompatibility}) and loads it through the route.
 */
final class EngineStep {

    record Done(StepResult step, EngineReport report) {
    }

    /**
     * Relative to the last layer's sum of |products| (see SmallCnn). FP32 with TF32 off: the rounding of a
     * 512-term sum, ~1e-6; 1e-4 as for cuBLAS's FP32 GEMM. FP16: inputs, weights and activations rounded
     * to 11 bits (4.9e-4 each) through two layers, with FP16 accumulation allowed: a few 1e-3; 5e-2
     * still catches a wrong kernel, which is off by O(1). INT8 against the quantized network: the same
     * integers, so only requantization ties and FP32 sums differ.
     */
    static final Map<String, Double> TOLERANCE = Map.of("fp32", 1e-4, "fp16", 5e-2, "int8", 1e-2);
    static final List<String> PRECISIONS = List.of("fp32", "fp16", "int8");
    /** One build or run at most; a build of this network takes seconds even on a cold disk. */
    static final Duration PER_COMMAND = Duration.ofSeconds(150);
    static final Duration PROBE = Duration.ofSeconds(60);

    private final Host host;
    private final Discovery found;
    private final EngineOptions settings;
    private final Path scratch;
    private final Duration deadline;
    private final LadderRunner.Listener listener;
    private final List<Evidence> evidence = new ArrayList<>();
    private long startedNanos;

    EngineStep(Host host, Discovery found, EngineOptions settings, Path scratch, Duration deadline, LadderRunner.Listener listener) {
        this.host = host;
        this.found = found;
        this.settings = settings;
        this.scratch = scratch;
        this.deadline = deadline;
        this.listener = listener;
    }

    /** @param before steps 1-6 as they ended */
    Done run(List<StepResult> before, GpuInfo gpu) {
        StepResult trt = before.stream().filter(s -> s.step() == Step.TENSORRT).findFirst().orElse(null);
        boolean reached = trt != null && trt.result().letsLadderContinue();
        if (!reached) {
            String why = "not run (a lower step failed)";
            if (settings.plan() != null) {
                // Without steps 6 and 1 behind it, only the file itself can be judged: no TensorRT or GPU to compare with.
                PlanFile.Inspected file = PlanFile.inspect(settings.plan());
                PlanCompatibility.Assessment a = assess(file, null, gpu);
                List<PlanCompatibility.Problem> fileOnly = a.problems().stream().filter(p -> p.kind()
                        == PlanCompatibility.Kind.NOT_A_PLAN || p.kind() == PlanCompatibility.Kind.TOO_SHORT).toList();
                EngineReport.PlanReport plan = planReport(file, new PlanCompatibility.Assessment(fileOnly, List.of(),
                        List.of()), "unknown", null, List.of());
                return new Done(StepResult.notRun(Step.TENSORRT_ENGINE, why + "; the plan's file was read: " + plan.verdict()),
                        new EngineReport("plan", List.of(), null, null, null, null, null, List.of(), plan));
            }
            return new Done(StepResult.notRun(Step.TENSORRT_ENGINE, why), null);
        }
        startedNanos = System.nanoTime();
        listener.started(Step.TENSORRT_ENGINE);
        LibraryUse lib = trt.libraries().isEmpty() ? null : trt.libraries().get(0);
        List<EngineRoutes.Considered> routes = EngineRoutes.consider(host, lib == null ? null : lib.path(),
                lib == null ? null : lib.version(), pythonsWithTensorrt(), bounded(PROBE),
                call -> listener.calling(Step.TENSORRT_ENGINE, call));
        Optional<EngineRoutes.Considered> chosen = EngineRoutes.chosen(routes);
        List<EngineReport.RouteConsidered> considered = routes.stream().map(r -> new EngineReport.RouteConsidered(r.name(),
                r.available(), chosen.isPresent() && chosen.get() == r, r.path(), r.why())).toList();
        routes.forEach(r -> evidence.add(Evidence.derived("route " + r.name() + ": " + r.why())));
        if (settings.plan() != null) {
            return checkPlan(trt, lib, gpu, considered, chosen.map(EngineRoutes.Considered::route).orElse(null));
        }
        if (chosen.isEmpty()) {
            String summary = (trt.result() == Outcome.NOT_INSTALLED ? "TensorRT is not installed (step 6)" : "TensorRT "
                    + (lib == null || lib.version() == null ? "" : lib.version() + " ") + "is installed but nothing here builds "
                    + "an engine") + ": " + String.join("; ", routes.stream().map(r -> r.name() + " " + r.why()).toList());
            return new Done(result(Outcome.NOT_INSTALLED, summary, List.of(), List.of(), null),
                    new EngineReport("build", considered, null, null, null, null, null, List.of(), null));
        }
        return build(trt, lib, gpu, considered, chosen.get().route());
    }

    // ------------------------------------------------------------------------------------------------ build

    private Done build(StepResult trt, LibraryUse lib, GpuInfo gpu, List<EngineReport.RouteConsidered> considered, Route route) {
        Path dir = settings.saveDir() != null ? settings.saveDir() : scratch.resolve("engines");
        SmallCnn net = SmallCnn.fixed();
        float[] x = SmallCnn.input();
        SmallCnn.Scales scales = net.calibrate(SmallCnn.calibration());
        Path floatModel = dir.resolve("smallcnn.onnx");
        Path int8Model = dir.resolve("smallcnn-int8.onnx");
        Path input = dir.resolve("input.bin");
        try {
            Files.createDirectories(dir);
            Files.write(floatModel, TestNetwork.floatModel(net));
            Files.write(int8Model, TestNetwork.quantizedModel(net, scales));
            Files.write(input, TestNetwork.inputFile(x));
        } catch (IOException | RuntimeException e) {
            return new Done(result(Outcome.FAILED, "cannot write the test network to " + dir + ": " + e.getMessage(),
                    List.of(), List.of(), new NativeError("write " + dir, null, null, e.toString())),
                    new EngineReport("build", considered, route.name(), route.tool(), null, dir.toString(),
                            settings.saveDir() != null, List.of(), null));
        }
        evidence.add(Evidence.derived("wrote the test network (" + TestNetwork.NAME + ": conv 3x3, ReLU, max pool, GEMM; "
                + "batch 4x3x16x16; INT8 scales calibrated on " + SmallCnn.calibration().size() + " batches) to " + dir));
        Reference fp32 = net.forward(x);
        Reference int8 = net.forwardQuantized(x, scales);
        List<EngineReport.PrecisionResult> results = new ArrayList<>();
        String version = lib == null ? null : lib.version();
        boolean timedOut = false;
        for (String p : PRECISIONS) {
            if (timedOut) {
                results.add(notRun(p, "not run: the step's deadline passed"));
                continue;
            }
            if (p.equals("int8") && !int8(gpu)) {
                results.add(notRun(p, "not run: compute capability " + gpu.computeCapability() + " has no INT8 in TensorRT's "
                        + "support matrix (6.1 and later, except 6.2)"));
                continue;
            }
            Duration left = left();
            if (left.toMillis() < 1000) {
                timedOut = true;
                results.add(new EngineReport.PrecisionResult(p, Outcome.TIMED_OUT, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, List.of(), new NativeError(route.name(), null, null,
                        "no time left of the step's deadline"), null));
                continue;
            }
            Path plan = dir.resolve("smallcnn-" + p + ".plan");
            listener.calling(Step.TENSORRT_ENGINE, route.name() + ": build " + p.toUpperCase(Locale.ROOT));
            Route.Build b = route.build(new Route.BuildRequest(p, p.equals("int8") ? int8Model : floatModel, plan,
                    settings.hardwareCompatibility(), settings.versionCompatible()), min(left, PER_COMMAND));
            evidence.add(Evidence.command(b.command(), b.elapsedMs()));
            version = b.tensorrtVersion() != null ? b.tensorrtVersion() : version;
            if (!b.ok()) {
                timedOut = b.timedOut();
                results.add(failed(p, b.timedOut(), "build", route, b.failure(), b.log(), List.of(b.command()), plan, null,
                        b.buildMs()));
                continue;
            }
            Path sidecar = Path.of(PlanSidecar.pathOf(plan.toString()));
            String sidecarProblem = writeSidecar(sidecar, plan, p, route, b, version, lib, gpu);
            listener.calling(Step.TENSORRT_ENGINE, route.name() + ": reload and run " + p.toUpperCase(Locale.ROOT));
            Route.Run r = route.run(new Route.RunRequest(plan, TestNetwork.INPUT, input, dir, p), min(left(), PER_COMMAND));
            evidence.add(Evidence.command(r.command(), r.elapsedMs()));
            version = r.tensorrtVersion() != null ? r.tensorrtVersion() : version;
            List<String> commands = List.of(b.command(), r.command());
            if (!r.ok()) {
                timedOut = r.timedOut();
                results.add(failed(p, r.timedOut(), "run", route, r.failure(), r.log(), commands, plan, sidecar, b.buildMs()));
                continue;
            }
            results.add(compared(p, r, p.equals("int8") ? int8 : fp32, p.equals("int8") ? fp32 : null, commands, plan,
                    sidecarProblem == null ? sidecar : null, b.buildMs(), sidecarProblem));
        }
        Outcome o = results.stream().anyMatch(r -> r.result() == Outcome.TIMED_OUT) ? Outcome.TIMED_OUT
                : results.stream().anyMatch(r -> r.result() == Outcome.FAILED) ? Outcome.FAILED : Outcome.PASSED;
        String summary = "TensorRT " + (version == null ? "" : version + " ") + "via " + route.name() + ": "
                + String.join("; ", results.stream().map(EngineStep::describe).toList());
        List<Check> checks = results.stream().map(r -> check(r, route)).toList();
        NativeError error = results.stream().map(EngineReport.PrecisionResult::error).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
        return new Done(result(o, summary, List.of(use(route, version)), checks, error),
                new EngineReport("build", considered, route.name(), route.tool(), version, dir.toString(),
                        settings.saveDir() != null, results, null));
    }

    private EngineReport.PrecisionResult compared(String p, Route.Run r, Reference ref, Reference fp32, List<String> commands,
                                                  Path plan, Path sidecar, Double buildMs, String sidecarProblem) {
        double tol = TOLERANCE.get(p);
        String note = join(r.memory() == null ? null : "device memory: " + r.memory(), sidecarProblem);
        if (r.output() == null || r.output().length != SmallCnn.OUTPUT_SIZE) {
            String why = r.output() == null ? r.problem() : "the engine gave " + r.output().length + " values; the network has "
                    + SmallCnn.OUTPUT_SIZE;
            return new EngineReport.PrecisionResult(p, Outcome.FAILED, plan.toString(), sidecar == null ? null
                    : sidecar.toString(), buildMs, r.latency(), r.gpuCompute(), r.throughputQps(), null, null, tol, null, null,
                    null, null, commands, new NativeError("read the " + p + " engine's output", null, null, why), note);
        }
        Errors e = ref.compare(r.output());
        double cos = Errors.cosine(r.output(), ref.value());
        Double vsFp32 = fp32 == null ? null : fp32.compare(r.output()).maxAbs();
        Double cosFp32 = fp32 == null ? null : Errors.cosine(r.output(), fp32.value());
        return new EngineReport.PrecisionResult(p, e.within(tol) ? Outcome.PASSED : Outcome.FAILED, plan.toString(),
                sidecar == null ? null : sidecar.toString(), buildMs, r.latency(), r.gpuCompute(), r.throughputQps(), e.maxAbs(),
                e.maxRel(), tol, Double.isNaN(cos) ? null : cos, e.nonFinite(), vsFp32,
                cosFp32 == null || Double.isNaN(cosFp32) ? null : cosFp32, commands, null, note);
    }

    private EngineReport.PrecisionResult failed(String p, boolean timedOut, String phase, Route route, TrtexecLog.Failure f,
                                                List<String> log, List<String> commands, Path plan, Path sidecar,
                                                Double buildMs) {
        String message = (f == null ? "failed" : f.message()) + (log.isEmpty() ? "" : "\n" + String.join("\n", log));
        return new EngineReport.PrecisionResult(p, timedOut ? Outcome.TIMED_OUT : Outcome.FAILED,
                phase.equals("run") ? plan.toString() : null, sidecar == null ? null : sidecar.toString(), buildMs, null, null,
                null, null, null, null, null, null, null, null, commands,
                new NativeError(route.name() + " " + phase + " " + p, null, f == null ? null : f.kind().name(), message), null);
    }

    private static EngineReport.PrecisionResult notRun(String p, String why) {
        return new EngineReport.PrecisionResult(p, Outcome.NOT_RUN, null, null, null, null, null, null, null, null, null, null,
                null, null, null, List.of(), null, why);
    }

    /** Writes PLAN.json; the problem in words where it could not be written (the plan itself stands). */
    private String writeSidecar(Path sidecar, Path plan, String precision, Route route, Route.Build b, String version,
                                LibraryUse lib, GpuInfo gpu) {
        try {
            long size = Files.size(plan);
            List<PlanSidecar.TensorInfo> in = b.inputs().isEmpty() ? List.of(new PlanSidecar.TensorInfo(TestNetwork.INPUT,
                    "FLOAT", TestNetwork.INPUT_SHAPE)) : b.inputs();
            List<PlanSidecar.TensorInfo> out = b.outputs().isEmpty() ? List.of(new PlanSidecar.TensorInfo(TestNetwork.OUTPUT,
                    "FLOAT", TestNetwork.OUTPUT_SHAPE)) : b.outputs();
            PlanSidecar s = new PlanSidecar(PlanSidecar.FORMAT, TestNetwork.NAME, precision, route.name(), route.tool(),
                    version, lib == null ? null : lib.path(), b.device() != null ? b.device() : gpu == null ? null : gpu.name(),
                    b.computeCapability() != null ? b.computeCapability() : gpu == null ? null : gpu.computeCapability(),
                    gpu == null ? null : gpu.driverCuda(), settings.hardwareCompatibility(), settings.versionCompatible(),
                    b.flags(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), b.buildMs(), in, out, size,
                    PlanFile.sha256(plan));
            Files.writeString(sidecar, Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s)
                    + "\n");
            return null;
        } catch (IOException e) {
            return "the sidecar " + sidecar + " could not be written: " + e.getMessage();
        }
    }

    // ------------------------------------------------------------------------------------------------ --engine

    private Done checkPlan(StepResult trt, LibraryUse lib, GpuInfo gpu, List<EngineReport.RouteConsidered> considered,
                           Route route) {
        long read = System.nanoTime();
        PlanFile.Inspected file = PlanFile.inspect(settings.plan());
        evidence.add(Evidence.file(settings.plan().toString(), (System.nanoTime() - read) / 1e6));
        if (file.problem() != null) {
            EngineReport.PlanReport plan = new EngineReport.PlanReport(settings.plan().toString(), null, null, null, null, null,
                    "unreadable", List.of(settings.plan() + ": " + file.problem()), List.of(), null);
            return new Done(result(Outcome.FAILED, "the plan " + settings.plan() + " cannot be read: " + file.problem(),
                    List.of(), List.of(), new NativeError("read " + settings.plan(), null, null, file.problem())),
                    new EngineReport("plan", considered, route == null ? null : route.name(), route == null ? null
                            : route.tool(), null, null, null, List.of(), plan));
        }
        String version = lib == null ? null : lib.version();
        PlanCompatibility.Assessment before = assess(file, version, gpu);
        boolean unreadable = before.problems().stream().anyMatch(p -> p.kind() == PlanCompatibility.Kind.NOT_A_PLAN
                || p.kind() == PlanCompatibility.Kind.TOO_SHORT);
        if (route == null || unreadable) {
            String verdict = unreadable ? "unreadable" : before.compatibleAsFarAsKnown() ? "unknown" : "will-not-load";
            EngineReport.PlanReport plan = planReport(file, before, verdict, null, List.of());
            Outcome o = before.compatibleAsFarAsKnown() ? Outcome.NOT_INSTALLED : Outcome.FAILED;
            String summary = unreadable ? settings.plan() + " is not a usable plan: " + before.problems().get(0).sentence()
                    : before.compatibleAsFarAsKnown() ? settings.plan() + ": nothing known prevents it from loading, but "
                    + "nothing here can load it (" + String.join("; ", considered.stream().map(r -> r.name() + " " + r.why())
                    .toList()) + ")"
                    : settings.plan() + " will not load here: " + before.problems().get(0).sentence();
            return new Done(result(o, summary, List.of(), List.of(), o == Outcome.FAILED ? new NativeError("plan "
                            + settings.plan(), null, before.problems().get(0).kind().name(), before.problems().get(0).sentence())
                            : null),
                    new EngineReport("plan", considered, route == null ? null : route.name(), route == null ? null
                            : route.tool(), null, null, null, List.of(), plan));
        }
        boolean ours = file.sidecar() != null && TestNetwork.NAME.equals(file.sidecar().network());
        Path input = null;
        Path dir = scratch.resolve("plan-check");
        try {
            Files.createDirectories(dir);
            if (ours) {
                input = dir.resolve("input.bin");
                Files.write(input, TestNetwork.inputFile(SmallCnn.input()));
            }
        } catch (IOException e) {
            input = null;
        }
        listener.calling(Step.TENSORRT_ENGINE, route.name() + ": load " + settings.plan());
        Route.Run r = route.run(new Route.RunRequest(settings.plan(), TestNetwork.INPUT, input, dir, "plan"),
                min(left(), PER_COMMAND));
        evidence.add(Evidence.command(r.command(), r.elapsedMs()));
        String hostVersion = r.tensorrtVersion() != null ? r.tensorrtVersion() : version;
        PlanCompatibility.Assessment after = assess(file, hostVersion, gpu);
        EngineReport.PrecisionResult run;
        String verdict;
        List<String> extra = new ArrayList<>();
        Outcome o;
        String summary;
        if (r.ok()) {
            verdict = "loads";
            String p = ours ? file.sidecar().precision() : null;
            if (ours && p != null && TOLERANCE.containsKey(p)) {
                SmallCnn net = SmallCnn.fixed();
                Reference fp32 = net.forward(SmallCnn.input());
                Reference ref = p.equals("int8") ? net.forwardQuantized(SmallCnn.input(), net.calibrate(SmallCnn.calibration()))
                        : fp32;
                run = compared(p, r, ref, p.equals("int8") ? fp32 : null, List.of(r.command()), settings.plan(), null,
                        null, null);
            } else {
                run = new EngineReport.PrecisionResult(p, Outcome.PASSED, settings.plan().toString(), null, null, r.latency(),
                        r.gpuCompute(), r.throughputQps(), null, null, null, null, null, null, null, List.of(r.command()), null,
                        join("run on " + route.name() + "'s own input (a network gpu-doctor does not know)",
                                r.memory() == null ? null : "device memory: " + r.memory()));
            }
            o = run.result();
            summary = settings.plan() + " loads and runs with TensorRT " + (hostVersion == null ? "" : hostVersion + " ")
                    + "via " + route.name() + (run.latency() == null || run.latency().median() == null ? ""
                    : ", median latency " + ms(run.latency().median()))
                    + (run.maxAbsError() == null ? "" : ", max abs error " + ValidationFindings.sci(run.maxAbsError()));
            if (!after.compatibleAsFarAsKnown()) {
                extra.add("it loaded although " + after.problems().get(0).sentence());
            }
        } else {
            TrtexecLog.Failure f = r.failure();
            // TensorRT's own verdict on the bytes: not a plan, or one cut short, whatever its header promised.
            verdict = f != null && (f.kind() == TrtexecLog.Kind.NOT_A_PLAN || f.kind() == TrtexecLog.Kind.TRUNCATED_PLAN)
                    ? "unreadable" : "does-not-load";
            if (f != null) {
                extra.add(route.name() + " says: " + f.message());
            }
            run = failed(ours ? file.sidecar().precision() : "plan", r.timedOut(), "run", route, f, r.log(),
                    List.of(r.command()), settings.plan(), null, null);
            o = r.timedOut() ? Outcome.TIMED_OUT : Outcome.FAILED;
            summary = settings.plan() + " does not load here: " + (f == null ? "the route failed" : why(f))
                    + (after.compatibleAsFarAsKnown() ? "" : "; " + after.problems().get(0).sentence());
        }
        EngineReport.PlanReport plan = planReport(file, after, verdict, run, extra);
        return new Done(result(o, summary, List.of(use(route, hostVersion)), List.of(check(run, route)), run.error()),
                new EngineReport("plan", considered, route.name(), route.tool(), hostVersion, dir.toString(), false,
                        List.of(), plan));
    }

    private static String why(TrtexecLog.Failure f) {
        return switch (f.kind()) {
            case VERSION_MISMATCH -> "it is of another TensorRT release (this one expects " + f.expected() + ", the plan has "
                    + f.found() + ")";
            case DEVICE_MISMATCH -> "it was built for another GPU (this one is " + f.expected() + ", the plan was built for "
                    + f.found() + ")";
            case NOT_A_PLAN -> "TensorRT does not recognise the file as a plan";
            case TRUNCATED_PLAN -> "the file is shorter than its header says (cut short)";
            default -> f.message();
        };
    }

    private PlanCompatibility.Assessment assess(PlanFile.Inspected file, String version, GpuInfo gpu) {
        if (file.problem() != null || file.header() == null) {
            return new PlanCompatibility.Assessment(List.of(new PlanCompatibility.Problem(PlanCompatibility.Kind.NOT_A_PLAN,
                    "The file cannot be read: " + file.problem())), List.of(), List.of());
        }
        return PlanCompatibility.assess(file.header(), file.sidecar(), new PlanCompatibility.Host(version,
                gpu == null ? null : gpu.name(), gpu == null ? null : gpu.computeCapability()));
    }

    private static EngineReport.PlanReport planReport(PlanFile.Inspected file, PlanCompatibility.Assessment a, String verdict,
                                                      EngineReport.PrecisionResult run, List<String> extra) {
        if (file.problem() != null) {
            return new EngineReport.PlanReport(file.path().toString(), null, null, null, null, null, "unreadable",
                    List.of(file.path() + ": " + file.problem()), List.of(), null);
        }
        boolean unreadable = a.problems().stream().anyMatch(p -> p.kind() == PlanCompatibility.Kind.NOT_A_PLAN
                || p.kind() == PlanCompatibility.Kind.TOO_SHORT);
        String v = unreadable && run == null ? "unreadable" : verdict.equals("unknown") && !a.compatibleAsFarAsKnown()
                ? "will-not-load" : verdict;
        List<String> reasons = new ArrayList<>(a.problems().stream().map(PlanCompatibility.Problem::sentence).toList());
        reasons.addAll(extra);
        List<String> matches = new ArrayList<>(a.matches());
        a.unknown().forEach(u -> matches.add("not known: " + u));
        return new EngineReport.PlanReport(file.path().toString(), file.size(), file.sha256(), file.header(), file.sidecar(),
                file.sidecarNote(), v, reasons, matches, run);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Interpreters of the Python environments the probes found with a tensorrt package (tensorrt, tensorrt-cu12, ...). */
    private List<String> pythonsWithTensorrt() {
        List<String> out = new ArrayList<>();
        PythonFacts py = found == null ? null : found.found().python();
        if (py == null) {
            return out;
        }
        for (PythonFacts.PythonEnv env : py.environments().orElse(List.of())) {
            if (env.packages().keySet().stream().noneMatch(k -> k.equals("tensorrt") || k.startsWith("tensorrt-cu")
                    || k.startsWith("tensorrt_cu"))) {
                continue;
            }
            for (String name : List.of("/bin/python3", "/bin/python")) {
                if (host.files().exists(env.prefix() + name)) {
                    out.add(env.prefix() + name);
                    break;
                }
            }
        }
        return out;
    }

    /** INT8 in TensorRT's hardware support matrix: compute capability 6.1 and later, except 6.2 (Jetson TX2). */
    static boolean int8(GpuInfo gpu) {
        if (gpu == null || gpu.computeCapability() == null) {
            return true;
        }
        String cc = gpu.computeCapability();
        Optional<dev.gpudoctor.fact.Version> v = dev.gpudoctor.fact.Version.parse(cc);
        return v.isEmpty() || (v.get().compareTo(dev.gpudoctor.fact.Version.of("6.1")) >= 0 && !cc.equals("6.2"));
    }

    private Duration left() {
        return deadline.minusNanos(System.nanoTime() - startedNanos);
    }

    private Duration bounded(Duration d) {
        Duration left = left();
        return left.compareTo(d) < 0 ? (left.isNegative() ? Duration.ofMillis(1) : left) : d;
    }

    private static Duration min(Duration a, Duration b) {
        Duration m = a.compareTo(b) < 0 ? a : b;
        return m.isNegative() || m.isZero() ? Duration.ofMillis(1) : m;
    }

    private StepResult result(Outcome o, String summary, List<LibraryUse> libraries, List<Check> checks, NativeError error) {
        double ms = startedNanos == 0 ? 0 : Math.round((System.nanoTime() - startedNanos) / 1e4) / 100.0;
        return StepResult.of(Step.TENSORRT_ENGINE, o, summary, ms, libraries, checks, error, evidence)
                .withDeadline(deadline.toMillis());
    }

    private static LibraryUse use(Route route, String version) {
        return new LibraryUse("tensorrt", route.tool(), "route " + route.name(), version, List.of());
    }

    private static Check check(EngineReport.PrecisionResult r, Route route) {
        String name = (r.precision() == null ? "plan" : r.precision().toUpperCase(Locale.ROOT)) + " engine (" + route.name() + ")";
        List<String> d = new ArrayList<>();
        if (r.buildMs() != null) {
            d.add("built in " + ms(r.buildMs()));
        }
        if (r.latency() != null && r.latency().median() != null) {
            d.add("median latency " + ms(r.latency().median()));
        }
        if (r.throughputQps() != null) {
            d.add(Math.round(r.throughputQps()) + " qps");
        }
        if (r.cosine() != null) {
            d.add(String.format(Locale.ROOT, "cosine %.6f", r.cosine()));
        }
        if (r.maxAbsErrorVsFp32() != null) {
            d.add("against the float network: max abs error " + ValidationFindings.sci(r.maxAbsErrorVsFp32())
                    + (r.cosineVsFp32() == null ? "" : String.format(Locale.ROOT, ", cosine %.6f", r.cosineVsFp32())));
        }
        if (r.note() != null) {
            d.add(r.note());
        }
        Outcome o = r.result() == Outcome.NOT_RUN ? Outcome.NOT_RUN : r.result();
        return new Check(name, o, r.plan(), d.isEmpty() ? null : String.join("; ", d), r.maxAbsError(), r.maxRelError(),
                r.tolerance(), null, r.nonFinite(), null, r.buildMs(), r.error());
    }

    static String describe(EngineReport.PrecisionResult r) {
        String p = r.precision().toUpperCase(Locale.ROOT);
        return switch (r.result()) {
            case PASSED -> p + " max abs error " + ValidationFindings.sci(r.maxAbsError())
                    + (r.maxAbsErrorVsFp32() == null ? "" : " (" + ValidationFindings.sci(r.maxAbsErrorVsFp32())
                    + " against the float network)")
                    + (r.latency() == null || r.latency().median() == null ? "" : ", median " + ms(r.latency().median()));
            case FAILED -> r.error() == null ? p + " WRONG: max relative error " + ValidationFindings.sci(r.maxRelError())
                    + " above " + ValidationFindings.sci(r.tolerance()) : p + " " + r.error().call().replaceFirst("^\\S+ ", "")
                    .replaceFirst(" \\S+$", "") + " failed: " + r.error().message().lines().findFirst().orElse("");
            case TIMED_OUT -> p + " did not finish in time";
            default -> p + " " + r.note();
        };
    }

    static String ms(double ms) {
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000)
                : ms >= 1 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.3f ms", ms);
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + "; " + b;
    }
}
