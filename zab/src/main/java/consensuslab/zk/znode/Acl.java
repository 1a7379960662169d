package consensuslab.zk.znode;

import java.util.List;

/** One ACL entry: a permission bit set granted to an identity. */
public record Acl(int perms, Id id) {
    public static final int READ = 1;
    public static final int WRITE = 1 << 1;
    public static final int CREATE = 1 << 2;
    public static final int DELETE = 1 << 3;
    public static final int ADMIN = 1 << 4;
    public static final int ALL = READ | WRITE | CREATE | DELETE | ADMIN;

    /** world:anyone with every permission. */
    public static final List<Acl> OPEN_ACL_UNSAFE = List.of(new Acl(ALL, Id.ANYONE));
    /** Every permission for the creator's authenticated identities. */
    public static final List<Acl> CREATOR_ALL_ACL = List.of(new Acl(ALL, Id.AUTH));
    /** world:anyone may read. */
    public static final List<Acl> READ_ACL_UNSAFE = List.of(new Acl(READ, Id.ANYONE));

    /** zkCli's letters for a permission set, in its order: c d r w a. */
    public static String letters(int perms) {
        StringBuilder b = new StringBuilder();
        if ((perms & CREATE) != 0) b.append('c');
        if ((perms & DELETE) != 0) b.append('d');
        if ((perms & READ) != 0) b.append('r');
        if ((perms & WRITE) != 0) b.append('w');
        if ((perms & ADMIN) != 0) b.append('a');
        return b.toString();
    }

    /** Parses zkCli's letters (c, d, r, w, a); -1 if a letter is unknown. */
    public static int parseLetters(String s) {
        int p = 0;
        for (char c : s.toCharArray()) {
            switch (c) {
                case 'c': p |= CREATE; break;
                case 'd': p |= DELETE; break;
                case 'r': p |= READ; break;
                case 'w': p |= WRITE; break;
                case 'a': p |= ADMIN; break;
                default: return -1;
            }
        }
        return p;
    }
}
