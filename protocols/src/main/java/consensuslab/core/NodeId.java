package consensuslab.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * The name of a node: servers are {@code n1..nN}, clients are {@code c1..cM}.
 * Serialized as its plain name ("n2").
 */
public record NodeId(String name) implements Comparable<NodeId> {

    private static final Pattern NAME = Pattern.compile("[nc][1-9][0-9]*");

    public NodeId {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad node name '" + name + "': expected n1..nN or c1..cM");
        }
    }

    @JsonCreator
    public static NodeId of(String name) {
        return new NodeId(name);
    }

    public static NodeId server(int i) {
        return new NodeId("n" + i);
    }

    public static NodeId client(int i) {
        return new NodeId("c" + i);
    }

    public boolean isClient() {
        return name.charAt(0) == 'c';
    }

    public boolean isServer() {
        return name.charAt(0) == 'n';
    }

    /** The number after the letter: 2 for n2. */
    public int index() {
        return Integer.parseInt(name, 1, name.length(), 10);
    }

    @JsonValue
    @Override
    public String toString() {
        return name;
    }

    @Override
    public int compareTo(NodeId o) {
        if (isClient() != o.isClient()) {
            return isClient() ? 1 : -1;
        }
        return Integer.compare(index(), o.index());
    }
}
