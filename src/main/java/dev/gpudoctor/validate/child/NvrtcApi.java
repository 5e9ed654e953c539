package dev.gpudoctor.validate.child;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/** The NVRTC calls of step 3 (libnvrtc.so.N), each returning an nvrtcResult. */
public interface NvrtcApi extends Library {

    int nvrtcVersion(IntByReference major, IntByReference minor);

    int nvrtcCreateProgram(PointerByReference program, String source, String name, int numHeaders, Pointer headers,
                           Pointer includeNames);

    int nvrtcCompileProgram(Pointer program, int numOptions, String[] options);

    int nvrtcGetPTXSize(Pointer program, LongByReference size);

    int nvrtcGetPTX(Pointer program, Pointer ptx);

    int nvrtcGetProgramLogSize(Pointer program, LongByReference size);

    int nvrtcGetProgramLog(Pointer program, Pointer log);

    int nvrtcDestroyProgram(PointerByReference program);

    String nvrtcGetErrorString(int result);
}
