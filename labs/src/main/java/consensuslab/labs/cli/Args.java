package consensuslab.labs.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} options, checked against what a command accepts. */
public final class Args {

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    /** Every value each valued option was given, in order (a repeatable option, e.g. {@code --via}). */
    private final Map<String, List<String>> every = new LinkedHashMap<>();

    public Args(List<String> args, Set<String> valued, Set<String> flags) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flags.contains(name) && value == null) {
                    options.put(name, "true");
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new CliException("option --" + name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    options.put(name, value);
                    every.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else {
                    throw new CliException("unknown option '" + a + "'");
                }
            } else {
                positional.add(a);
            }
        }
    }

    public String get(String name, String dflt) {
        return options.getOrDefault(name, dflt);
    }

    /** Every value a repeatable option was given, in order (empty if none). */
    public List<String> all(String name) {
        return every.getOrDefault(name, List.of());
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    public boolean flag(String name) {
        return "true".equals(options.get(name));
    }

    public List<String> positional() {
        return positional;
    }

    public int getInt(String name, int dflt, int min, int max) {
        String v = options.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new CliException("--" + name + " " + v + " is outside " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new CliException("--" + name + " '" + v + "' is not a whole number");
        }
    }

    public long getLong(String name, long dflt) {
        String v = options.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CliException("--" + name + " '" + v + "' is not a whole number");
        }
    }

    /**
     * Splits a command line as a shell would for the commands this project prints: spaces separate
     * words, double quotes group them ({@code --faults "crash n2@1s; restart n2@2s"}). Used to
     * replay a printed {@code bin/lab} command in process.
     */
    public static List<String> shellWords(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new CliException("unbalanced quote in: " + line);
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }
}
