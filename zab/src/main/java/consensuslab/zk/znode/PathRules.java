package consensuslab.zk.znode;

/** ZooKeeper's path rules, checked by clients and servers alike. */
public final class PathRules {
    private PathRules() {
    }

    /** Null if the path is valid, else the reason. {@code sequential} allows a trailing '/'. */
    public static String problem(String path, boolean sequential) {
        if (path == null) {
            return "Path cannot be null";
        }
        if (path.isEmpty()) {
            return "Path length must be > 0";
        }
        if (path.charAt(0) != '/') {
            return "Path must start with / character";
        }
        if (path.length() == 1) {
            return null;
        }
        if (path.charAt(path.length() - 1) == '/' && !sequential) {
            return "Path must not end with / character";
        }
        char last = '/';
        char[] chars = path.toCharArray();
        for (int i = 1; i < chars.length; i++) {
            char c = chars[i];
            if (c == 0) {
                return "null character not allowed @" + i;
            } else if (c == '/' && last == '/') {
                return "empty node name specified @" + i;
            } else if (c == '.' && last == '.') {
                if (chars[i - 2] == '/' && (i + 1 == chars.length || chars[i + 1] == '/')) {
                    return "relative paths not allowed @" + i;
                }
            } else if (c == '.') {
                if (chars[i - 1] == '/' && (i + 1 == chars.length || chars[i + 1] == '/')) {
                    return "relative paths not allowed @" + i;
                }
            } else if (c > '\u0000' && c <= '\u001f' || c >= '\u007f' && c <= '\u009F'
                    || c >= '\ud800' && c <= '\uf8ff' || c >= '\ufff0' && c <= '\uffff') {
                return "invalid character @" + i;
            }
            last = c;
        }
        return null;
    }

    public static boolean valid(String path) {
        return problem(path, false) == null;
    }

    public static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public static String child(String parent, String name) {
        return parent.equals("/") ? "/" + name : parent + "/" + name;
    }
}
