package dev.gpudoctor.validate;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A native call that failed, in the library's own words.
 *
 * @param call    the function ("cuModuleLoadDataEx") or "load" for the dynamic loader
 * @param code    the status it returned (CUresult, nvrtcResult, cublasStatus_t, cudnnStatus_t)
 * @param name    the library's name for it ("CUDA_ERROR_UNSUPPORTED_PTX_VERSION"), asked of the library
 * @param message the loader's sentence, or the compiler's or JIT's log
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NativeError(String call, Integer code, String name, String message) {

    /** "cuModuleLoadDataEx returned CUDA_ERROR_UNSUPPORTED_PTX_VERSION (222): <first line of the log>". */
    public String describe() {
        String status = name != null && code != null ? name + " (" + code + ")"
                : name != null ? name : code != null ? String.valueOf(code) : null;
        String s = status == null ? call : call + " returned " + status;
        return message == null || message.isBlank() ? s : s + ": " + firstLine(message);
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }
}
