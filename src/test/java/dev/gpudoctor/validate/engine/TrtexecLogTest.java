package dev.gpudoctor.validate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * trtexec's log as real runs printed it. Each sample is a few lines of a log pasted into a public
 * issue (named on each test), or, where no issue holds the line, the format string of trtexec's own
 * source (NVIDIA/TensorRT samples/common).
 */
class TrtexecLogTest {

    /** NVIDIA/TensorRT#4177 (TensorRT 10, 2024): the performance summary with percentiles 90, 95 and 99. */
    @Test
    void theTensorrt10PerformanceSummary() {
        TrtexecLog l = TrtexecLog.parse("""
                [10/03/2024-10:47:59] [I] === Performance summary ===
                [10/03/2024-10:47:59] [I] Throughput: 130.298 qps
                [10/03/2024-10:47:59] [I] Latency: min = 5.38672 ms, max = 13.3664 ms, mean = 7.60628 ms, median = 7.16092 ms, percentile(90%) = 10.2996 ms, percentile(95%) = 10.8698 ms, percentile(99%) = 12.9675 ms
                [10/03/2024-10:47:59] [I] Enqueue Time: min = 2.72876 ms, max = 15.0201 ms, mean = 7.63062 ms, median = 7.86694 ms, percentile(90%) = 10.1792 ms, percentile(95%) = 11.7217 ms, percentile(99%) = 14.1848 ms
                [10/03/2024-10:47:59] [I] H2D Latency: min = 0.0065918 ms, max = 0.0698242 ms, mean = 0.0122212 ms, median = 0.00814819 ms, percentile(90%) = 0.0253906 ms, percentile(95%) = 0.0270996 ms, percentile(99%) = 0.0515137 ms
                [10/03/2024-10:47:59] [I] GPU Compute Time: min = 5.34595 ms, max = 13.3388 ms, mean = 7.58404 ms, median = 7.14139 ms, percentile(90%) = 10.2881 ms, percentile(95%) = 10.8175 ms, percentile(99%) = 12.9485 ms
                [10/03/2024-10:47:59] [I] D2H Latency: min = 0.00390625 ms, max = 0.110596 ms, mean = 0.0100141 ms, median = 0.00439453 ms, percentile(90%) = 0.0254517 ms, percentile(95%) = 0.0319824 ms, percentile(99%) = 0.0994873 ms
                [10/03/2024-10:47:59] [I] Total Host Walltime: 3.00082 s
                """);
        assertThat(l.throughputQps()).isEqualTo(130.298);
        // "Latency:" is the line of its own, not H2D or D2H Latency.
        assertThat(l.latency()).isEqualTo(new TrtexecLog.Timing(5.38672, 13.3664, 7.60628, 7.16092,
                Map.of("90", 10.2996, "95", 10.8698, "99", 12.9675)));
        assertThat(l.gpuCompute().median()).isEqualTo(7.14139);
        assertThat(l.passed()).isNull();
        assertThat(l.errors()).isEmpty();
        assertThat(l.failure()).isNull();
    }

    /** OE4T/meta-tegra#952 (TensorRT 8.4 on a Jetson Xavier AGX): percentile 99 only, and the PASSED marker. */
    @Test
    void aTensorrt8SummaryAndThePassedMarker() {
        TrtexecLog l = TrtexecLog.parse("""
                [03/11/2022-14:57:03] [I] Throughput: 41087.7 qps
                [03/11/2022-14:57:03] [I] Latency: min = 0.387207 ms, max = 0.447357 ms, mean = 0.402238 ms, median = 0.401947 ms, percentile(99%) = 0.420288 ms
                [03/11/2022-14:57:03] [I] Explanations of the performance metrics are printed in the verbose logs.
                [03/11/2022-14:57:03] [I]\s
                &&&& PASSED TensorRT.trtexec [TensorRT v8400] # trtexec --loadEngine=mnist16.trt --batch=16
                === PASS:  trtexec ===
                """);
        assertThat(l.passed()).isTrue();
        assertThat(l.tensorrtVersion()).isEqualTo("8.4.0");
        assertThat(l.latency().percentiles()).containsExactly(Map.entry("99", 0.420288));
        assertThat(l.throughputQps()).isEqualTo(41087.7);
    }

    /**
     * NVIDIA/TensorRT#4658 (TensorRT 10.8 on Windows, a build tag after the version) and #3760 (10.0: the
     * device block). The marker's v100800 is 10.8.0; the 10.x encoding is major*10000 + minor*100 + patch.
     */
    @Test
    void theRunningMarkerAndTheDeviceBlock() {
        TrtexecLog l = TrtexecLog.parse("""
                &&&& RUNNING TensorRT.trtexec [TensorRT v100800] [b43] # C:\\Program Files\\NVIDIA GPU Computing Toolkit\\TensorRT\\TensorRT-10.8.0.43\\bin\\trtexec.exe --onnx=DPUNet_second_argmax_12_quan.onnx --saveEngine=fp32.engine
                [12/04/2025-16:45:32] [I] TF32 is enabled by default. Add --noTF32 flag to further improve accuracy with some performance cost.
                """);
        assertThat(l.tensorrtVersion()).isEqualTo("10.8.0");
        assertThat(l.passed()).isNull();
        TrtexecLog d = TrtexecLog.parse("""
                [04/01/2024-17:14:52] [I] Selected Device UUID: GPU-1571ea6f-72e0-2c07-bc4a-2334bc79a3eb
                [04/01/2024-17:14:52] [I] Compute Capability: 8.6
                [04/01/2024-17:14:52] [I] SMs: 28
                [04/01/2024-17:14:52] [I] TensorRT version: 10.0.0
                """);
        assertThat(d.computeCapability()).isEqualTo("8.6");
        assertThat(d.tensorrtVersion()).isEqualTo("10.0.0");
        // "Selected Device UUID:" is not the device's name.
        assertThat(d.device()).isNull();
        assertThat(TrtexecLog.parse("[01/01/1970-03:47:30] [I] Selected Device: Orin").device()).isEqualTo("Orin");
    }

    /** sampleEngines.cpp: {@code "Engine built in " << buildTime << " sec."} (as in issue logs: "Engine built in 184.708 sec."). */
    @Test
    void theBuildTime() {
        assertThat(TrtexecLog.parse("[07/14/2023-11:55:14] [I] Engine built in 184.708 sec.").buildSeconds()).isEqualTo(184.708);
    }

    /**
     * AUTOMATIC1111/stable-diffusion-webui-tensorrt#54 (TensorRT 8.6.1.6): the ONNX parser refuses a node; the
     * reason is the parser's ERROR line, not the generic "Engine set up failed" that follows.
     */
    @Test
    void anOnnxParserFailure() {
        TrtexecLog l = TrtexecLog.parse("""
                [07/18/2023-14:17:05] [E] [TRT] ModelImporter.cpp:729: --- End node ---
                [07/18/2023-14:17:05] [E] [TRT] ModelImporter.cpp:732: ERROR: builtin_op_importers.cpp:5428 In function importFallbackPluginImporter:
                [8] Assertion failed: creator && "Plugin not found, are the plugin name, version, and namespace correct?"
                [07/18/2023-14:17:05] [E] Failed to parse onnx file
                [07/18/2023-14:17:05] [I] Finished parsing network model. Parse time: 1.98327
                [07/18/2023-14:17:05] [E] Parsing model failed
                [07/18/2023-14:17:05] [E] Failed to create engine from model or file.
                [07/18/2023-14:17:05] [E] Engine set up failed
                &&&& FAILED TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=model.onnx --saveEngine=model.trt
                """);
        assertThat(l.passed()).isFalse();
        assertThat(l.tensorrtVersion()).isEqualTo("8.6.1");
        assertThat(l.failure().kind()).isEqualTo(TrtexecLog.Kind.ONNX_PARSE);
        assertThat(l.failure().message()).startsWith("ModelImporter.cpp:732: ERROR: builtin_op_importers.cpp:5428");
        assertThat(l.errors()).contains("Failed to parse onnx file", "Engine set up failed");
    }

    /**
     * A plan of another TensorRT release: yuvraj108c/ComfyUI-Upscaler-Tensorrt#34 (TensorRT 10: serialization
     * versions) and SthPhoenix/InsightFace-REST#84 (TensorRT 8.2: library versions).
     */
    @Test
    void aPlanOfAnotherTensorrtRelease() {
        TrtexecLog ten = TrtexecLog.parse("[E] 1: [stdArchiveReader.cpp::stdArchiveReaderInitCommon::47] Error Code 1: Serialization "
                + "(Serialization assertion stdVersionRead == kSERIALIZATION_VERSION failed.Version tag does not match. Note: "
                + "Current Version: 228, Serialized Engine Version: 239)");
        assertThat(ten.failure()).isEqualTo(new TrtexecLog.Failure(TrtexecLog.Kind.VERSION_MISMATCH, ten.errors().get(0),
                "serialization version 228", "serialization version 239"));
        TrtexecLog eight = TrtexecLog.parse("""
                [05/02/2022-15:17:45] [TRT] [E] 6: The engine plan file is not compatible with this version of TensorRT, expecting library version 8.2.3 got 8.2.1, please rebuild.
                [05/02/2022-15:17:45] [TRT] [E] 4: [runtime.cpp::deserializeCudaEngine::50] Error Code 4: Internal Error (Engine deserialization failed.)
                """);
        assertThat(eight.failure().kind()).isEqualTo(TrtexecLog.Kind.VERSION_MISMATCH);
        assertThat(eight.failure().expected()).isEqualTo("8.2.3");
        assertThat(eight.failure().found()).isEqualTo("8.2.1");
    }

    /** QwenAudio/CosyVoice#1600 (2025): a plan built on compute 8.9 loaded on a 9.0 GPU. */
    @Test
    void aPlanOfAnotherGpu() {
        TrtexecLog l = TrtexecLog.parse("""
                [10/10/2025-17:37:58] [TRT] [I] Loaded engine size: 161 MiB
                [10/10/2025-17:37:58] [TRT] [E] 6: The engine plan file is generated on an incompatible device, expecting compute 9.0 got compute 8.9, please rebuild.
                [10/10/2025-17:37:58] [TRT] [E] 2: [engine.cpp::deserializeEngine::1312] Error Code 2: Internal Error (Assertion engine->deserialize(start, size, allocator, runtime) failed. )
                """);
        assertThat(l.failure().kind()).isEqualTo(TrtexecLog.Kind.DEVICE_MISMATCH);
        assertThat(l.failure().expected()).isEqualTo("compute 9.0");
        assertThat(l.failure().found()).isEqualTo("compute 8.9");
    }

    /**
     * Xiao-Hu-Z/pointpillars_int8#2 (not a plan: the magic tag) and NVIDIA/TensorRT#3848 (a broken file: the
     * header's size).
     */
    @Test
    void notAPlanAndATruncatedPlan() {
        assertThat(TrtexecLog.parse("[04/07/2025-23:59:46] [E] Error[1]: [stdArchiveReader.cpp::StdArchiveReader::30] "
                + "Error Code 1: Serialization (Serialization assertion magicTagRead == kMAGIC_TAG failed.Magic tag does not match)")
                .failure().kind()).isEqualTo(TrtexecLog.Kind.NOT_A_PLAN);
        assertThat(TrtexecLog.parse("[E] Error Code 1: Serialization (Serialization assertion sizeRead == static_cast<uint64_t>"
                + "(mEnd - mCurrent) failed.Size specified in header does not match archive size)").failure().kind())
                .isEqualTo(TrtexecLog.Kind.TRUNCATED_PLAN);
    }

    /** trtexec --getPlanVersionOnly (sampleEngines.cpp printPlanVersion), TensorRT 10: the version in the plan's header. */
    @Test
    void thePlanVersionOnly() {
        assertThat(TrtexecLog.parse("[11/20/2025-10:00:00] [I] Plan was created with TensorRT version 10.3.0.26\n"
                + "&&&& PASSED TensorRT.trtexec [TensorRT v100300] # trtexec --getPlanVersionOnly --loadEngine=a.plan").planVersion())
                .isEqualTo("10.3.0.26");
    }

    /** Garbage, an empty log and a summary with "inf" (no samples) give nulls, not exceptions. */
    @Test
    void oddOutputGivesNullsNotExceptions() {
        TrtexecLog l = TrtexecLog.parse("\u0000\u0001 binary junk\n[I] Latency: min = inf ms, max = nan ms, mean = x ms, median = 1 ms\n"
                + "&&&& PASSED TensorRT.trtexec [TensorRT v99999999999999]");
        assertThat(l.latency().min()).isNull();
        assertThat(l.latency().median()).isEqualTo(1.0);
        assertThat(l.tensorrtVersion()).isNull();
        assertThat(l.passed()).isTrue();
        assertThat(TrtexecLog.parse(null).errors()).isEmpty();
        assertThat(TrtexecLog.parse("").passed()).isNull();
    }
}
