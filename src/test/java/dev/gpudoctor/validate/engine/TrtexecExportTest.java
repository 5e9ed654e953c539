package dev.gpudoctor.validate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The file of trtexec --exportOutput, as exportJSONOutput in NVIDIA/TensorRT
 * samples/common/sampleInference.cpp writes it (separators ", " at the start of the lines after the first).
 */
class TrtexecExportTest {

    /** Two outputs, the layout of exportJSONOutput byte for byte. */
    @Test
    void theExportFormat() {
        TrtexecExport.Read r = TrtexecExport.parse("""
                [
                  { "name" : "output"
                  , "dimensions" : "2x3"
                  , "values" : [ 0.5, -1.25, 3, 1e-07, -0, 7.5 ]
                  }
                , { "name" : "aux:0"
                  , "dimensions" : "1"
                  , "values" : [ 42 ]
                  }
                ]
                """);
        assertThat(r.problem()).isNull();
        assertThat(r.tensors()).hasSize(2);
        assertThat(r.tensor("output").dimensions()).containsExactly(2L, 3L);
        assertThat(r.tensor("output").values()).containsExactly(0.5f, -1.25f, 3f, 1e-7f, -0f, 7.5f);
        assertThat(r.tensor("aux:0").values()).containsExactly(42f);
    }

    /** C++ streams write a NaN as "nan" and an infinity as "inf": not JSON, but a result to count as not finite. */
    @Test
    void nanAndInfAsCPlusPlusWritesThem() {
        TrtexecExport.Read r = TrtexecExport.parse("[ { \"name\" : \"output\"\n  , \"dimensions\" : \"3\"\n  , \"values\" : [ nan, -inf, -nan ]\n  }\n]");
        assertThat(r.tensor("output").values()[0]).isNaN();
        assertThat(r.tensor("output").values()[1]).isEqualTo(Float.NEGATIVE_INFINITY);
    }

    /** A file that is empty, not the format, cut short, or whose count does not match its dimensions says why. */
    @Test
    void aBrokenFileSaysWhy() {
        assertThat(TrtexecExport.parse("").problem()).isEqualTo("the output file is empty");
        assertThat(TrtexecExport.parse("{\"outputs\": []}").problem()).startsWith("no output tensor in the file");
        assertThat(TrtexecExport.parse("[ { \"name\" : \"output\" , \"dimensions\" : \"4x10\" , \"values\" : [ 1, 2 ] } ]").problem())
                .isEqualTo("tensor output has dimensions 4x10 (40 values) but 2 values");
        assertThat(TrtexecExport.parse("[ { \"name\" : \"output\" , \"dimensions\" : \"2\" , \"values\" : [ 1, oops ] } ]").problem())
                .isEqualTo("value 1 of tensor output is not a number: oops");
        assertThat(TrtexecExport.parse("[ { \"name\" : \"output\" , \"dimensions\" : \"2\" , \"values\" : [ 1, 2").tensors()).isNull();
        assertThat(TrtexecExport.parse("[ { \"name\" : \"output\" , \"dimensions\" : \"ax2\" , \"values\" : [ 1, 2 ] } ]").problem())
                .contains("not NxMx");
    }
}
