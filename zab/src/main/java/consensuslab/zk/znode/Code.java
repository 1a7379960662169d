package consensuslab.zk.znode;

/** ZooKeeper 3.9's result codes (only these numbers may ever reach a client). */
public enum Code {
    OK(0, "ok"),
    SYSTEMERROR(-1, "SystemError"),
    RUNTIMEINCONSISTENCY(-2, "RuntimeInconsistency"),
    DATAINCONSISTENCY(-3, "DataInconsistency"),
    CONNECTIONLOSS(-4, "ConnectionLoss"),
    MARSHALLINGERROR(-5, "MarshallingError"),
    UNIMPLEMENTED(-6, "Unimplemented"),
    OPERATIONTIMEOUT(-7, "OperationTimeout"),
    BADARGUMENTS(-8, "BadArguments"),
    UNKNOWNSESSION(-12, "UnknownSession"),
    NEWCONFIGNOQUORUM(-13, "NewConfigNoQuorum"),
    RECONFIGINPROGRESS(-14, "ReconfigInProgress"),
    APIERROR(-100, "APIError"),
    NONODE(-101, "NoNode"),
    NOAUTH(-102, "NoAuth"),
    BADVERSION(-103, "BadVersion"),
    NOCHILDRENFOREPHEMERALS(-108, "NoChildrenForEphemerals"),
    NODEEXISTS(-110, "NodeExists"),
    NOTEMPTY(-111, "Directory not empty"),
    SESSIONEXPIRED(-112, "Session expired"),
    INVALIDCALLBACK(-113, "Invalid callback"),
    INVALIDACL(-114, "InvalidACL"),
    AUTHFAILED(-115, "AuthFailed"),
    SESSIONMOVED(-118, "Session moved"),
    NOTREADONLY(-119, "Not a read-only call"),
    EPHEMERALONLOCALSESSION(-120, "Ephemeral node on local session"),
    NOWATCHER(-121, "No such watcher"),
    REQUESTTIMEOUT(-122, "Request timeout"),
    RECONFIGDISABLED(-123, "Reconfig is disabled"),
    SESSIONCLOSEDREQUIRESASLAUTH(-124, "Session closed because client failed to authenticate"),
    QUOTAEXCEEDED(-125, "Quota has exceeded"),
    THROTTLEDOP(-127, "Op throttled due to high load");

    private final int code;
    private final String text;

    Code(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int intValue() {
        return code;
    }

    /** The short text ZooKeeper puts after "KeeperErrorCode = ". */
    public String text() {
        return text;
    }

    /** The code for a number, or null if ZooKeeper 3.9 has no such code. */
    public static Code of(int code) {
        for (Code c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
