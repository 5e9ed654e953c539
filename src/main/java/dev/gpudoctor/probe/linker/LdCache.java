package dev.gpudoctor.probe.linker;

import dev.gpudoctor.fact.Fact;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dynamic linker's cache (/etc/ld.so.cache), read from the file itself so that a mounted
 * image or a bundle is read like the live system, or from {@code ldconfig -p} output where only
 * that was kept.
 */
public final class LdCache {

    /** One cache entry: a soname, the file it maps to, and the ABI tag ("libc6,x86-64"). */
    public record Entry(String soname, String path, String abi) {
    }

    private static final String NEW_MAGIC = "glibc-ld.so.cache";
    private static final String OLD_MAGIC = "ld.so-1.7.0";
    private static final int NEW_HEADER = 48;
    private static final int NEW_ENTRY = 24;
    private static final int OLD_ENTRY = 12;
    private static final int MAX_ENTRIES = 1_000_000;
    private static final Pattern LDCONFIG_LINE = Pattern.compile("^\\s+(\\S+)\\s+\\(([^)]*)\\)(?:\\s+OS ABI: [^=]*)?\\s+=>\\s+(\\S.*)$");

    private LdCache() {
    }

    /** Parses the binary cache (the glibc 2.32+ format, alone or after the old one). */
    public static Fact<List<Entry>> parse(byte[] data) {
        int start;
        if (startsWith(data, 0, NEW_MAGIC)) {
            start = 0;
        } else if (startsWith(data, 0, OLD_MAGIC)) {
            if (data.length < 16) {
                return Fact.failed("truncated ld.so.cache (old header)");
            }
            long oldCount = Integer.toUnsignedLong(ByteBuffer.wrap(data, 12, 4).order(ByteOrder.nativeOrder()).getInt());
            if (oldCount > MAX_ENTRIES) {
                return Fact.failed("implausible entry count in ld.so.cache");
            }
            long off = 16 + oldCount * OLD_ENTRY;
            start = (int) Math.min(Integer.MAX_VALUE, (off + 7) & ~7L);
            if (!startsWith(data, start, NEW_MAGIC)) {
                return Fact.failed("ld.so.cache in the old format only (glibc before 2.32 wrote both)");
            }
        } else {
            return Fact.failed("not an ld.so.cache file");
        }
        if (data.length < start + NEW_HEADER) {
            return Fact.failed("truncated ld.so.cache header");
        }
        if (!new String(data, start + 17, 3, StandardCharsets.US_ASCII).equals("1.1")) {
            return Fact.failed("unknown ld.so.cache version");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        // glibc's flags: low two bits 2 = little endian, 3 = big endian, 0 = unset (the host's order).
        if ((data[start + 28] & 3) == 3) {
            b.order(ByteOrder.BIG_ENDIAN);
        }
        long count = Integer.toUnsignedLong(b.getInt(start + 20));
        if (count > MAX_ENTRIES || start + NEW_HEADER + count * NEW_ENTRY > data.length) {
            return Fact.failed("ld.so.cache entry table runs past the end of the file");
        }
        List<Entry> out = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            int at = start + NEW_HEADER + i * NEW_ENTRY;
            int flags = b.getInt(at);
            long key = Integer.toUnsignedLong(b.getInt(at + 4));
            long value = Integer.toUnsignedLong(b.getInt(at + 8));
            String soname = string(data, start + key);
            String path = string(data, start + value);
            if (soname == null || path == null) {
                return Fact.failed("ld.so.cache entry " + i + " points outside the file");
            }
            out.add(new Entry(soname, path, abi(flags)));
        }
        return Fact.found(List.copyOf(out));
    }

    /** Parses {@code ldconfig -p} output: "\tlibcuda.so.1 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcuda.so.1". */
    public static Fact<List<Entry>> parseLdconfigOutput(String text) {
        List<Entry> out = new ArrayList<>();
        int unparsed = 0;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.contains(" libs found in cache ")) {
                continue;
            }
            Matcher m = LDCONFIG_LINE.matcher(line);
            if (m.matches()) {
                out.add(new Entry(m.group(1), m.group(3).strip(), m.group(2)));
            } else {
                unparsed++;
            }
        }
        if (out.isEmpty()) {
            return Fact.failed("no cache entry in the ldconfig -p output" + (unparsed > 0 ? " (" + unparsed + " unreadable lines)" : ""));
        }
        return Fact.found(List.copyOf(out));
    }

    private static String abi(int flags) {
        String type = (flags & 0xff) == 3 ? "libc6" : (flags & 0xff) == 1 ? "ELF" : "type " + (flags & 0xff);
        String arch = switch ((flags >> 8) & 0xf) {
            case 0 -> "";
            case 3 -> ",x86-64";
            case 0xa -> ",AArch64";
            case 8 -> ",x32";
            default -> ",arch " + ((flags >> 8) & 0xf);
        };
        return type + arch;
    }

    private static boolean startsWith(byte[] data, int at, String magic) {
        if (at < 0 || data.length < at + magic.length()) {
            return false;
        }
        return new String(data, at, magic.length(), StandardCharsets.US_ASCII).equals(magic);
    }

    private static String string(byte[] data, long offset) {
        if (offset < 0 || offset >= data.length) {
            return null;
        }
        int end = (int) offset;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        if (end == data.length) {
            return null;
        }
        return new String(data, (int) offset, end - (int) offset, StandardCharsets.UTF_8);
    }
}
