/*
 * The libraries that validate loads from a copy's own directory before the copy itself:
 * libcublasLt.so.13 (which the fake libcublas is linked against), libnvrtc-builtins.so.13.0 and
 * cuDNN 9's sub-libraries (which the fake NVRTC and cuDNN open by name). Each exports one marker.
 */
int fake_cublaslt_present(void) { return 1; }
