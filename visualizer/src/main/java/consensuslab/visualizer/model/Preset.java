package consensuslab.visualizer.model;

/**
 * A teachable moment: a protocol, a cluster size, a seed, a fault schedule and parameters.
 *
 * @param name     shown in the chooser
 * @param protocol registry name; the preset is disabled while it is not registered
 * @param nodes    servers
 * @param clients  clients, or -1 for the protocol's default
 * @param seed     seed
 * @param faults   fault schedule (docs/FAULTS.md)
 * @param params   protocol parameters
 * @param until    virtual ms, or 0 for the protocol's default
 * @param lesson   one line on what to watch
 * @param violates true when the run is meant to break one of the protocol's invariants (the panel turns red)
 */
public record Preset(String name, String protocol, int nodes, int clients, long seed, String faults, String params, long until,
                     String lesson, boolean violates) {

    @Override
    public String toString() {
        return name;
    }
}
