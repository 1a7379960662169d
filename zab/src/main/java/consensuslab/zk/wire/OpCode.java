package consensuslab.zk.wire;

/** Request type numbers (RequestHeader.type) and special xids of ZooKeeper's client protocol. */
public final class OpCode {
    private OpCode() {
    }

    public static final int NOTIFICATION = 0;
    public static final int CREATE = 1;
    public static final int DELETE = 2;
    public static final int EXISTS = 3;
    public static final int GET_DATA = 4;
    public static final int SET_DATA = 5;
    public static final int GET_ACL = 6;
    public static final int SET_ACL = 7;
    public static final int GET_CHILDREN = 8;
    public static final int SYNC = 9;
    public static final int PING = 11;
    public static final int GET_CHILDREN2 = 12;
    public static final int CHECK = 13;
    public static final int MULTI = 14;
    public static final int CREATE2 = 15;
    public static final int RECONFIG = 16;
    public static final int CHECK_WATCHES = 17;
    public static final int REMOVE_WATCHES = 18;
    public static final int CREATE_CONTAINER = 19;
    public static final int DELETE_CONTAINER = 20;
    public static final int CREATE_TTL = 21;
    public static final int MULTI_READ = 22;
    public static final int AUTH = 100;
    public static final int SET_WATCHES = 101;
    public static final int SASL = 102;
    public static final int GET_EPHEMERALS = 103;
    public static final int GET_ALL_CHILDREN_NUMBER = 104;
    public static final int SET_WATCHES2 = 105;
    public static final int ADD_WATCH = 106;
    public static final int WHO_AM_I = 107;
    public static final int CREATE_SESSION = -10;
    public static final int CLOSE_SESSION = -11;
    public static final int ERROR = -1;

    public static final int XID_NOTIFICATION = -1;
    public static final int XID_PING = -2;
    public static final int XID_AUTH = -4;
    public static final int XID_SET_WATCHES = -8;

    /** The short names the cons four-letter word prints as lop=. */
    public static String shortName(int op) {
        switch (op) {
            case CREATE: return "CREA";
            case DELETE: return "DELE";
            case EXISTS: return "EXIS";
            case GET_DATA: return "GETD";
            case SET_DATA: return "SETD";
            case GET_ACL: return "GETA";
            case SET_ACL: return "SETA";
            case GET_CHILDREN: return "GETC";
            case SYNC: return "SYNC";
            case PING: return "PING";
            case GET_CHILDREN2: return "GETC";
            case CHECK: return "CHEC";
            case MULTI: return "MULT";
            case CREATE2: return "CREA";
            case RECONFIG: return "RECO";
            case CHECK_WATCHES: return "CHKW";
            case REMOVE_WATCHES: return "REMW";
            case CREATE_CONTAINER: return "CCON";
            case DELETE_CONTAINER: return "DCON";
            case CREATE_TTL: return "CTTL";
            case MULTI_READ: return "MLTR";
            case AUTH: return "AUTH";
            case SET_WATCHES: return "SETW";
            case SASL: return "SASL";
            case GET_EPHEMERALS: return "GETE";
            case GET_ALL_CHILDREN_NUMBER: return "GETACN";
            case SET_WATCHES2: return "STW2";
            case ADD_WATCH: return "ADDW";
            case WHO_AM_I: return "HOMI";
            case CREATE_SESSION: return "SESS";
            case CLOSE_SESSION: return "CLOS";
            default: return "UNKNOWN";
        }
    }
}
