package consensuslab.zk.sim;

import com.fasterxml.jackson.databind.JsonNode;
import consensuslab.core.Context;
import consensuslab.core.Json;
import consensuslab.core.Node;
import consensuslab.core.NodeId;
import consensuslab.core.Timer;
import consensuslab.zab.ZabMessage;
import consensuslab.zab.ZabMessage.ClientReply;
import consensuslab.zab.ZabMessage.ClientRequest;
import consensuslab.zk.exercise.LockRecipe;
import consensuslab.zk.solution.HerdLockRecipe;
import consensuslab.zk.znode.Acl;
import consensuslab.zk.znode.CreateMode;
import consensuslab.zk.znode.Op;
import consensuslab.zk.znode.OpResult;
import consensuslab.zk.znode.ZnodeStateMachine.ZnodeOp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A client of {@code workload=recipes}: it opens a session, keeps it alive with pings every third
 * of its timeout, and runs one of the book's ZooKeeper recipes ({@code recipe=NAME}) with watches.
 * Requests go one at a time, in order, to one server (pinned with {@code cK=nJ}, else drawn from
 * the seeded random); a server that is not serving, or a broken connection, sends the client to
 * another server, where it reads again and sets its watches again (watches live on one server).
 *
 * <ul>
 *   <li>{@code config}: c1 publishes /config v1, v2, v3 (every {@code period} ms); the others read it
 *       with a data watch and read again on every NodeDataChanged.</li>
 *   <li>{@code naming}: each client creates /names/name- PERSISTENT_SEQUENTIAL: a unique name.</li>
 *   <li>{@code group}: each client joins /group with an EPHEMERAL child; c1 watches the members.</li>
 *   <li>{@code election}: each client tries to create the EPHEMERAL /master; who fails watches it.</li>
 *   <li>{@code lock}: the exclusive lock with EPHEMERAL_SEQUENTIAL children of /lock, deciding with
 *       a {@link LockRecipe} (the predecessor watch; {@code lock=herd}: everyone watches /lock).</li>
 *   <li>{@code barrier}: each client enters /barrier and waits until all M have entered.</li>
 *   <li>{@code queue}: c1 enqueues {@code items} PERSISTENT_SEQUENTIAL /queue/item-; the others take
 *       the lowest item by deleting it (who fails to delete lost the race and looks again).</li>
 *   <li>{@code promises} (lab 7): c1 writes /x = v1 at {@code writeAt}, then v2, v3 ... every
 *       {@code period} ms up to v{@code items}; the others read /x at {@code readAt}, then
 *       {@code sync}, then read again (and with {@code poll=true} go on reading every period).</li>
 * </ul>
 */
public final class RecipeClient implements Node<ZabMessage> {

    /** What a recipe client publishes; {@code owns} is true while it holds the lock or is master. */
    public record RecipeView(String role, String label, String recipe, String session, String server, String status,
                             boolean owns, int watchEvents, List<String> seen, Map<String, ProgramView> recipes) {
        public RecipeView {
            seen = List.copyOf(seen);
            recipes = Collections.unmodifiableMap(new TreeMap<>(recipes));
        }
    }

    /** One recipe's state in a client's published view. */
    public record ProgramView(String status, boolean owns, int watchEvents, List<String> seen) {
        public ProgramView {
            seen = List.copyOf(seen);
        }
    }

    public record Ping() implements Timer {
    }

    public record Resend(long cxid) implements Timer {
    }

    /** A recipe's own timer (publish the next config version, release the lock, read at readAt ...). */
    public record Step(String what) implements Timer {
    }

    /** One request and what to do with its answer. */
    private record Call(JsonNode op, Consumer<Answer> then) {
    }

    /** The answer to a request: ok (code OK) or the error code, and what came back. */
    record Answer(String code, String path, String data, List<String> children, long zxid) {
        boolean ok() {
            return "OK".equals(code);
        }
    }

    private static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;

    private final Context<ZabMessage> ctx;
    private final List<Program> programs = new ArrayList<>();
    private final LockRecipe lockRule;
    private final int timeout;
    private final long retryDelay;
    private final long period;
    private final long hold;
    private final int items;
    private NodeId server;
    private boolean pinned;
    private long sessionId;
    private boolean open;
    private long nextCxid;
    private long inflight = -1;
    private Call inflightCall;
    private final Deque<Call> queue = new ArrayDeque<>();
    private int watchEvents;

    public RecipeClient(Context<ZabMessage> ctx, LockRecipe lockRule) {
        this.ctx = ctx;
        this.lockRule = lockRule;
        for (String name : ctx.params().get("recipe", "lock").split("\\+")) {
            programs.add(new Program(name));
        }
        long tick = ctx.params().getLong("tickTime", 20);
        this.timeout = ctx.params().getInt("sessionTimeout", (int) (10 * tick));
        this.retryDelay = ctx.params().getLong("retryDelay", 5 * tick);
        this.period = ctx.params().getLong("period", 200);
        this.hold = ctx.params().getLong("hold", 60);
        this.items = ctx.params().getInt("items", 4);
    }

    private boolean first() {
        return ctx.id().index() == 1;
    }

    private Program program(String name) {
        for (Program p : programs) {
            if (p.name.equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** Runs a step of one program ("lock:release"), or a recheck of all ("*:recheck"). */
    private void step(String what) {
        int colon = what.indexOf(':');
        String name = what.substring(0, colon);
        for (Program p : programs) {
            if (name.equals("*") || p.name.equals(name)) {
                p.step(what.substring(colon + 1));
            }
        }
    }

    // ---- lifecycle -------------------------------------------------------------------------------

    @Override
    public void onStart() {
        String pinned = ctx.params().get(ctx.id().name(), "");
        this.pinned = !pinned.isEmpty();
        server = pinned.isEmpty() ? ctx.servers().get(ctx.random().nextInt(ctx.servers().size())) : NodeId.of(pinned);
        // a restarted client is a new incarnation: a new session, and request numbers no earlier one used
        sessionId = 0xc0000L + 0x100L * ctx.id().index() + 1 + ctx.now();
        nextCxid = ctx.now() * 1_000;
        call(write(new Op.CreateSession(sessionId, timeout)), a -> {
            open = true;
            ctx.note("session 0x" + Long.toHexString(sessionId) + " open at " + server + " (timeout " + timeout + " ms)");
            ctx.setTimer(new Ping(), timeout / 3);
            programs.forEach(Program::begin);
        });
        publish();
    }

    @Override
    public void onTimer(Timer t) {
        if (t instanceof Ping) {
            ctx.send(server, new ClientRequest(0, Json.MAPPER.createObjectNode().put("ping", sessionId)));
            ctx.setTimer(new Ping(), timeout / 3);
        } else if (t instanceof Resend r && r.cxid() == inflight) {
            ctx.send(server, new ClientRequest(inflight, inflightCall.op()));
        } else if (t instanceof Step s) {
            step(s.what());
        }
        publish();
    }

    @Override
    public void onMessage(NodeId from, ZabMessage m) {
        if (!(m instanceof ClientReply r)) {
            return;
        }
        if (r.cxid() == -1) {
            ZnodeSimStateMachine.WatchEvent e = parse(r.value(), ZnodeSimStateMachine.WatchEvent.class);
            watchEvents++;
            for (Program p : programs) {
                if (p.concerns(e.path())) {
                    p.onWatchEvent(e);
                }
            }
        } else if (r.cxid() == 0 && !r.ok() && from.equals(server)) {
            moveTo(another(), "ping unanswered: " + r.error());
            ctx.setTimer(new Step("*:recheck"), retryDelay);
        } else if (r.cxid() == inflight) {
            if (!r.ok()) {
                moveTo(from.equals(server) ? another() : server, "not serving");
                ctx.setTimer(new Resend(r.cxid()), retryDelay);
                return;
            }
            Call c = inflightCall;
            inflight = -1;
            inflightCall = null;
            c.then().accept(answer(r));
            sendNext();
        }
        publish();
    }

    @Override
    public void onLinkDown(NodeId peer) {
        if (peer.equals(server) && open) {
            moveTo(another(), "connection to " + peer + " broke");
            if (inflight >= 0) {
                // the old server may have passed the request on before the link broke: send it again as a
                // new request (a new cxid), as a ZooKeeper application retries after CONNECTIONLOSS
                inflight = ++nextCxid;
                ctx.setTimer(new Resend(inflight), retryDelay);
            } else {
                // watches were left on the old server: look again from the new one
                ctx.setTimer(new Step("*:recheck"), retryDelay);
            }
            publish();
        }
    }

    private NodeId another() {
        List<NodeId> others = new ArrayList<>(ctx.servers());
        others.remove(server);
        return others.get(ctx.random().nextInt(others.size()));
    }

    private void moveTo(NodeId next, String why) {
        if (pinned) {
            return; // cK=nJ: this client stays with its server, whatever happens to it
        }
        if (!next.equals(server)) {
            ctx.note("moves from " + server + " to " + next + " (" + why + ")");
            server = next;
        }
    }

    // ---- requests --------------------------------------------------------------------------------

    private JsonNode write(Op op) {
        return Json.tree(new ZnodeOp(ctx.now(), sessionId, List.of(), op));
    }

    private JsonNode create(String path, String data, CreateMode mode) {
        return write(new Op.Create(path, data == null ? null : data.getBytes(StandardCharsets.UTF_8), OPEN, mode.flag(), -1));
    }

    private JsonNode read(String f, String path, boolean watch) {
        return Json.MAPPER.createObjectNode().put("read", f).put("path", path).put("watch", watch).put("client", ctx.id().name());
    }

    private void call(JsonNode op, Consumer<Answer> then) {
        queue.add(new Call(op, then));
        sendNext();
    }

    private void sendNext() {
        if (inflight >= 0 || queue.isEmpty()) {
            return;
        }
        inflightCall = queue.poll();
        inflight = ++nextCxid;
        ctx.send(server, new ClientRequest(inflight, inflightCall.op()));
    }

    private Answer answer(ClientReply r) {
        if (r.zxid() == 0 || "synced".equals(r.value())) {
            if ("synced".equals(r.value())) {
                return new Answer("OK", null, null, null, r.zxid());
            }
            ZnodeSimStateMachine.ReadResult rr = parse(r.value(), ZnodeSimStateMachine.ReadResult.class);
            return new Answer(rr.code(), rr.path(), rr.data(), rr.children(), 0);
        }
        OpResult o = parse(r.value(), OpResult.class);
        if (o instanceof OpResult.Error e) {
            return new Answer(e.code().name(), e.path(), null, null, r.zxid());
        } else if (o instanceof OpResult.Created c) {
            return new Answer("OK", c.path(), null, null, r.zxid());
        }
        return new Answer("OK", null, null, null, r.zxid());
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("bad reply " + json + ": " + Json.firstLine(e));
        }
    }

    // ---- the recipes -----------------------------------------------------------------------------

    /** One recipe this client runs, with its own state; a client may run several ({@code recipe=config+lock}). */
    private final class Program {
        final String name;
        /** The lock node of {@code lock} (/lock, predecessor watch) and {@code herd} (/herd, everyone watches it). */
        final String lockNode;
        final LockRecipe rule;
        String status = "starting";
        boolean owns;
        int events;
        final List<String> seen = new ArrayList<>();
        String mine;
        boolean done;
        int produced;

        Program(String name) {
            this.name = name;
            this.lockNode = name.equals("herd") ? "/herd" : "/lock";
            this.rule = name.equals("herd") ? new HerdLockRecipe() : lockRule;
        }

        /** Does a watch event on {@code path} concern this recipe? */
        boolean concerns(String path) {
            String root = switch (name) {
                case "config" -> "/config";
                case "naming" -> "/names";
                case "group" -> "/group";
                case "election" -> "/master";
                case "lock", "herd" -> lockNode;
                case "barrier" -> "/barrier";
                case "queue" -> "/queue";
                default -> "/x";
            };
            return path.equals(root) || path.startsWith(root + "/");
        }


        void begin() {
            switch (name) {
                case "config" -> {
                    if (first()) {
                        call(create("/config", "v0", CreateMode.PERSISTENT), a -> {
                            status = "published /config = v0";
                            ctx.setTimer(new Step(name + ":publish"), period);
                        });
                    } else {
                        ctx.setTimer(new Step(name + ":recheck"), period / 2);
                    }
                }
                case "naming" -> call(create("/names", null, CreateMode.PERSISTENT), a ->
                        call(create("/names/name-", ctx.id().name(), CreateMode.PERSISTENT_SEQUENTIAL), b -> {
                            mine = b.path();
                            status = "named " + mine;
                            ctx.note("got the unique name " + mine);
                            done = true;
                        }));
                case "group" -> call(create("/group", null, CreateMode.PERSISTENT), a ->
                        call(create("/group/" + ctx.id().name(), null, CreateMode.EPHEMERAL), b -> {
                            status = "member of /group";
                            ctx.note("joined /group as " + ctx.id().name());
                            if (first()) {
                                recheck();
                            }
                        }));
                case "election" -> recheck();
                case "lock", "herd" -> call(create(lockNode, null, CreateMode.PERSISTENT), a ->
                        call(create(lockNode + "/lock-", ctx.id().name(), CreateMode.EPHEMERAL_SEQUENTIAL), b -> {
                            mine = b.path().substring(lockNode.length() + 1);
                            ctx.note("created " + lockNode + "/" + mine);
                            recheck();
                        }));
                case "barrier" -> call(create("/barrier", null, CreateMode.PERSISTENT), a ->
                        call(create("/barrier/" + ctx.id().name(), null, CreateMode.EPHEMERAL), b -> {
                            status = "waiting at the barrier";
                            recheck();
                        }));
                case "queue" -> call(create("/queue", null, CreateMode.PERSISTENT), a -> {
                    if (first()) {
                        ctx.setTimer(new Step(name + ":produce"), 0);
                    } else {
                        recheck();
                    }
                });
                case "promises" -> {
                    if (first()) {
                        call(create("/x", "v0", CreateMode.PERSISTENT), a -> {
                            status = "wrote /x = v0";
                            ctx.note("wrote /x = v0: committed as 0x" + Long.toHexString(a.zxid()));
                            ctx.setTimer(new Step(name + ":write"), Math.max(0, ctx.params().getLong("writeAt", 500) - ctx.now()));
                        });
                    } else {
                        ctx.setTimer(new Step(name + ":read"), Math.max(0, ctx.params().getLong("readAt", 600) - ctx.now()));
                    }
                }
                default -> status = "unknown recipe " + name;
            }
        }

        void step(String what) {
            switch (what) {
                case "recheck" -> recheck();
                case "publish" -> {
                    int v = seen.size() + 1;
                    seen.add("v" + v);
                    call(write(new Op.SetData("/config", ("v" + v).getBytes(StandardCharsets.UTF_8), -1)), a -> {
                        status = "published /config = v" + v;
                        ctx.note("published /config = v" + v);
                        if (v < 3) {
                            ctx.setTimer(new Step(name + ":publish"), period);
                        }
                    });
                }
                case "release" -> {
                    // the critical section ends before the delete goes out: once it commits, the next owner may start
                    owns = false;
                    status = "releasing the lock";
                    call(write(new Op.Delete(lockNode + "/" + mine, -1)), a -> {
                    done = true;
                    status = "released the lock";
                    ctx.note("released the lock: deleted " + lockNode + "/" + mine);
                    });
                }
                case "produce" -> call(create("/queue/item-", "job" + (produced + 1), CreateMode.PERSISTENT_SEQUENTIAL), a -> {
                    produced++;
                    seen.add(a.path());
                    status = "enqueued " + produced + " of " + items;
                    ctx.note("enqueued " + a.path());
                    if (produced < items) {
                        ctx.setTimer(new Step(name + ":produce"), period / 4);
                    }
                });
                case "write" -> {
                    int v = ++produced;
                    call(write(new Op.SetData("/x", ("v" + v).getBytes(StandardCharsets.UTF_8), -1)), a -> {
                        status = "wrote /x = v" + v + " (zxid 0x" + Long.toHexString(a.zxid()) + ")";
                        ctx.note("wrote /x = v" + v + ": committed as 0x" + Long.toHexString(a.zxid()));
                        if (v < items) {
                            ctx.setTimer(new Step(name + ":write"), period);
                        }
                    });
                }
                case "poll" -> call(read("getData", "/x", false), a -> {
                    seen.add(a.data());
                    status = "read /x = " + a.data() + " at " + server;
                    ctx.note("read /x = " + a.data() + " at " + server);
                    ctx.setTimer(new Step(name + ":poll"), period);
                });
                case "read" -> call(read("getData", "/x", false), a -> {
                    seen.add(a.data());
                    status = "read /x = " + a.data() + " at " + server;
                    ctx.note("read /x = " + a.data() + " at " + server);
                    call(Json.MAPPER.createObjectNode().put("sync", "/x"), s -> {
                        ctx.note("sync /x done at " + server);
                        call(read("getData", "/x", false), b -> {
                            seen.add(b.data());
                            status = "after sync: /x = " + b.data() + " at " + server;
                            ctx.note("after sync, read /x = " + b.data() + " at " + server);
                            done = true;
                            if ("true".equals(ctx.params().get("poll", "false"))) {
                                ctx.setTimer(new Step(name + ":poll"), period);
                            }
                        });
                    });
                });
                default -> {
                }
            }
        }

        void onWatchEvent(ZnodeSimStateMachine.WatchEvent e) {
            events++;
            ctx.note("watch event " + e.event() + " " + e.path() + " (" + events + " so far for " + name + ")");
            recheck();
        }

        /** Reads what the recipe depends on, with a watch, and acts on it. */
        private void recheck() {
            if (!open) {
                return;
            }
            switch (name) {
                case "config" -> {
                    if (!first()) {
                        call(read("getData", "/config", true), a -> {
                            if (a.ok() && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(a.data()))) {
                                seen.add(a.data());
                                status = "sees /config = " + a.data();
                                ctx.note("reads /config = " + a.data() + " and watches it");
                            } else if (!a.ok()) {
                                call(read("exists", "/config", true), b -> {
                                });
                            }
                        });
                    }
                }
                case "group" -> {
                    if (first()) {
                        call(read("getChildren", "/group", true), a -> {
                            List<String> members = a.children() == null ? List.of() : a.children();
                            status = "members: " + members;
                            seen.clear();
                            seen.addAll(members);
                            ctx.note("group members now " + members);
                        });
                    }
                }
                case "election" -> {
                    if (owns) {
                        return;
                    }
                    call(create("/master", ctx.id().name(), CreateMode.EPHEMERAL), a -> {
                        if (a.ok()) {
                            owns = true;
                            status = "MASTER";
                            ctx.note("created /master: " + ctx.id() + " is the master");
                        } else {
                            call(read("exists", "/master", true), b -> {
                                if (!b.ok()) {
                                    recheck(); // gone already: try again
                                } else {
                                    status = "standby, watching /master";
                                }
                            });
                        }
                    });
                }
                case "lock", "herd" -> {
                    if (mine == null || owns || done) {
                        return;
                    }
                    call(read("getChildren", lockNode, false), a -> decideLock(a.children()));
                }
                case "barrier" -> {
                    if (done) {
                        return;
                    }
                    call(read("getChildren", "/barrier", true), a -> {
                        int in = a.children() == null ? 0 : a.children().size();
                        if (in >= ctx.clients().size()) {
                            done = true;
                            status = "passed the barrier";
                            ctx.note("all " + in + " are at the barrier: passing it");
                        } else {
                            status = "waiting at the barrier (" + in + " of " + ctx.clients().size() + ")";
                        }
                    });
                }
                case "queue" -> {
                    if (first()) {
                        return;
                    }
                    call(read("getChildren", "/queue", true), a -> {
                        List<String> waiting = a.children() == null ? List.of() : new ArrayList<>(a.children());
                        Collections.sort(waiting);
                        if (waiting.isEmpty()) {
                            status = "queue empty, watching it";
                            return;
                        }
                        String head = "/queue/" + waiting.get(0);
                        call(write(new Op.Delete(head, -1)), b -> {
                            if (b.ok()) {
                                seen.add(head);
                                status = "took " + head;
                                ctx.note("took " + head + " from the queue");
                            } else {
                                ctx.note("lost the race for " + head);
                            }
                            recheck();
                        });
                    });
                }
                default -> {
                }
            }
        }

        private void decideLock(List<String> children) {
            List<String> shuffled = new ArrayList<>(children == null ? List.of() : children);
            // ZooKeeper returns children in no promised order: the recipe must not rely on one
            for (int i = shuffled.size() - 1; i > 0; i--) {
                Collections.swap(shuffled, i, ctx.random().nextInt(i + 1));
            }
            LockRecipe.Next next = rule.next(lockNode, mine, shuffled);
            if (next instanceof LockRecipe.Own) {
                owns = true;
                status = "OWNS the lock";
                ctx.note("owns the lock " + lockNode + " (" + mine + ")");
                ctx.setTimer(new Step(name + ":release"), hold);
            } else if (next instanceof LockRecipe.Watch w) {
                boolean onLockNode = w.path().equals(lockNode);
                call(read(onLockNode ? "getChildren" : "exists", w.path(), true), a -> {
                    if (!a.ok()) {
                        recheck(); // the predecessor is gone already
                    } else {
                        status = "waiting, watching " + w.path();
                        ctx.note("waits for the lock, watching " + w.path());
                    }
                });
            }
        }
    }

    /** The client holds a lock ({@code lock} or {@code herd}) or is the master ({@code election}). */
    public boolean owns() {
        return programs.stream().anyMatch(p -> p.owns);
    }

    private void publish() {
        Map<String, ProgramView> views = new TreeMap<>();
        List<String> statuses = new ArrayList<>();
        for (Program p : programs) {
            views.put(p.name, new ProgramView(p.status, p.owns, p.events, p.seen));
            statuses.add(programs.size() == 1 ? p.status : p.name + ": " + p.status);
        }
        Program first = programs.get(0);
        String status = open ? String.join("; ", statuses) : "connecting";
        String label = ctx.id() + " " + status + (watchEvents > 0 ? " (" + watchEvents + " watch events)" : "");
        ctx.publish(new RecipeView("client", label, String.join("+", views.keySet()), "0x" + Long.toHexString(sessionId), server.name(),
                status, owns(), watchEvents, first.seen, views));
    }
}
