package dev.gpudoctor.cli;

/** The --format of commands that print text or JSON only. */
final class OutputFormats {

    private OutputFormats() {
    }

    /** True for json, false for text; anything else is a usage error. */
    static boolean textOrJson(String format) {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UserError(ExitCode.USAGE, "--format must be text or json");
        }
        return format.equals("json");
    }
}
