package consensuslab.zab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import consensuslab.zab.persistence.ZKDatabase;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The exhaustive search merges two ZAB servers whose state keys are equal, so a field that changes
 * behaviour and is missing from its class's {@code Key} record would merge states that differ. Every
 * field of the classes that make up {@code QuorumPeer.stateKey()} is therefore either a component of
 * that class's key (same name) or listed here with the reason it is left out: a new field fails this
 * test until it is put in one place or the other.
 */
class StateKeyFieldsTest {

    /** Per class: its key record, and the fields left out of it on purpose. */
    private record Keyed(Class<?> type, Class<? extends Record> key, Set<String> leftOut) {
    }

    private static final Set<Keyed> KEYED = Set.of(
            new Keyed(QuorumPeer.class, QuorumPeer.Key.class, Set.of(
                    "ctx", // the node's context, not its state
                    // configuration, the same for every instance of this server
                    "myid", "voters", "observer", "quorumSize", "rules", "tickTime", "initLimit", "syncLimit", "finalizeWait",
                    "maxNotificationInterval", "snapshotSizeFactor", "publishLog", "bug", "localServer",
                    // what a publication takes: empty between inputs, since every input ends in publish()
                    "deliveredDelta", "proposedDelta", "snapshotInstalled",
                    "lastKey", "entryCache")), // the publication's short-cut key and shown entries: derived from the rest
            new Keyed(FastLeaderElection.class, FastLeaderElection.Key.class, Set.of("self")), // the peer it belongs to
            // the peer, its own id (configuration), and the sync modes as last shown (a copy of syncModes)
            new Keyed(Leader.class, Leader.Key.class, Set.of("self", "me", "syncModesShown", "syncModesShownVersion")),
            new Keyed(Learner.class, Learner.Key.class, Set.of("self")),
            new Keyed(Follower.class, Learner.Key.class, Set.of()),
            new Keyed(Observer.class, Learner.Key.class, Set.of()),
            new Keyed(LearnerHandler.class, LearnerHandler.Key.class, Set.of()),
            new Keyed(ZKDatabase.class, ZKDatabase.Key.class, Set.of(
                    "storage", // the files: the search keeps them in the node's identity, beside the key
                    "sm", // the state machine: its own stateKey() is the key's last component
                    "snapCount", "commitLogCount", "snapRetainCount", // configuration
                    "syncs", "syncedTxns", "notes"))); // counters for benchmarks, and what load() found (read as its result)

    @Test
    void everyFieldIsInItsClasssKeyOrLeftOutWithAReason() {
        for (Keyed k : KEYED) {
            Set<String> components = new TreeSet<>();
            for (RecordComponent c : k.key().getRecordComponents()) {
                components.add(c.getName());
            }
            Set<String> missing = new TreeSet<>();
            for (Field f : k.type().getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic() && !components.contains(f.getName())
                        && !k.leftOut().contains(f.getName())) {
                    missing.add(f.getName());
                }
            }
            assertTrue(missing.isEmpty(), k.type().getSimpleName() + ": fields neither in " + k.key().getName()
                    + " nor left out on purpose: " + missing);
            for (String out : k.leftOut()) {
                assertTrue(hasField(k.type(), out), k.type().getSimpleName() + " no longer has a field '" + out + "': take it off the list");
            }
        }
    }

    private static boolean hasField(Class<?> type, String name) {
        for (Field f : type.getDeclaredFields()) {
            if (f.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
