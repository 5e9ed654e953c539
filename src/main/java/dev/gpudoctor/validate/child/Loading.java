package dev.gpudoctor.validate.child;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import dev.gpudoctor.host.live.NativeLoader;
import dev.gpudoctor.validate.NativeError;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a library copy by path for calls, its companions from the same directory first.
 *
 * A copy is validated with the libraries of its own directory, as the toolkit's instructions
 * (LD_LIBRARY_PATH=.../lib64) and the frameworks' loaders arrange: libcublas.so.13 needs
 * libcublasLt.so.13, NVRTC opens libnvrtc-builtins.so.13.0 by name when it compiles, and cuDNN 9's
 * libcudnn.so.9 opens libcudnn_graph/_ops/_cnn/_engines_* by name at run time. Searched by name,
 * those could come from another copy on the search path (another release: a version mismatch that
 * says nothing about this copy). A library already loaded under a soname is what a later dlopen of
 * that name returns, so loading the directory's own files first makes the copy run whole. PyTorch
 * preloads cuDNN's sub-libraries the same way. What was really mapped is read afterwards
 * ({@link Mapped}) and reported.
 */
final class Loading {

    /** dlfcn.h on Linux. */
    static final int RTLD_NOW = 2;
    static final int RTLD_GLOBAL = 0x100;
    static final int RTLD_LOCAL = 0;

    /** Companions stay loaded for the life of the process: a collected NativeLibrary would be dlclosed. */
    private static final List<NativeLibrary> KEPT = new ArrayList<>();

    /** A loaded API, or the loader's sentence; with the companions that loaded and those that did not. */
    record Opened<T>(T api, NativeError error, List<String> companions, List<String> companionErrors) {
    }

    private Loading() {
    }

    /** The soname major of a library file name (libcublas.so.13.1.0.3 and libcublas.so.13 give 13), or null. */
    static String sonameMajor(String path) {
        Matcher m = Pattern.compile("\\.so\\.(\\d+)").matcher(path.substring(path.lastIndexOf('/') + 1));
        return m.find() ? m.group(1) : null;
    }

    /** Files of the copy's directory whose names match, ordered by {@code order} (prefixes) then by name. */
    static List<String> companions(String path, Pattern name, List<String> order) {
        File dir = new File(path).getAbsoluteFile().getParentFile();
        String[] names = dir == null ? null : dir.list();
        if (names == null) {
            return List.of();
        }
        Comparator<String> byOrder = Comparator.comparingInt(n -> {
            for (int i = 0; i < order.size(); i++) {
                if (n.startsWith(order.get(i))) {
                    return i;
                }
            }
            return order.size();
        });
        return Arrays.stream(names).filter(n -> name.matcher(n).matches()).sorted(byOrder.thenComparing(n -> n))
                .map(n -> new File(dir, n).getPath()).toList();
    }

    /**
     * Loads the companions (a companion that needs another is tried again after the others), then the
     * copy itself with RTLD_NOW, so that a missing symbol is the loader's sentence here rather than a
     * crash at the first call.
     */
    static <T extends Library> Opened<T> open(String path, Class<T> api, List<String> companions, int companionFlags) {
        List<String> loaded = new ArrayList<>();
        List<String> left = new ArrayList<>(companions);
        List<String> errors = new ArrayList<>();
        boolean progress = true;
        while (!left.isEmpty() && progress) {
            progress = false;
            errors.clear();
            for (String c : List.copyOf(left)) {
                try {
                    KEPT.add(NativeLibrary.getInstance(c, Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW | companionFlags)));
                    loaded.add(c);
                    left.remove(c);
                    progress = true;
                } catch (UnsatisfiedLinkError e) {
                    errors.add(NativeLoader.loaderMessage(c, e.getMessage()));
                }
            }
        }
        try {
            T t = Native.load(path, api, Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW | companionFlags));
            return new Opened<>(t, null, loaded, List.copyOf(errors));
        } catch (UnsatisfiedLinkError e) {
            return new Opened<>(null, new NativeError("load " + path, null, null,
                    NativeLoader.loaderMessage(path, e.getMessage())), loaded, List.copyOf(errors));
        } catch (LinkageError e) {
            return new Opened<>(null, new NativeError("load " + path, null, null, "JNA is unavailable: " + e), loaded,
                    List.copyOf(errors));
        }
    }
}
