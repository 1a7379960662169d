package consensuslab.zk.compat;

/**
 * Apache ZooKeeper's client and Curator log every connection at INFO; dozens of clients drown the
 * test output. Loggers created after this runs (slf4j-simple reads the level then) say WARN and up.
 */
final class Quiet {
    private Quiet() {
    }

    static void clientLogs() {
        for (String name : new String[] {"org.apache.zookeeper", "org.apache.curator"}) {
            if (System.getProperty("org.slf4j.simpleLogger.log." + name) == null) {
                System.setProperty("org.slf4j.simpleLogger.log." + name, "error");
            }
        }
    }
}
