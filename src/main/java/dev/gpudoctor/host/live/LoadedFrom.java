package dev.gpudoctor.host.live;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The file a library loaded by soname actually came from, asked of the dynamic linker with dladdr():
 * "which libnvidia-ml.so.1 did we get" is the question when a container mounts one driver's
 * libraries over another's. Null where it cannot be told.
 */
final class LoadedFrom {

    /** Dl_info from dlfcn.h; only the file name is read. */
    @Structure.FieldOrder({"dli_fname", "dli_fbase", "dli_sname", "dli_saddr"})
    public static final class DlInfo extends Structure {
        public String dli_fname;
        public Pointer dli_fbase;
        public String dli_sname;
        public Pointer dli_saddr;
    }

    interface Dl extends Library {
        int dladdr(Pointer address, DlInfo info);
    }

    private LoadedFrom() {
    }

    /** @param symbol a function the library exports */
    static String file(String library, String symbol) {
        try {
            return file(NativeLibrary.getInstance(library).getFunction(symbol));
        } catch (RuntimeException | LinkageError e) {
            // Only a detail for the report; the calls themselves decide the fact.
        }
        return null;
    }

    /** The file that holds this function, for a library already opened. */
    static String file(Pointer fn) {
        try {
            // glibc 2.34+ exports dladdr from libc; before, only libdl does.
            for (String libc : new String[] {"c", "dl"}) {
                try {
                    DlInfo info = new DlInfo();
                    return Native.load(libc, Dl.class).dladdr(fn, info) != 0 ? info.dli_fname : null;
                } catch (UnsatisfiedLinkError e) {
                    // try the next one
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // Only a detail for the report; the calls themselves decide the fact.
        }
        return null;
    }
}
