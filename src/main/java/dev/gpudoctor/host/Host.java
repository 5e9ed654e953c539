package dev.gpudoctor.host;

/** Everything a probe may read of a host; nothing else is read. */
public interface Host {

    HostFiles files();

    CommandRunner commands();

    Environment environment();

    NativeLibraries natives();

    /** What is being examined, for the report ("this machine", "root /mnt/img", "bundle x.tar.gz"). */
    String description();

    /** True when this is the running machine itself (commands run, native calls possible). */
    boolean isLive();
}
