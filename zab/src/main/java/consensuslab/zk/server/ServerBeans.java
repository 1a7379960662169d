package consensuslab.zk.server;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * JMX beans for JConsole, under ZooKeeper's domain {@code org.apache.ZooKeeperService}: the server
 * (every {@code mntr} figure as an attribute, in CamelCase as ZooKeeper's beans name them), its
 * sessions, and, on an ensemble member, its quorum role. Read-only; each read asks the server
 * (through its four-letter words, on its processor), so the beans never hold state of their own.
 */
final class ServerBeans {
    private final List<ObjectName> registered = new ArrayList<>();

    /** One read-only bean whose attributes are the entries of a map computed at each read. */
    private static final class MapBean implements DynamicMBean {
        private final String description;
        private final Supplier<Map<String, Object>> values;

        MapBean(String description, Supplier<Map<String, Object>> values) {
            this.description = description;
            this.values = values;
        }

        @Override
        public Object getAttribute(String name) throws AttributeNotFoundException {
            Map<String, Object> m = values.get();
            if (!m.containsKey(name)) {
                throw new AttributeNotFoundException(name);
            }
            return m.get(name);
        }

        @Override
        public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
            throw new AttributeNotFoundException(attribute.getName() + " is read-only");
        }

        @Override
        public AttributeList getAttributes(String[] names) {
            Map<String, Object> m = values.get();
            AttributeList l = new AttributeList();
            for (String n : names) {
                if (m.containsKey(n)) {
                    l.add(new Attribute(n, m.get(n)));
                }
            }
            return l;
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            return new AttributeList();
        }

        @Override
        public Object invoke(String actionName, Object[] params, String[] signature) {
            throw new UnsupportedOperationException(actionName);
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            List<MBeanAttributeInfo> attrs = new ArrayList<>();
            values.get().forEach((k, v) -> attrs.add(new MBeanAttributeInfo(k, v instanceof Long ? "long" : v instanceof String[]
                    ? "[Ljava.lang.String;" : "java.lang.String", k, true, false, false)));
            return new MBeanInfo(MapBean.class.getName(), description, attrs.toArray(new MBeanAttributeInfo[0]), null, null, null);
        }
    }

    /** zk_num_alive_connections to NumAliveConnections. */
    static String camel(String key) {
        StringBuilder b = new StringBuilder();
        for (String part : key.replaceFirst("^zk_", "").split("_")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }

    private static Map<String, Object> mntr(Function<String, String> words) {
        Map<String, Object> m = new LinkedHashMap<>();
        String text = words.apply("mntr");
        if (text == null) {
            return m;
        }
        for (String l : text.split("\n")) {
            int tab = l.indexOf('\t');
            if (tab > 0) {
                String v = l.substring(tab + 1).trim();
                m.put(camel(l.substring(0, tab)), v.matches("-?\\d{1,18}") ? (Object) Long.parseLong(v) : v);
            }
        }
        return m;
    }

    /**
     * Registers the beans of one server; {@code name} is e.g. {@code ReplicatedServer_id2} or
     * {@code StandaloneServer_port2181}. A name already taken in this JVM is skipped (several servers
     * in one test JVM), as ZooKeeper skips it.
     */
    synchronized void register(String name, boolean ensemble, Function<String, String> words) {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        Map<String, MapBean> beans = new LinkedHashMap<>();
        beans.put("name0=" + name, new MapBean("the znode server (mntr)", () -> mntr(words)));
        beans.put("name0=" + name + ",name1=Sessions", new MapBean("client sessions", () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            List<String> ids = new ArrayList<>();
            String cons = words.apply("cons");
            for (String l : cons == null ? new String[0] : cons.split("\n")) {
                int at = l.indexOf("sid=0x");
                if (at >= 0) {
                    int end = l.indexOf(',', at);
                    ids.add(l.substring(at + 4, end < 0 ? l.length() - 1 : end));
                }
            }
            Object global = mntr(words).get("GlobalSessions");
            m.put("GlobalSessions", global == null ? 0L : global);
            m.put("ConnectedSessions", ids.toArray(new String[0]));
            return m;
        }));
        if (ensemble) {
            beans.put("name0=" + name + ",name1=QuorumRole", new MapBean("this member's role in the quorum", () -> {
                Map<String, Object> all = mntr(words);
                Map<String, Object> m = new LinkedHashMap<>();
                for (String k : List.of("ServerState", "PeerState", "QuorumSize", "Learners", "SyncedFollowers", "SyncedObservers",
                        "PendingSyncs", "LastProposalSize", "MinProposalSize", "MaxProposalSize")) {
                    if (all.containsKey(k)) {
                        m.put(k, all.get(k));
                    }
                }
                return m;
            }));
        }
        beans.forEach((props, bean) -> {
            try {
                ObjectName on = new ObjectName("org.apache.ZooKeeperService:" + props);
                if (!mbs.isRegistered(on)) {
                    mbs.registerMBean(bean, on);
                    registered.add(on);
                }
            } catch (JMException e) {
                // JMX is a convenience: a server runs without it
            }
        });
    }

    synchronized void unregister() {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName on : registered) {
            try {
                mbs.unregisterMBean(on);
            } catch (JMException e) {
                // already gone
            }
        }
        registered.clear();
    }
}
