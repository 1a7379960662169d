package consensuslab.zk.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.Json;
import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.Id;
import consensuslab.zk.znode.Op;
import consensuslab.zk.znode.ZnodeStateMachine;
import consensuslab.zk.znode.ZnodeStateMachine.ZnodeOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A proposal's size: a binary op's bytes, or a tree's compact JSON length, counted without encoding it. */
class ProposalSizeTest {

    @Test
    void theCountedSizeIsTheEncodedLength() throws Exception {
        List<JsonNode> trees = new java.util.ArrayList<>();
        for (long v : new long[] {0, 7, -7, 9, 10, 99, 100, -100, 1_700_000_000_123L, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE,
                999_999_999_999_999_999L, 1_000_000_000_000_000_000L}) {
            trees.add(ZnodeStateMachine.tree(new ZnodeOp(v, -v, List.of(new Id("digest", "a:b")),
                    new Op.Create("/p", new byte[] {1, 2, 3, 4}, List.of(new Acl(31, Id.ANYONE)), (int) v, v))));
            trees.add(ZnodeStateMachine.tree(new ZnodeOp(v, 1, List.of(), new Op.SetData("/p/q", null, (int) v))));
        }
        trees.add(Json.MAPPER.readTree("{\"a\":[1,2.5,true,null,\"x\"],\"b\":{},\"c\":[],\"d\":12345678901234567890}"));
        for (JsonNode t : trees) {
            assertEquals(Json.bytes(t).length, ZnodeReplica.jsonSize(t), t.toString());
        }
        JsonNode binary = ZnodeStateMachine.encode(new ZnodeOp(1, 1, List.of(), new Op.SetData("/p/q", new byte[100], 1)));
        assertEquals(binary.binaryValue().length, ZnodeReplica.opSize(binary), "a binary op counts its bytes");
    }
}
