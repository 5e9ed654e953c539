package dev.gpudoctor.fact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The constraints of known-bad.yaml's affects: the --require grammar and precision, without the key. */
class VersionConstraintTest {

    private static boolean holds(String constraint, String version) {
        return VersionConstraint.parse(constraint).orElseThrow().test(Version.of(version));
    }

    /** The constraints the real entries use, on the versions hosts report. */
    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            ==2.7           | 2.7.1      | true
            ==2.7           | 2.8.0      | false
            >=2.11          | 2.11.0     | true
            >=2.11          | 2.10.1     | false
            >=2.9           | 2.11.0     | true
            <7.5            | 7.0        | true
            <7.5            | 7.5        | false
            <7.0            | 6.1        | true
            ==7.0           | 7.0        | true
            ==7.0           | 7.2        | false
            <580            | 575.57.08  | true
            <580            | 580.82.07  | false
            <9.8            | 9.8.1      | false
            <9.8            | 9.7.99     | true
            >=0             | 0.8.3      | true
            >=0.4.30,<0.6.0 | 0.5.3      | true
            >=0.4.30,<0.6.0 | 0.6.0      | false
            = 2.16.1        | 2.16.1     | true
            !=2.16.1        | 2.16.2     | true
            >2.8            | 2.8.1      | false
            >2.8            | 2.9.0      | true
            <=2.3           | 2.3.1      | true
            """)
    void comparesAtThePrecisionWritten(String constraint, String version, boolean holds) {
        assertThat(holds(constraint, version)).isEqualTo(holds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "2.7", "<7.x", ">=2.9,", "=>2.9", ">=2.9;<3", "~=2.9", ">= cu128", "<7.5 (pip)"})
    void anythingElseIsNotAConstraint(String s) {
        assertThat(VersionConstraint.parse(s)).isEmpty();
    }

    @Test
    void writesBackTheNormalForm() {
        assertThat(VersionConstraint.parse(" >= 0.4.30 , < 0.6.0 ").orElseThrow()).hasToString(">=0.4.30,<0.6.0");
        assertThat(VersionConstraint.parse("=2.16.1").orElseThrow()).hasToString("==2.16.1");
    }
}
