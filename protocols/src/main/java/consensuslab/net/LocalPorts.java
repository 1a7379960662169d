package consensuslab.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Finding free ports on this machine, for tests and benchmarks that must not collide with anything. */
public final class LocalPorts {

    private LocalPorts() {
    }

    /** A base port with {@code n} free consecutive ports from it (probed, so very likely still free). */
    public static int freeBase(int n) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base;
            try (ServerSocket s = new ServerSocket(0)) {
                base = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (base + n > 65535) {
                continue;
            }
            boolean ok = true;
            for (int i = 0; i < n && ok; i++) {
                try (ServerSocket s = new ServerSocket()) {
                    s.setReuseAddress(true);
                    s.bind(new java.net.InetSocketAddress("127.0.0.1", base + i));
                } catch (IOException e) {
                    ok = false;
                }
            }
            if (ok) {
                return base;
            }
        }
        throw new IllegalStateException("found no " + n + " free consecutive ports");
    }
}
