package dev.gpudoctor.host;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * Resolves a host path component by component as the kernel does: "." skipped, ".." applied,
 * each symbolic link's target spliced in (an absolute one restarts at "/"), never above "/".
 * What each component is comes from the caller, so a root on disk and a recording resolve alike.
 */
public final class LinkWalk {

    /** Linux's limit on links followed in one lookup (MAXSYMLINKS). */
    public static final int MAX_LINK_HOPS = 40;

    /** What the caller found at one path on the way. */
    public sealed interface Step<E> permits Entry, Link, Stop {
    }

    /** Something that is not a link: the walk goes on below it. */
    public record Entry<E>() implements Step<E> {
    }

    public record Link<E>(String target) implements Step<E> {
    }

    /** The walk cannot go on, for this reason. */
    public record Stop<E>(E why) implements Step<E> {
    }

    /** The resolved host path, or (path null) why the walk stopped. */
    public record Result<E>(String path, E stopped) {
    }

    private LinkWalk() {
    }

    /**
     * @param lookup       what is at a host path whose parent has resolved
     * @param tooManyLinks the reason given after {@link #MAX_LINK_HOPS} links
     */
    public static <E> Result<E> resolve(String path, Function<String, Step<E>> lookup, E tooManyLinks) {
        Deque<String> todo = new ArrayDeque<>(HostPaths.components(path));
        List<String> done = new ArrayList<>();
        int hops = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Step<E> step = lookup.apply(joined(done) + (done.isEmpty() ? "" : "/") + c);
            if (step instanceof Stop<E> stop) {
                return new Result<>(null, stop.why());
            }
            if (step instanceof Link<E> link) {
                if (++hops > MAX_LINK_HOPS) {
                    return new Result<>(null, tooManyLinks);
                }
                List<String> more = HostPaths.components(link.target());
                for (int i = more.size() - 1; i >= 0; i--) {
                    todo.addFirst(more.get(i));
                }
                if (link.target().startsWith("/")) {
                    done.clear();
                }
                continue;
            }
            done.add(c);
        }
        return new Result<>(joined(done), null);
    }

    private static String joined(List<String> components) {
        return "/" + String.join("/", components);
    }
}
