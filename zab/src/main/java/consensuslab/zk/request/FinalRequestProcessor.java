package consensuslab.zk.request;

import static java.util.Map.entry;

import consensuslab.zk.wire.JuteOut;
import consensuslab.zk.wire.OpCode;
import consensuslab.zk.wire.Proto;
import consensuslab.zk.znode.AddWatchMode;
import consensuslab.zk.znode.Code;
import consensuslab.zk.znode.DataTree;
import consensuslab.zk.znode.Id;
import consensuslab.zk.znode.OpResult;
import consensuslab.zk.znode.Stat;
import consensuslab.zk.znode.WatcherType;
import consensuslab.zk.znode.ZnodeException;
import java.util.List;
import java.util.Map;

/**
 * ZooKeeper's FinalRequestProcessor, minus the I/O: the reply to a request, from the tree for a
 * read (a table of handlers by opcode) and from the applied transaction's result for a write. The
 * real server and the simulated znode workload both call it, so both answer alike.
 */
public final class FinalRequestProcessor {

    private FinalRequestProcessor() {
    }

    /** A request answered from the tree without a transaction. */
    @FunctionalInterface
    interface ReadHandler {
        Reply process(int type, Proto.Request body, DataTree tree, Caller caller) throws ZnodeException;
    }

    private static final Map<Integer, ReadHandler> READS = Map.ofEntries(
            entry(OpCode.EXISTS, FinalRequestProcessor::exists),
            entry(OpCode.GET_DATA, FinalRequestProcessor::getData),
            entry(OpCode.GET_CHILDREN, FinalRequestProcessor::getChildren),
            entry(OpCode.GET_CHILDREN2, FinalRequestProcessor::getChildren),
            entry(OpCode.GET_ACL, FinalRequestProcessor::getAcl),
            entry(OpCode.GET_EPHEMERALS, FinalRequestProcessor::getEphemerals),
            entry(OpCode.GET_ALL_CHILDREN_NUMBER, FinalRequestProcessor::getAllChildrenNumber),
            entry(OpCode.MULTI_READ, FinalRequestProcessor::multiRead),
            entry(OpCode.WHO_AM_I, FinalRequestProcessor::whoAmI),
            entry(OpCode.ADD_WATCH, FinalRequestProcessor::addWatch),
            entry(OpCode.CHECK_WATCHES, FinalRequestProcessor::checkOrRemoveWatches),
            entry(OpCode.REMOVE_WATCHES, FinalRequestProcessor::checkOrRemoveWatches));

    /** Whether {@link #read} answers this request type. */
    public static boolean isRead(int type) {
        return READS.containsKey(type);
    }

    /** The reply to a read (or a watch registration) from the tree. */
    public static Reply read(int type, Proto.Request body, DataTree tree, Caller caller) {
        try {
            return READS.get(type).process(type, body, tree, caller);
        } catch (ZnodeException e) {
            return Reply.error(e.code());
        }
    }

    private static long watcher(boolean watch, Caller caller) {
        return watch ? caller.watcher() : DataTree.NO_WATCHER;
    }

    private static Reply exists(int type, Proto.Request body, DataTree tree, Caller caller) throws ZnodeException {
        Proto.PathWatchRequest p = (Proto.PathWatchRequest) body;
        Stat s = tree.exists(p.path(), watcher(p.watch(), caller), caller.auth());
        return Reply.ok(o -> o.writeStat(s));
    }

    private static Reply getData(int type, Proto.Request body, DataTree tree, Caller caller) throws ZnodeException {
        Proto.PathWatchRequest p = (Proto.PathWatchRequest) body;
        DataTree.DataAndStat d = tree.getData(p.path(), watcher(p.watch(), caller), caller.auth());
        return Reply.ok(o -> Proto.writeGetData(o, d.data(), d.stat()));
    }

    private static Reply getChildren(int type, Proto.Request body, DataTree tree, Caller caller) throws ZnodeException {
        Proto.PathWatchRequest p = (Proto.PathWatchRequest) body;
        DataTree.ChildrenAndStat d = tree.getChildren(p.path(), watcher(p.watch(), caller), caller.auth());
        return Reply.ok(o -> Proto.writeChildren(o, d.children(), type == OpCode.GET_CHILDREN2 ? d.stat() : null));
    }

    private static Reply getAcl(int type, Proto.Request body, DataTree tree, Caller caller) throws ZnodeException {
        DataTree.AclAndStat a = tree.getAcl(((Proto.PathRequest) body).path(), caller.auth());
        return Reply.ok(o -> o.writeAcls(a.acl()).writeStat(a.stat()));
    }

    private static Reply getEphemerals(int type, Proto.Request body, DataTree tree, Caller caller) {
        List<String> eph = tree.getEphemerals(caller.sessionId(), ((Proto.PathRequest) body).path());
        return Reply.ok(o -> o.writeStrings(eph));
    }

    private static Reply getAllChildrenNumber(int type, Proto.Request body, DataTree tree, Caller caller) throws ZnodeException {
        int n = tree.getAllChildrenNumber(((Proto.PathRequest) body).path(), caller.auth());
        return Reply.ok(o -> o.writeInt(n));
    }

    private static Reply whoAmI(int type, Proto.Request body, DataTree tree, Caller caller) {
        List<Id> ids = caller.auth();
        return Reply.ok(o -> {
            o.writeInt(ids.size());
            for (Id id : ids) {
                // ZooKeeper reports a digest identity by its user name, not the "user:hash" id ACLs use
                String user = id.scheme().equals("digest") && id.id().indexOf(':') > 0 ? id.id().substring(0, id.id().indexOf(':')) : id.id();
                o.writeString(id.scheme()).writeString(user);
            }
        });
    }

    private static Reply addWatch(int type, Proto.Request body, DataTree tree, Caller caller) throws ZnodeException {
        Proto.PathTypeRequest p = (Proto.PathTypeRequest) body;
        AddWatchMode mode = AddWatchMode.of(p.type());
        if (mode == null) {
            throw new ZnodeException(Code.BADARGUMENTS, p.path());
        }
        tree.addWatch(p.path(), mode, caller.watcher(), caller.auth());
        return Reply.ok(o -> o.writeInt(0));
    }

    private static Reply checkOrRemoveWatches(int type, Proto.Request body, DataTree tree, Caller caller) throws ZnodeException {
        Proto.PathTypeRequest p = (Proto.PathTypeRequest) body;
        WatcherType wt = WatcherType.of(p.type());
        if (wt == null || p.path() == null) {
            // a null path (string length -1) is a bad argument, not an internal error
            throw new ZnodeException(Code.BADARGUMENTS, p.path());
        }
        if (type == OpCode.CHECK_WATCHES) {
            tree.checkWatches(p.path(), wt, caller.watcher());
        } else {
            tree.removeWatches(p.path(), wt, caller.watcher());
        }
        return Reply.ok();
    }

    private static Reply multiRead(int type, Proto.Request body, DataTree tree, Caller caller) {
        Proto.MultiRequest m = (Proto.MultiRequest) body;
        JuteOut out = new JuteOut();
        for (Proto.MultiOp mo : m.ops()) {
            try {
                if (mo.type() == OpCode.GET_CHILDREN && mo.request() instanceof Proto.PathWatchRequest pw) {
                    List<String> kids = tree.getChildren(pw.path(), DataTree.NO_WATCHER, caller.auth()).children();
                    new Proto.MultiHeader(OpCode.GET_CHILDREN, false, 0).write(out);
                    out.writeStrings(kids);
                } else if (mo.type() == OpCode.GET_DATA && mo.request() instanceof Proto.PathWatchRequest pw) {
                    DataTree.DataAndStat d = tree.getData(pw.path(), DataTree.NO_WATCHER, caller.auth());
                    new Proto.MultiHeader(OpCode.GET_DATA, false, 0).write(out);
                    Proto.writeGetData(out, d.data(), d.stat());
                } else {
                    throw new ZnodeException(Code.BADARGUMENTS, null);
                }
            } catch (ZnodeException e) {
                new Proto.MultiHeader(-1, false, e.code().intValue()).write(out);
                out.writeInt(e.code().intValue());
            }
        }
        new Proto.MultiHeader(-1, true, -1).write(out);
        byte[] bytes = out.bytes();
        return Reply.ok(o -> o.writeRaw(bytes));
    }

    // ---- writes: the reply from the applied transaction's result ----------------------------------

    /** The reply to a write request whose transaction was applied with {@code result}. */
    public static Reply answer(int type, Proto.Request body, OpResult result) {
        if (type == OpCode.MULTI) {
            return answerMulti((Proto.MultiRequest) body, result);
        }
        if (result instanceof OpResult.Error err) {
            return Reply.error(err.code());
        } else if (result instanceof OpResult.Created cr) {
            return Reply.ok(o -> {
                if (type == OpCode.CREATE) {
                    o.writeString(cr.path());
                } else {
                    Proto.writeCreate2(o, cr.path(), cr.stat());
                }
            });
        } else if (result instanceof OpResult.DataSet ds) {
            return Reply.ok(o -> o.writeStat(ds.stat()));
        } else if (result instanceof OpResult.AclSet as) {
            return Reply.ok(o -> o.writeStat(as.stat()));
        }
        return Reply.ok();
    }

    private static Reply answerMulti(Proto.MultiRequest m, OpResult result) {
        List<OpResult> results = ((OpResult.MultiResult) result).results();
        return Reply.ok(o -> {
            for (int i = 0; i < results.size(); i++) {
                OpResult res = results.get(i);
                int opType = m.ops().get(i).type();
                if (res instanceof OpResult.Error err) {
                    new Proto.MultiHeader(-1, false, err.code().intValue()).write(o);
                    o.writeInt(err.code().intValue());
                } else if (res instanceof OpResult.Created cr) {
                    if (opType == OpCode.CREATE) {
                        new Proto.MultiHeader(OpCode.CREATE, false, 0).write(o);
                        o.writeString(cr.path());
                    } else {
                        new Proto.MultiHeader(OpCode.CREATE2, false, 0).write(o);
                        Proto.writeCreate2(o, cr.path(), cr.stat());
                    }
                } else if (res instanceof OpResult.DataSet ds) {
                    new Proto.MultiHeader(OpCode.SET_DATA, false, 0).write(o);
                    o.writeStat(ds.stat());
                } else if (res instanceof OpResult.Deleted) {
                    new Proto.MultiHeader(OpCode.DELETE, false, 0).write(o);
                } else {
                    new Proto.MultiHeader(OpCode.CHECK, false, 0).write(o);
                }
            }
            new Proto.MultiHeader(-1, true, -1).write(o);
        });
    }
}
