package dev.gpudoctor.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the dynamic section of an ELF file with a few bounded reads, never the whole file:
 * framework libraries such as libtorch_cuda.so are 450 MB. Every malformed or hostile header
 * becomes an {@link ElfFormatException} with a reason, never an index error.
 */
public final class ElfReader {

    /** Random access to the file's bytes; returns fewer bytes only at the end of the file. */
    @FunctionalInterface
    public interface Source {
        byte[] read(long offset, int length) throws IOException;
    }

    public static final class ElfFormatException extends Exception {
        public ElfFormatException(String message) {
            super(message);
        }
    }

    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_STRSZ = 10;
    private static final long DT_SONAME = 14;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;
    private static final int MAX_PROGRAM_HEADERS = 4096;
    private static final int MAX_DYNAMIC_BYTES = 1 << 20;
    private static final int MAX_STRTAB_BYTES = 16 << 20;

    private ElfReader() {
    }

    public static ElfDynamic read(Source src) throws IOException, ElfFormatException {
        byte[] ident = src.read(0, 64);
        if (ident.length < 52 || ident[0] != 0x7f || ident[1] != 'E' || ident[2] != 'L' || ident[3] != 'F') {
            throw new ElfFormatException("not an ELF file");
        }
        boolean is64 = switch (ident[4]) {
            case 1 -> false;
            case 2 -> true;
            default -> throw new ElfFormatException("unknown ELF class " + ident[4]);
        };
        ByteOrder order = switch (ident[5]) {
            case 1 -> ByteOrder.LITTLE_ENDIAN;
            case 2 -> ByteOrder.BIG_ENDIAN;
            default -> throw new ElfFormatException("unknown ELF byte order " + ident[5]);
        };
        if (is64 && ident.length < 64) {
            throw new ElfFormatException("truncated ELF header");
        }
        ByteBuffer h = ByteBuffer.wrap(ident).order(order);
        long phoff = is64 ? h.getLong(32) : Integer.toUnsignedLong(h.getInt(28));
        int phentsize = Short.toUnsignedInt(h.getShort(is64 ? 54 : 42));
        int phnum = Short.toUnsignedInt(h.getShort(is64 ? 56 : 44));
        int entrySize = is64 ? 56 : 32;
        if (phnum == 0) {
            throw new ElfFormatException("no program headers (not a linked object)");
        }
        // Exactly the size of one program header, as glibc's loader insists ("ELF file's phentsize not
        // the expected size"): any size up to 65535 let a 69 KB file make the reader ask for 256 MB.
        if (phnum > MAX_PROGRAM_HEADERS || phentsize != entrySize || phoff < 0) {
            throw new ElfFormatException("implausible program header table");
        }
        byte[] table = readExactly(src, phoff, Math.multiplyExact(phentsize, phnum), "program headers");
        ByteBuffer ph = ByteBuffer.wrap(table).order(order);
        List<long[]> loads = new ArrayList<>();
        long dynOffset = -1;
        long dynSize = 0;
        for (int i = 0; i < phnum; i++) {
            int base = i * phentsize;
            int type = ph.getInt(base);
            long offset = is64 ? ph.getLong(base + 8) : Integer.toUnsignedLong(ph.getInt(base + 4));
            long vaddr = is64 ? ph.getLong(base + 16) : Integer.toUnsignedLong(ph.getInt(base + 8));
            long filesz = is64 ? ph.getLong(base + 32) : Integer.toUnsignedLong(ph.getInt(base + 16));
            if (type == PT_LOAD) {
                loads.add(new long[] {vaddr, offset, filesz});
            } else if (type == PT_DYNAMIC) {
                dynOffset = offset;
                dynSize = filesz;
            }
        }
        if (dynOffset < 0) {
            return new ElfDynamic(List.of(), null, List.of(), List.of()); // statically linked
        }
        if (dynSize <= 0 || dynSize > MAX_DYNAMIC_BYTES) {
            throw new ElfFormatException("implausible dynamic section size " + dynSize);
        }
        byte[] dyn = readExactly(src, dynOffset, (int) dynSize, "dynamic section");
        ByteBuffer d = ByteBuffer.wrap(dyn).order(order);
        int entry = is64 ? 16 : 8;
        List<Long> needed = new ArrayList<>();
        Long soname = null;
        Long rpath = null;
        Long runpath = null;
        long strtab = -1;
        long strsz = -1;
        for (int at = 0; at + entry <= dyn.length; at += entry) {
            long tag = is64 ? d.getLong(at) : d.getInt(at);
            long val = is64 ? d.getLong(at + 8) : Integer.toUnsignedLong(d.getInt(at + 4));
            if (tag == DT_NULL) {
                break;
            } else if (tag == DT_NEEDED) {
                needed.add(val);
            } else if (tag == DT_SONAME) {
                soname = val;
            } else if (tag == DT_RPATH) {
                rpath = val;
            } else if (tag == DT_RUNPATH) {
                runpath = val;
            } else if (tag == DT_STRTAB) {
                strtab = val;
            } else if (tag == DT_STRSZ) {
                strsz = val;
            }
        }
        if (needed.isEmpty() && soname == null && rpath == null && runpath == null) {
            return new ElfDynamic(List.of(), null, List.of(), List.of());
        }
        if (strtab < 0 || strsz <= 0 || strsz > MAX_STRTAB_BYTES) {
            throw new ElfFormatException("dynamic string table missing or implausible");
        }
        long strOffset = fileOffset(loads, strtab);
        byte[] strings = readExactly(src, strOffset, (int) strsz, "dynamic string table");
        List<String> names = new ArrayList<>();
        for (long n : needed) {
            names.add(string(strings, n));
        }
        return new ElfDynamic(
                names,
                soname == null ? null : string(strings, soname),
                rpath == null ? List.of() : splitPath(string(strings, rpath)),
                runpath == null ? List.of() : splitPath(string(strings, runpath)));
    }

    private static long fileOffset(List<long[]> loads, long vaddr) throws ElfFormatException {
        for (long[] l : loads) {
            if (vaddr >= l[0] && vaddr < l[0] + l[2]) {
                return vaddr - l[0] + l[1];
            }
        }
        throw new ElfFormatException("string table address outside every loaded segment");
    }

    private static byte[] readExactly(Source src, long offset, int length, String what)
            throws IOException, ElfFormatException {
        if (offset < 0) {
            throw new ElfFormatException(what + " at a negative offset");
        }
        byte[] b = src.read(offset, length);
        if (b.length < length) {
            throw new ElfFormatException(what + " truncated (file too short)");
        }
        return b;
    }

    private static String string(byte[] table, long index) throws ElfFormatException {
        if (index < 0 || index >= table.length) {
            throw new ElfFormatException("string index " + index + " outside the string table");
        }
        int start = (int) index;
        int end = start;
        while (end < table.length && table[end] != 0) {
            end++;
        }
        return new String(table, start, end - start, StandardCharsets.UTF_8);
    }

    /** RPATH and RUNPATH are colon-separated; empty elements mean the current directory and are dropped. */
    static List<String> splitPath(String s) {
        return Arrays.stream(s.split(":")).filter(e -> !e.isEmpty()).toList();
    }
}
