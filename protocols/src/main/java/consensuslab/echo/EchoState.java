package consensuslab.echo;

/** What an echo node publishes: its role, its count, and a label for the visualizer. */
public record EchoState(String role, long count, String label) {
}
