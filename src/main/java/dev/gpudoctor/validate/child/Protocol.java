package dev.gpudoctor.validate.child;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.validate.ChildLine;
import dev.gpudoctor.validate.Step;
import dev.gpudoctor.validate.StepResult;
import java.io.PrintStream;

/** Writes the child's protocol lines on stdout, one JSON object a line, flushed at once. */
final class Protocol {

    private static final ObjectWriter ONE_LINE = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);

    private final PrintStream out;

    Protocol(PrintStream out) {
        this.out = out;
    }

    /**
     * Jackson's first use costs a few hundred milliseconds; it is paid on another thread while step 1
     * runs, so that the steps' times are the GPU's, not the serializer's.
     */
    static void warmUp() {
        Thread t = new Thread(() -> {
            try {
                ONE_LINE.writeValueAsString(ChildLine.result(StepResult.notRun(Step.TENSORRT, "warm-up")));
            } catch (JsonProcessingException e) {
                // Only a warm-up: the real write reports its own failure.
            }
        }, "gpu-doctor-validate-json");
        t.setDaemon(true);
        t.start();
    }

    /** A step started or is about to call: small lines written directly, without Jackson. */
    synchronized void start(Step step) {
        line("{\"event\":\"start\",\"step\":" + step.number() + "}");
    }

    synchronized void call(Step step, String call) {
        line("{\"event\":\"call\",\"step\":" + step.number() + ",\"call\":" + quote(call) + "}");
    }

    synchronized void send(ChildLine line) {
        String json;
        try {
            json = ONE_LINE.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            // Our own records always serialize; a failure here is a bug, reported as the step's end.
            json = "{\"event\":\"error\",\"call\":" + quote(e.getOriginalMessage()) + "}";
        }
        line(json);
    }

    private void line(String json) {
        // A library may have printed without a newline: start ours on a line of its own.
        out.print("\n" + ChildLine.MARK + json + "\n");
        out.flush();
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
