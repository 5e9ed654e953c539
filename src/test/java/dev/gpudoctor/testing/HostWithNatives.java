package dev.gpudoctor.testing;

import dev.gpudoctor.host.CommandRunner;
import dev.gpudoctor.host.Environment;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.host.NativeLibraries;

/**
 * A fake host's files, commands and environment with real native calls (fake driver libraries
 * loaded through JNA): LiveHost has no seam for its libraries. Live, so a recording host asks them.
 */
public record HostWithNatives(Host base, NativeLibraries natives, String description) implements Host {

    @Override
    public HostFiles files() {
        return base.files();
    }

    @Override
    public CommandRunner commands() {
        return base.commands();
    }

    @Override
    public Environment environment() {
        return base.environment();
    }

    @Override
    public boolean isLive() {
        return true;
    }
}
