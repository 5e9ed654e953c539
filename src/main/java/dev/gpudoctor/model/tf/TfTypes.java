package dev.gpudoctor.model.tf;

/**
 * TensorFlow's DataType numbers (tensorflow/core/framework/types.proto) by the names tf.dtypes
 * prints: DT_FLOAT 1 is float32, DT_HALF 19 is float16.
 */
public final class TfTypes {

    private static final String[] NAMES = {null, "float32", "float64", "int32", "uint8", "int16", "int8", "string",
        "complex64", "int64", "bool", "qint8", "quint8", "qint32", "bfloat16", "qint16", "quint16", "uint16",
        "complex128", "float16", "resource", "variant", "uint32", "uint64"};

    private TfTypes() {
    }

    /** The dtype's name, "DT_INVALID" for 0 and "DataType N" for a number past DT_UINT64 (23). */
    public static String name(Integer dtype) {
        if (dtype == null) {
            return null;
        }
        if (dtype == 0) {
            return "DT_INVALID";
        }
        // The _REF types (101-123) are their base type passed by reference.
        int base = dtype > 100 ? dtype - 100 : dtype;
        if (base > 0 && base < NAMES.length) {
            return NAMES[base] + (dtype > 100 ? "_ref" : "");
        }
        return "DataType " + dtype;
    }
}
