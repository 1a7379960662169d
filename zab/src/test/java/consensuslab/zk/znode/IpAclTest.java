package consensuslab.zk.znode;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The ip scheme matches IPv4 and IPv6 clients, with prefixes, as ZooKeeper's IPAuthenticationProvider does. */
class IpAclTest {
    @Test
    void ipv4AddressesAndPrefixes() {
        assertTrue(Digests.ipMatches("127.0.0.1", "127.0.0.1"));
        assertTrue(Digests.ipMatches("127.0.0.0/8", "127.1.2.3"));
        assertFalse(Digests.ipMatches("10.0.0.0/8", "127.0.0.1"));
        assertFalse(Digests.validIp("999.1.1.1"));
        assertFalse(Digests.validIp("1.2.3.4/33"));
    }

    @Test
    void ipv6AddressesPrefixesAndForms() {
        assertTrue(Digests.validIp("::1"));
        assertTrue(Digests.ipMatches("::1", "0:0:0:0:0:0:0:1"), "compressed and full forms of the loopback");
        assertTrue(Digests.ipMatches("2001:db8::/32", "2001:db8:0:0:0:0:0:42"));
        assertFalse(Digests.ipMatches("2001:db8::/32", "2001:db9::1"));
        assertTrue(Digests.ipMatches("fe80::1", "fe80:0:0:0:0:0:0:1%eth0"), "a scope id does not take part");
        assertTrue(Digests.ipMatches("::ffff:10.0.0.0/104", "::ffff:10.9.8.7"), "a dotted IPv4 tail");
        assertFalse(Digests.ipMatches("::1", "127.0.0.1"), "families do not mix");
        assertFalse(Digests.validIp("1::2::3"));
        assertFalse(Digests.validIp("2001:db8::/129"));
        assertFalse(Digests.validIp("12345::"));
    }
}
