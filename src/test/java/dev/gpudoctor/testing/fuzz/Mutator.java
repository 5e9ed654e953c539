package dev.gpudoctor.testing.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Hostile variants of real samples: truncated, bits flipped, bytes inserted and deleted, lines
 * duplicated, numbers made huge, deep nesting, NULs, invalid UTF-8, very long lines, pieces of
 * another sample spliced in; and now and then input that owes nothing to a sample. Several
 * mutations stack, so that an input can be both truncated and full of NULs.
 */
public final class Mutator implements Fuzz.Generator {

    /** No input grows past this: the host's own bound for a text file is 32 MiB, the time bound matters more. */
    static final int MAX_BYTES = 512 * 1024;

    /** Numbers where parsers overflow, wrap or choke. */
    private static final List<String> NUMBERS = List.of("99999999999999999999999999999999", "18446744073709551616",
            "9223372036854775808", "9223372036854775807", "2147483648", "4294967296", "-1", "-2147483649", "0",
            "000000000000000000000000000001", "1e400", "-0", "NaN", "Infinity", "0x7fffffff", "0xffffffffffffffff",
            "1.7976931348623157e309", "3.4e38", "08", "1_000", "0o17", "0b101");

    /** Syntax of the formats read (key: value, KEY=value, XML, JSON, YAML, C, Python), and of shells and terminals. */
    private static final List<String> TOKENS = List.of(":", "=", ": ", " = ", "\n", "\r\n", "\r", "\t", " ", "#", "//",
            "\"", "'", "\\", "{", "}", "[", "]", "(", ")", ",", ".", "..", "-", "--", "+", "*", "?", "!", "&", "%", "$",
            "<", ">", "</", "/>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#x1;", "&#xFFFF;", "&lt",
            "<!DOCTYPE a [<!ENTITY x \"xx\">]>", "&x;", "<?xml version=\"1.0\"?>", "---\n", "...\n", "- ", "? ", "&a ",
            "*a", "<<: ", "!!binary ", "!!python/object ", "~", ".inf", "-.inf", ".nan", "null", "true", "false",
            "None", "True", "12:30:45", "\"\\u0000\"", "\\u0000", "\u00a0", "\u2028", "\ufeff", "\u202e", "\u0301",
            "\u001b[31m", "#define ", "#include ", "__version__ = ", "Version: ", "Package: ", "Status: ",
            "NVRM version: ", "Kernel Module ", "=>", "$ORIGIN", "/../../..", "/", "//", "include ", "*.conf",
            "[!a-", "[[:alpha:]]", "********************************", "??????????????????????????????", "\\E", "\\Q", "(?", "a{999999}", "%n", "%s", "${HOME}", "$(reboot)", "`id`");

    /** Openers for deep nesting, one format each. */
    private static final List<String> OPENERS = List.of("[", "{", "(", "{\"a\":", "[[", "<a>", "<x y='1'>", "- ",
            "  ", "- - ", "a:\n  ", "{a: ", "#if 1\n");

    /** Byte sequences that are not UTF-8: overlong, surrogates, past U+10FFFF, stray continuation, cut short. */
    private static final byte[][] BAD_UTF8 = {
        {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0x80}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xfe}, {(byte) 0xff}, {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
        {(byte) 0xf0, (byte) 0x9f, (byte) 0x98}};

    private final List<byte[]> seeds;
    private final List<byte[]> dictionary;

    public Mutator(List<byte[]> seeds, String... extraTokens) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seed: a mutator starts from real samples");
        }
        this.seeds = List.copyOf(seeds);
        List<byte[]> d = new ArrayList<>();
        for (String t : TOKENS) {
            d.add(t.getBytes(StandardCharsets.UTF_8));
        }
        for (String t : extraTokens) {
            d.add(t.getBytes(StandardCharsets.UTF_8));
        }
        this.dictionary = List.copyOf(d);
    }

    @Override
    public byte[] next(Random r) {
        int roll = r.nextInt(100);
        if (roll < 4) {
            return randomBytes(r);
        }
        if (roll < 8) {
            return randomText(r);
        }
        byte[] b = seeds.get(r.nextInt(seeds.size()));
        int n = r.nextInt(5) == 0 ? 2 + r.nextInt(10) : 1 + r.nextInt(2);
        for (int i = 0; i < n; i++) {
            b = mutate(b, r);
            if (b.length > MAX_BYTES) {
                b = Arrays.copyOf(b, MAX_BYTES);
            }
        }
        return b;
    }

    /** One mutation; an empty input only grows. */
    byte[] mutate(byte[] b, Random r) {
        int len = b.length;
        switch (len == 0 ? 3 : r.nextInt(15)) {
            case 0: // truncate
                return Arrays.copyOf(b, r.nextInt(len));
            case 1: { // flip bits
                byte[] c = b.clone();
                for (int i = 1 + r.nextInt(8); i > 0; i--) {
                    c[r.nextInt(len)] ^= (byte) (1 << r.nextInt(8));
                }
                return c;
            }
            case 2: { // set bytes to ones that parsers look at
                byte[] c = b.clone();
                byte[] interesting = {0, (byte) 0xff, 0x7f, (byte) 0x80, '\n', ':', '=', '0', '9', '.', ' ', '"', '<'};
                for (int i = 1 + r.nextInt(4); i > 0; i--) {
                    c[r.nextInt(len)] = interesting[r.nextInt(interesting.length)];
                }
                return c;
            }
            case 3: { // insert random bytes
                byte[] x = new byte[1 + r.nextInt(64)];
                r.nextBytes(x);
                return insert(b, r.nextInt(len + 1), x);
            }
            case 4: { // delete a range
                int at = r.nextInt(len);
                int n = 1 + r.nextInt(Math.max(1, Math.min(len - at, len / 4 + 1)));
                return delete(b, at, n);
            }
            case 5: // duplicate lines
                return duplicateLines(b, r);
            case 6: // a token of the formats
                return insert(b, r.nextInt(len + 1), dictionary.get(r.nextInt(dictionary.size())));
            case 7: // huge numbers
                return hugeNumber(b, r);
            case 8: { // deep nesting
                String opener = OPENERS.get(r.nextInt(OPENERS.size()));
                int depth = r.nextInt(16) == 0 ? 1_000 + r.nextInt(20_000) : 10 + r.nextInt(300);
                return insert(b, r.nextInt(len + 1), repeat(opener.getBytes(StandardCharsets.UTF_8), depth));
            }
            case 9: // NULs
                return insert(b, r.nextInt(len + 1), new byte[1 + (r.nextBoolean() ? 0 : r.nextInt(256))]);
            case 10: // invalid UTF-8
                return insert(b, r.nextInt(len + 1), BAD_UTF8[r.nextInt(BAD_UTF8.length)]);
            case 11: { // a very long line: a piece of the sample repeated
                int at = r.nextInt(len);
                byte[] piece = Arrays.copyOfRange(b, at, Math.min(len, at + 1 + r.nextInt(40)));
                // Mostly a few KB (a real line is under 200 bytes); now and then enough for a quadratic
                // parser to take seconds, or a recursive regex to overflow the stack.
                int target = r.nextInt(32) == 0 ? 64_000 + r.nextInt(200_000) : 256 + r.nextInt(4_000);
                return insert(b, r.nextInt(len + 1), repeat(piece, Math.max(1, target / piece.length)));
            }
            case 12: { // splice in a piece of another sample
                byte[] other = seeds.get(r.nextInt(seeds.size()));
                if (other.length == 0) {
                    return b;
                }
                int at = r.nextInt(other.length);
                return insert(b, r.nextInt(len + 1), Arrays.copyOfRange(other, at, Math.min(other.length, at + 1 + r.nextInt(2_000))));
            }
            case 13: // other line ends: CRLF, lone CR, none
                return lineEnds(b, r);
            default: { // swap two lines
                List<byte[]> lines = lines(b);
                if (lines.size() < 2) {
                    return b;
                }
                int i = r.nextInt(lines.size());
                int j = r.nextInt(lines.size());
                byte[] t = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, t);
                return join(lines);
            }
        }
    }

    private static byte[] duplicateLines(byte[] b, Random r) {
        List<byte[]> lines = lines(b);
        int from = r.nextInt(lines.size());
        int to = Math.min(lines.size(), from + 1 + r.nextInt(5));
        int times = r.nextInt(8) == 0 ? 100 + r.nextInt(2_000) : 1 + r.nextInt(5);
        List<byte[]> out = new ArrayList<>(lines.subList(0, to));
        for (int t = 0; t < times; t++) {
            out.addAll(lines.subList(from, to));
        }
        out.addAll(lines.subList(to, lines.size()));
        return join(out);
    }

    private static byte[] hugeNumber(byte[] b, Random r) {
        String number = NUMBERS.get(r.nextInt(NUMBERS.size()));
        // Replace a run of digits where there is one, so that the number stands where the parser expects one.
        int start = r.nextInt(b.length);
        while (start < b.length && !Character.isDigit(b[start])) {
            start++;
        }
        if (start == b.length) {
            return insert(b, r.nextInt(b.length + 1), number.getBytes(StandardCharsets.US_ASCII));
        }
        int end = start;
        while (end < b.length && Character.isDigit(b[end])) {
            end++;
        }
        return insert(delete(b, start, end - start), start, number.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] lineEnds(byte[] b, Random r) {
        String replacement = switch (r.nextInt(3)) {
            case 0 -> "\r\n";
            case 1 -> "\r";
            default -> "";
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + b.length / 8);
        for (byte x : b) {
            if (x == '\n') {
                out.writeBytes(replacement.getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(x);
            }
        }
        return out.toByteArray();
    }

    /** Random bytes, of any length up to 8 KiB. */
    static byte[] randomBytes(Random r) {
        byte[] x = new byte[r.nextInt(8192)];
        r.nextBytes(x);
        return x;
    }

    /** Random text: printable ASCII, the formats' punctuation, line ends, digits and some non-ASCII letters. */
    static byte[] randomText(Random r) {
        String alphabet = "abcxyzABCXYZ0123456789 \t\n\n\n:=.,-_/#\"'{}[]<>()*?!&;\\\u00e9\u4e2d\ud83d\ude00";
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(4096); i > 0; i--) {
            s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] insert(byte[] b, int at, byte[] x) {
        byte[] c = new byte[b.length + x.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(x, 0, c, at, x.length);
        System.arraycopy(b, at, c, at + x.length, b.length - at);
        return c;
    }

    static byte[] delete(byte[] b, int at, int n) {
        byte[] c = new byte[b.length - n];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(b, at + n, c, at, b.length - at - n);
        return c;
    }

    static byte[] repeat(byte[] piece, int times) {
        int n = (int) Math.min((long) piece.length * times, MAX_BYTES);
        byte[] c = new byte[n];
        for (int i = 0; i < n; i++) {
            c[i] = piece[i % piece.length];
        }
        return c;
    }

    /** The lines with their line ends, so that joining them gives the input back. */
    static List<byte[]> lines(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                out.add(Arrays.copyOfRange(b, start, i + 1));
                start = i + 1;
            }
        }
        if (start < b.length || out.isEmpty()) {
            out.add(Arrays.copyOfRange(b, start, b.length));
        }
        return out;
    }

    static byte[] join(List<byte[]> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] l : lines) {
            out.writeBytes(l);
            if (out.size() > MAX_BYTES) {
                break;
            }
        }
        return out.toByteArray();
    }
}
