package consensuslab.net;

import consensuslab.core.NodeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where every node of a TCP cluster listens: NodeId to host:port. Every process of a cluster must
 * be given the same description; each one then starts any subset of the nodes.
 *
 * <p>Two ways to write one: {@link #local} numbers the ports from a base port on one host
 * (servers first: n1 on base, n2 on base+1, ..., then c1, c2, ...), and {@link #parse} reads an
 * explicit list {@code n1=10.0.0.1:7100,n2=10.0.0.2:7100,c1=10.0.0.3:7100}.
 */
public record ClusterSpec(Map<NodeId, Endpoint> endpoints) {

    /** A node's listening address. */
    public record Endpoint(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    public ClusterSpec {
        endpoints = Collections.unmodifiableMap(new TreeMap<>(endpoints));
        check(endpoints);
    }

    /** n1..nN then c1..cM on consecutive ports of {@code host} starting at {@code basePort}. */
    public static ClusterSpec local(int servers, int clients, String host, int basePort) {
        if (servers < 1) {
            throw new IllegalArgumentException("a cluster needs at least one server");
        }
        if (basePort < 1 || basePort + servers + clients - 1 > 65535) {
            throw new IllegalArgumentException("ports " + basePort + ".." + (basePort + servers + clients - 1) + " are not all valid TCP ports");
        }
        Map<NodeId, Endpoint> m = new TreeMap<>();
        for (int i = 1; i <= servers; i++) {
            m.put(NodeId.server(i), new Endpoint(host, basePort + i - 1));
        }
        for (int j = 1; j <= clients; j++) {
            m.put(NodeId.client(j), new Endpoint(host, basePort + servers + j - 1));
        }
        return new ClusterSpec(m);
    }

    /** Parses {@code n1=host:port,n2=host:port,...,c1=host:port}. */
    public static ClusterSpec parse(String spec) {
        Map<NodeId, Endpoint> m = new TreeMap<>();
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty cluster description: expected n1=host:port,n2=host:port,...");
        }
        for (String item : spec.split(",")) {
            String it = item.trim();
            int eq = it.indexOf('=');
            int colon = it.lastIndexOf(':');
            if (eq <= 0 || colon <= eq + 1 || colon == it.length() - 1) {
                throw new IllegalArgumentException("bad cluster entry '" + it + "': expected NODE=HOST:PORT, e.g. n1=127.0.0.1:7100");
            }
            NodeId id;
            try {
                id = NodeId.of(it.substring(0, eq).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad cluster entry '" + it + "': " + e.getMessage());
            }
            int port;
            try {
                port = Integer.parseInt(it.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad cluster entry '" + it + "': port is not a number");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("bad cluster entry '" + it + "': port " + port + " is outside 1..65535");
            }
            if (m.put(id, new Endpoint(it.substring(eq + 1, colon).trim(), port)) != null) {
                throw new IllegalArgumentException("cluster names " + id + " twice");
            }
        }
        return new ClusterSpec(m);
    }

    private static void check(Map<NodeId, Endpoint> m) {
        int servers = 0;
        int clients = 0;
        for (NodeId n : m.keySet()) {
            if (n.isServer()) {
                servers++;
                if (n.index() != servers) {
                    throw new IllegalArgumentException("cluster servers must be n1..nN with no gaps; " + NodeId.server(servers) + " is missing");
                }
            } else {
                clients++;
                if (n.index() != clients) {
                    throw new IllegalArgumentException("cluster clients must be c1..cM with no gaps; " + NodeId.client(clients) + " is missing");
                }
            }
        }
        if (servers == 0) {
            throw new IllegalArgumentException("a cluster needs at least one server (n1)");
        }
        Map<Endpoint, NodeId> seen = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (Map.Entry<NodeId, Endpoint> e : m.entrySet()) {
            NodeId other = seen.put(e.getValue(), e.getKey());
            if (other != null) {
                throw new IllegalArgumentException(other + " and " + e.getKey() + " both listen on " + e.getValue());
            }
        }
    }

    public List<NodeId> servers() {
        List<NodeId> out = new ArrayList<>();
        for (NodeId n : endpoints.keySet()) {
            if (n.isServer()) {
                out.add(n);
            }
        }
        return Collections.unmodifiableList(out);
    }

    public List<NodeId> clients() {
        List<NodeId> out = new ArrayList<>();
        for (NodeId n : endpoints.keySet()) {
            if (n.isClient()) {
                out.add(n);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Every node, servers first. */
    public List<NodeId> nodes() {
        return List.copyOf(endpoints.keySet());
    }

    public boolean contains(NodeId n) {
        return endpoints.containsKey(n);
    }

    public Endpoint endpoint(NodeId n) {
        Endpoint e = endpoints.get(n);
        if (e == null) {
            throw new IllegalArgumentException("no node " + n + " in this cluster");
        }
        return e;
    }

    /** The node's position counting from 1, servers first (the simulator's numbering, used to seed its random source). */
    public int ordinal(NodeId n) {
        return n.isServer() ? n.index() : servers().size() + n.index();
    }

    /** The explicit form that {@link #parse} reads. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        endpoints.forEach((n, e) -> sb.append(sb.length() == 0 ? "" : ",").append(n).append('=').append(e));
        return sb.toString();
    }
}
