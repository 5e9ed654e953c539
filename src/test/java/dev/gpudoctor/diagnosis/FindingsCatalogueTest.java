package dev.gpudoctor.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.diagnosis.rules.Rules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/findings.md lists exactly the codes the rules (and validate's ladder, and the model commands) can raise, each once. */
class FindingsCatalogueTest {

    @Test
    void everyCodeIsCataloguedAndNothingElse() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("basedir", "."), "docs/findings.md"));
        List<String> listed = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z0-9.-]+)` \\|").matcher(doc);
        while (m.find()) {
            listed.add(m.group(1));
        }
        List<String> codes = new ArrayList<>(Rules.all(java.util.Optional.of(dev.gpudoctor.matrix.MatrixLoader.bundled())).stream().flatMap(r -> r.codes().stream()).toList());
        codes.add(Diagnoser.INCOMPLETE);
        codes.add(dev.gpudoctor.diagnosis.require.RequirementCheck.UNMET);
        codes.add(dev.gpudoctor.report.Baseline.DRIFT);
        codes.addAll(dev.gpudoctor.validate.ValidationFindings.CODES);
        codes.addAll(dev.gpudoctor.model.ModelFindings.CODES);
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(codes);
    }
}
