import dev.gpudoctor.cli.GpuDoctor;
import dev.gpudoctor.cli.Runtime;
import java.io.File;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes what picocli generates from the command line itself, for the bundle: the bash completion
 * script (picocli.AutoComplete) and one AsciiDoc man page per command (picocli-codegen's
 * ManPageGenerator), which the asciidoctor plugin turns into troff.
 *
 * Run at build time with the java launcher's source-file mode, with the tool's classes and
 * picocli-codegen on the class path: java -cp ... ShellDocs.java OUTPUT_DIR. The command line is the
 * one main() builds (GpuDoctor.commandLine), so the commands' factory is the real one.
 */
public final class ShellDocs {

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ShellDocs OUTPUT_DIR");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Path adoc = out.resolve("adoc");
        Files.createDirectories(adoc);
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        CommandLine cl = GpuDoctor.commandLine(new Runtime(Map.of(), none, none, false));
        Files.writeString(out.resolve("gpu-doctor.bash"), AutoComplete.bash("gpu-doctor", cl), StandardCharsets.UTF_8);
        int rc = ManPageGenerator.generateManPage(adoc.toFile(), (File) null, new boolean[0], false, cl.getCommandSpec());
        if (rc != 0) {
            System.err.println("ShellDocs: man page generation failed (" + rc + ")");
            System.exit(1);
        }
    }
}
