package consensuslab.zk.znode;

import static org.junit.jupiter.api.Assertions.*;

import consensuslab.core.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The data tree behind the ZAB engine's state-machine interface: zab Txns in, znode results out. */
class ZnodeStateMachineTest {
    static consensuslab.zab.Txn zabTxn(long zxid, long session, Op op) {
        return new consensuslab.zab.Txn(zxid, "n1", "c1", zxid,
                ZnodeStateMachine.encode(new ZnodeStateMachine.ZnodeOp(1000 + zxid, session, List.of(), op)));
    }

    @Test
    void appliesSnapshotsAndRestores() throws Exception {
        ZnodeStateMachine sm = new ZnodeStateMachine(TreeConfig.defaults());
        long z1 = (1L << 32) | 1;
        sm.apply(zabTxn(z1, 7, new Op.CreateSession(7, 4000)));
        String r = sm.apply(zabTxn(z1 + 1, 7, new Op.Create("/e", new byte[] {'x'}, Acl.OPEN_ACL_UNSAFE, 1, -1)));
        OpResult created = Json.MAPPER.readValue(r, OpResult.class);
        assertEquals("/e", ((OpResult.Created) created).path());
        assertEquals(z1 + 1, sm.tree().statOf("/e").czxid(), "the ZAB zxid is the znode zxid");
        assertEquals(1001 + z1, sm.tree().statOf("/e").ctime(), "time stamped by the server that took the request");
        ZnodeStateMachine.ZnodeView v = (ZnodeStateMachine.ZnodeView) sm.view();
        assertEquals(List.of("/ = null (v0)".replace("null", ""), "/e = x (v0, ephemeral of 0x7)"), v.tree());

        ZnodeStateMachine other = new ZnodeStateMachine(TreeConfig.defaults());
        other.restore(sm.snapshot());
        assertEquals(sm.tree().digest(), other.tree().digest());
        consensuslab.zab.Txn close = zabTxn(z1 + 2, 7, new Op.CloseSession(7));
        assertEquals(sm.apply(close), other.apply(close));
        assertNull(other.tree().statOf("/e"));
        assertTrue(sm.apply(new consensuslab.zab.Txn(z1 + 3, "n1", "c1", 9, Json.tree(java.util.Map.of("f", "put"))))
                .startsWith("error: not a znode op"));
    }
}
