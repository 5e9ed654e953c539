package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * main() builds only the command a run names (picocli's model of all of them is a third of a
 * check's start-up); help, a mistyped name and options first still see every command.
 */
class CommandSelectionTest {

    private static CommandLine build(String first) {
        StringWriter none = new StringWriter();
        Runtime rt = new Runtime(Map.of("PATH", "/usr/bin:/bin"), new PrintWriter(none), new PrintWriter(none), false);
        return GpuDoctor.commandLine(rt, List.of(), first);
    }

    @Test
    void aNamedCommandIsTheOnlyOneBuilt() {
        assertThat(build("check").getSubcommands().keySet()).containsExactly("check");
        assertThat(build("matrix").getSubcommands().get("matrix").getSubcommands().keySet())
                .contains("validate", "lookup", "show");
    }

    @Test
    void withoutACommandNameEveryCommandIsThere() {
        List<String> all = GpuDoctor.COMMANDS.stream().map(GpuDoctor::nameOf).toList();
        assertThat(all).doesNotHaveDuplicates().contains("check", "diagnose", "validate", "matrix", "help");
        assertThat(build(null).getSubcommands().keySet()).containsExactlyElementsOf(all);
        assertThat(build("help").getSubcommands().keySet()).containsExactlyElementsOf(all);
        assertThat(build("-x").getSubcommands().keySet()).containsExactlyElementsOf(all);
    }

    @Test
    void aMistypedCommandStillGetsTheSuggestion() {
        Cli.Run r = Cli.run("chek");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("check");
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        Cli.Run r = Cli.run("--help");
        assertThat(r.exit()).isZero();
        for (Class<?> c : GpuDoctor.COMMANDS) {
            assertThat(r.out()).contains("  " + GpuDoctor.nameOf(c) + " ");
        }
    }

    /** A stack trace flag and the error handlers reach the command built alone. */
    @Test
    void theHandlersReachTheCommandBuiltAlone() {
        Cli.Run r = Cli.run("diagnose", "/nonexistent/report.json");
        assertThat(r.exit()).isEqualTo(ExitCode.COULD_NOT_RUN.code());
        assertThat(r.err()).startsWith("gpu-doctor: ").doesNotContain("\tat ");
    }
}
