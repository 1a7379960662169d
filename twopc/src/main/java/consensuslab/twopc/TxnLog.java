package consensuslab.twopc;

import consensuslab.core.Context;
import consensuslab.core.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's durable transaction log. A <em>forced</em> append is written and synced before the
 * caller goes on (and is announced in the trace with a note {@code "force KIND txn"}, which the
 * {@link TxnCounter} pairs with the sync that follows); a lazy append becomes durable with the next
 * sync, or is lost in a crash.
 */
public final class TxnLog {

    private static final int SHOWN = 30;

    private final Context<?> ctx;
    private final List<String> shown = new ArrayList<>();

    public TxnLog(Context<?> ctx) {
        this.ctx = ctx;
    }

    /** Reads back what survived, cutting off a torn last record. */
    public List<LogRecord> recover() {
        Storage s = ctx.storage();
        Storage.LogRead<LogRecord> r = s.readRecords(LogRecord.FILE, LogRecord.class);
        if (r.torn()) {
            s.truncate(LogRecord.FILE, r.validBytes());
            s.sync();
        }
        for (LogRecord rec : r.records()) {
            remember(rec);
        }
        return r.records();
    }

    /** Appends and syncs: durable when this returns. */
    public void force(LogRecord rec) {
        ctx.storage().appendRecord(LogRecord.FILE, rec);
        ctx.note("force " + rec.kind() + " " + rec.txn());
        ctx.storage().sync();
        remember(rec);
    }

    /** Appends without syncing: durable only once something later is forced. */
    public void lazy(LogRecord rec) {
        ctx.storage().appendRecord(LogRecord.FILE, rec);
        remember(rec);
    }

    private void remember(LogRecord rec) {
        shown.add(rec.render());
        if (shown.size() > SHOWN) {
            shown.remove(0);
        }
    }

    /** The last records, for the published state. */
    public List<String> tail() {
        return List.copyOf(shown);
    }
}
