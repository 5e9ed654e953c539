package dev.gpudoctor.cli;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The one place where the command line is wired: commands, writers, exit codes, error handling. */
@Command(name = "gpu-doctor", mixinStandardHelpOptions = true, versionProvider = GpuDoctor.Version.class,
        description = "A doctor for the NVIDIA deep-learning stack: driver, CUDA, cuDNN, TensorRT, frameworks.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no problem found",
            "1:problems found (or a check did not complete)",
            "2:could not run (unreadable bundle or matrix, unwritable output, ...)",
            "3:usage error"})
public final class GpuDoctor {

    @Option(names = "-x", scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces of internal errors (for bug reports).")
    boolean stackTraces;

    /**
     * The commands, in the order help lists them. Not in the annotation: picocli builds the model of
     * every annotated subcommand up front (reflection over each option, a third of a check's start-up
     * on a 2-core machine), so a run that names its command builds only that one.
     */
    static final List<Class<?>> COMMANDS = List.of(CheckCommand.class, DiagnoseCommand.class, DiffCommand.class,
            SummarizeCommand.class, BaselineCommand.class, CompatibleCommand.class, FixCommand.class, PlanCommand.class,
            InstallCommand.class, CaptureCommand.class, ValidateCommand.class, ModelCommand.class, MatrixCommand.class,
            CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        boolean terminal = isTerminal();
        // System.console() is non-null only when stdin and stdout are both a terminal: a person can answer.
        Runtime rt = new Runtime(System.getenv(), out, err, terminal,
                new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)), terminal);
        int code = commandLine(rt, List.of(), args.length > 0 ? args[0] : null).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The configured command line, for main and for tests. */
    public static CommandLine commandLine(Runtime rt) {
        return commandLine(rt, List.of());
    }

    /** As {@link #commandLine(Runtime)}, with commands built by the caller (tests give fix its own machine). */
    static CommandLine commandLine(Runtime rt, List<Object> prebuilt) {
        return commandLine(rt, prebuilt, null);
    }

    /**
     * The command line with only the command named {@code first} where it names one (other than help,
     * which lists them all); with every command otherwise, so that usage errors still suggest the
     * nearest name.
     */
    static CommandLine commandLine(Runtime rt, List<Object> prebuilt, String first) {
        boolean named = first != null && !first.equals("help") && COMMANDS.stream().anyMatch(c -> nameOf(c).equals(first));
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                for (Object o : prebuilt) {
                    if (cls.isInstance(o)) {
                        return cls.cast(o);
                    }
                }
                if (cls == CheckCommand.class) {
                    return cls.cast(new CheckCommand(rt));
                }
                if (cls == CaptureCommand.class) {
                    return cls.cast(new CaptureCommand(rt));
                }
                if (cls == SummarizeCommand.class) {
                    return cls.cast(new SummarizeCommand(rt));
                }
                if (cls == BaselineCommand.class) {
                    return cls.cast(new BaselineCommand(rt));
                }
                if (cls == DiffCommand.class) {
                    return cls.cast(new DiffCommand(rt));
                }
                if (cls == DiagnoseCommand.class) {
                    return cls.cast(new DiagnoseCommand(rt));
                }
                if (cls == CompatibleCommand.class) {
                    return cls.cast(new CompatibleCommand(rt));
                }
                if (cls == FixCommand.class) {
                    return cls.cast(new FixCommand(rt));
                }
                if (cls == PlanCommand.class) {
                    return cls.cast(new PlanCommand(rt));
                }
                if (cls == InstallCommand.class) {
                    return cls.cast(new InstallCommand(rt));
                }
                if (cls == ValidateCommand.class) {
                    return cls.cast(new ValidateCommand(rt));
                }

                if (cls == ModelCommand.class) {
                    return cls.cast(new ModelCommand(rt));
                }
                if (cls == MatrixCommand.class) {
                    return cls.cast(new MatrixCommand(rt));
                }
                return defaults.create(cls);
            }
        };
        CommandLine cl = new CommandLine(new GpuDoctor(), factory);
        // Subcommands before the writers and handlers: picocli hands those to the commands present.
        for (Class<?> c : COMMANDS) {
            if (!named || nameOf(c).equals(first)) {
                try {
                    cl.addSubcommand(factory.create(c));
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create the command " + c.getName(), e);
                }
            }
        }
        cl.setOut(rt.out());
        cl.setErr(rt.err());
        cl.setExitCodeExceptionMapper(e -> e instanceof UserError u ? u.exitCode().code() : ExitCode.COULD_NOT_RUN.code());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("gpu-doctor: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USAGE.code();
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            boolean trace = parseResult.hasMatchedOption("-x")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("-x"));
            if (ex instanceof UserError u) {
                c.getErr().println("gpu-doctor: " + u.getMessage());
                if (trace && u.getCause() != null) {
                    u.getCause().printStackTrace(c.getErr());
                }
                return u.exitCode().code();
            }
            c.getErr().println("gpu-doctor: internal error: " + ex
                    + (trace ? "" : " (run again with -x for the stack trace, and report it)"));
            if (trace) {
                ex.printStackTrace(c.getErr());
            }
            return ExitCode.COULD_NOT_RUN.code();
        });
        return cl;
    }

    static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    /** True when stdout is a terminal; Java 22+ needs Console.isTerminal() since console() is no longer null otherwise. */
    static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method m = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return BuildInfo.versionLines();
        }
    }

}
