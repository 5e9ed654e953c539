package dev.gpudoctor.host.live;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.Map;

/**
 * Loads a library through JNA by soname (so LD_LIBRARY_PATH and ld.so.cache apply, as they do for
 * the programs the doctor speaks for) or by path. A failure is a value carrying the dynamic loader's
 * own sentence, not JNA's paragraph about its resource path.
 */
public final class NativeLoader {

    public record Loaded<T>(T library, String message) {
        public boolean ok() {
            return library != null;
        }
    }

    private NativeLoader() {
    }

    public static <T extends Library> Loaded<T> load(String name, Class<T> api) {
        try {
            return new Loaded<>(Native.load(name, api), null);
        } catch (UnsatisfiedLinkError e) {
            return new Loaded<>(null, loaderMessage(name, e.getMessage()));
        } catch (LinkageError e) {
            // JNA's own native part did not load (noexec temp directory, unsupported platform).
            return new Loaded<>(null, "JNA is unavailable: " + e);
        }
    }

    /**
     * Opens a library file for calls by symbol name. RTLD_NOW so that a copy built against another
     * copy's symbols fails here with the loader's "undefined symbol" sentence instead of crashing at
     * the first call; RTLD_LOCAL so that the copies asked one after another do not lend each other
     * their symbols.
     */
    static Loaded<NativeLibrary> open(String path) {
        try {
            return new Loaded<>(NativeLibrary.getInstance(path,
                    Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW | RTLD_LOCAL)), null);
        } catch (UnsatisfiedLinkError e) {
            return new Loaded<>(null, loaderMessage(path, e.getMessage()));
        } catch (LinkageError e) {
            return new Loaded<>(null, "JNA is unavailable: " + e);
        }
    }

    /** dlfcn.h on Linux. */
    private static final int RTLD_NOW = 2;
    private static final int RTLD_LOCAL = 0;

    /**
     * JNA says "Unable to load library 'x':" then the dlerror() lines of each attempt then where else
     * it looked; the first dlerror() line is what the user can act on.
     */
    public static String loaderMessage(String name, String jnaMessage) {
        if (jnaMessage == null) {
            return "cannot load " + name;
        }
        String[] lines = jnaMessage.split("\n");
        if (lines.length > 1 && lines[0].startsWith("Unable to load library") && !lines[1].isBlank()) {
            return lines[1].trim();
        }
        return jnaMessage.trim();
    }
}
