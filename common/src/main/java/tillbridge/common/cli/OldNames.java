package tillbridge.common.cli;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Option names kept working after a rename, so that existing scripts and service files still run:
 * each program says once, on stderr, which name replaces the old one.
 */
public final class OldNames {
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private OldNames() {}

    /** {@code old} was given: warns the first time in this process. */
    public static void used(String program, String old, String replacement) {
        if (WARNED.add(program + " " + old)) System.err.println(program + ": " + old + " is deprecated; use " + replacement);
    }
}
