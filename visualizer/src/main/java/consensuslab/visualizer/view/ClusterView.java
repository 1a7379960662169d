package consensuslab.visualizer.view;

import consensuslab.visualizer.Viz;
import consensuslab.visualizer.model.ClusterState;
import consensuslab.visualizer.model.Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.Group;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.ArcType;
import javafx.scene.shape.Circle;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * The cluster: servers on a ring, clients in a column, coloured by their published role, with
 * messages in flight moving along the links, drops, duplicates, partitions, crashes and timers.
 * Nodes are scene-graph shapes (clickable, draggable, findable by id "node-n1", "node-n1-role",
 * "node-n1-label"); links, messages and timers are drawn on a canvas each frame.
 */
public final class ClusterView extends Pane {

    /** Above this many messages in flight, labels go and repeated types on a link are grouped. */
    public static final int DETAIL_LIMIT = 40;

    private final Viz viz;
    /** Links and partition cuts: redrawn only when they change. */
    private final Canvas base = new Canvas();
    /** Messages, timers, drops: redrawn every frame. */
    private final Canvas canvas = new Canvas();
    private Object baseKey;
    private final Map<String, NodeShape> shapes = new LinkedHashMap<>();
    private final Map<String, Point2D> pos = new HashMap<>();
    private final List<Hit> hits = new ArrayList<>();
    private Session laidOut;
    private int laidOutCount;
    private double radius = 26;
    private Point2D center = Point2D.ZERO;
    private int drawnDrops;
    private int drawnDropLabels;

    /** A drop mark fades out over this many events after it (and over about a wall-clock second of run). */
    public static final int FADE_EVENTS = 40;
    /** At most this many drop marks carry their label (the newest). */
    public static final int MAX_DROP_LABELS = 6;
    private int drawnMessages;
    private int drawnGroups;

    private record Hit(double x, double y, long msgId) {
    }

    private final class NodeShape extends Group {
        final Circle circle = new Circle();
        final Circle ring = new Circle();
        final Text name = new Text();
        final Text role = new Text();
        final Text label = new Text();
        final String node;
        double pressX;
        double pressY;

        NodeShape(String node) {
            this.node = node;
            circle.setId("node-" + node);
            role.setId("node-" + node + "-role");
            label.setId("node-" + node + "-label");
            name.setText(node);
            name.setMouseTransparent(true);
            name.setFill(Color.WHITE);
            name.setFont(Font.font("System", FontWeight.BOLD, 13));
            name.setTextOrigin(VPos.CENTER);
            name.setTextAlignment(TextAlignment.CENTER);
            role.setMouseTransparent(true);
            label.setMouseTransparent(true);
            role.setFont(Font.font("System", FontWeight.BOLD, 11));
            role.setTextOrigin(VPos.TOP);
            label.setFont(Font.font("System", 11));
            label.setTextOrigin(VPos.TOP);
            ring.setFill(null);
            ring.setStrokeWidth(3);
            ring.setMouseTransparent(true);
            getChildren().addAll(ring, circle, name, role, label);
            circle.setOnMousePressed(e -> {
                pressX = e.getSceneX();
                pressY = e.getSceneY();
            });
            circle.setOnMouseReleased(e -> {
                double d = Math.hypot(e.getSceneX() - pressX, e.getSceneY() - pressY);
                if (e.getButton() == MouseButton.PRIMARY && d > 3 * radius) {
                    // dragged away: move the node across the partition
                    viz.selectNode(node);
                    viz.toggleIsolated(node);
                }
            });
            circle.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.isStillSincePress()) {
                    viz.selectNode(node);
                    if (e.getClickCount() == 2) {
                        viz.crashOrRestart(node);
                    }
                }
            });
            ContextMenu menu = new ContextMenu();
            MenuItem crash = new MenuItem("Crash / restart");
            crash.setOnAction(e -> viz.crashOrRestart(node));
            MenuItem iso = new MenuItem("Move across partition");
            iso.setOnAction(e -> viz.toggleIsolated(node));
            MenuItem filter = new MenuItem("Show only its messages");
            filter.setOnAction(e -> viz.setNodeFilter(node));
            menu.getItems().addAll(crash, iso, filter);
            circle.setOnContextMenuRequested(e -> {
                viz.selectNode(node);
                menu.show(circle, e.getScreenX(), e.getScreenY());
            });
        }
    }

    public ClusterView(Viz viz) {
        this.viz = viz;
        setId("cluster");
        setMinSize(200, 200);
        getChildren().addAll(base, canvas);
        base.setMouseTransparent(true);
        addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> requestFocus());
        canvas.setOnMouseClicked(e -> {
            Hit best = null;
            double bd = 12;
            for (Hit h : hits) {
                double d = Math.hypot(h.x - e.getX(), h.y - e.getY());
                if (d < bd) {
                    bd = d;
                    best = h;
                }
            }
            if (best != null) {
                viz.selectMessage(best.msgId);
                if (e.getClickCount() == 2) {
                    viz.dropSelected();
                }
            } else {
                viz.selectMessage(null);
            }
        });
        setStyle("-fx-background-color: #fbfbf8;");
    }

    @Override
    protected void layoutChildren() {
        // called after any child changes (a caption's text): only a new size means a new layout
        if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
            canvas.setWidth(getWidth());
            canvas.setHeight(getHeight());
            base.setWidth(getWidth());
            base.setHeight(getHeight());
            laidOut = null;
            baseKey = null;
        }
    }

    private void layoutNodes(Session s) {
        double w = getWidth();
        double h = getHeight();
        List<String> servers = s.servers();
        List<String> clients = s.clients();
        double left = clients.isEmpty() ? 0 : 90;
        double cx = left + (w - left) / 2;
        double cy = h / 2;
        // the ring scales to the space it has: an ellipse filling the pane, less room for the captions
        double rx = Math.max(40, (w - left) / 2 - 80);
        double ry = Math.max(40, h / 2 - 58);
        double ring = Math.min(rx, ry);
        radius = Math.max(13, Math.min(28, ring * Math.sin(Math.PI / Math.max(3, servers.size())) * 0.42));
        center = new Point2D(cx, cy);
        pos.clear();
        for (int i = 0; i < servers.size(); i++) {
            double a = -Math.PI / 2 + 2 * Math.PI * i / servers.size();
            pos.put(servers.get(i), new Point2D(cx + rx * Math.cos(a), cy + ry * Math.sin(a)));
        }
        for (int i = 0; i < clients.size(); i++) {
            double y = h * (i + 1) / (clients.size() + 1);
            pos.put(clients.get(i), new Point2D(40, y));
        }
        List<String> names = new ArrayList<>(servers);
        names.addAll(clients);
        if (!names.equals(new ArrayList<>(shapes.keySet()))) {
            getChildren().removeIf(n -> n instanceof NodeShape);
            shapes.clear();
            for (String n : names) {
                NodeShape ns = new NodeShape(n);
                shapes.put(n, ns);
                getChildren().add(ns);
            }
        }
        for (String n : names) {
            NodeShape ns = shapes.get(n);
            Point2D p = pos.get(n);
            boolean client = clients.contains(n);
            double r = client ? radius * 0.7 : radius;
            ns.circle.setCenterX(p.getX());
            ns.circle.setCenterY(p.getY());
            ns.circle.setRadius(r);
            ns.ring.setCenterX(p.getX());
            ns.ring.setCenterY(p.getY());
            ns.ring.setRadius(r + 5);
            ns.name.setX(p.getX() - (n.length() * 3.6));
            ns.name.setY(p.getY());
        }
        laidOut = s;
    }

    private Object drawnKey;

    /** Redraws from the current cursor and view time (nothing to do when neither they nor the size changed). */
    public void refresh() {
        Session s = viz.session();
        Object key = java.util.Arrays.asList(s, viz.version(), viz.smoothTime(), getWidth(), getHeight(), laidOut);
        if (key.equals(drawnKey)) {
            return;
        }
        drawnKey = key;
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        hits.clear();
        if (s == null) {
            return;
        }
        if (laidOut != s || laidOutCount != s.servers().size() + s.clients().size()) {
            layoutNodes(s);
            laidOutCount = s.servers().size() + s.clients().size();
            baseKey = null;
        }
        ClusterState st = viz.state();
        long t = viz.viewTime();
        double smooth = viz.smoothTime();
        Object bk = java.util.Arrays.asList(s, st.partition(), getWidth(), getHeight());
        if (!bk.equals(baseKey)) {
            baseKey = bk;
            GraphicsContext bg = base.getGraphicsContext2D();
            bg.clearRect(0, 0, base.getWidth(), base.getHeight());
            drawLinks(bg, s, st);
        }
        drawTimers(g, st, smooth);
        drawMessages(g, st, smooth);
        drawMarks(g, st, t);
        updateNodes(s, st);
        if (!st.partition().isEmpty()) {
            g.setFill(Color.web("#b02a2a"));
            g.setFont(Font.font("System", FontWeight.BOLD, 12));
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("partition: " + partitionText(st), 10 + (s.clients().isEmpty() ? 0 : 80), 18);
        }
    }

    /** "n1,n2 | n3" */
    public static String partitionText(ClusterState st) {
        List<String> parts = new ArrayList<>();
        for (List<String> grp : st.partition()) {
            parts.add(String.join(",", grp));
        }
        return String.join(" | ", parts);
    }

    private void drawLinks(GraphicsContext g, Session s, ClusterState st) {
        List<String> servers = s.servers();
        g.setLineWidth(1);
        for (int i = 0; i < servers.size(); i++) {
            for (int j = i + 1; j < servers.size(); j++) {
                Point2D a = pos.get(servers.get(i));
                Point2D b = pos.get(servers.get(j));
                int ga = st.groupOf(servers.get(i));
                int gb = st.groupOf(servers.get(j));
                boolean cut = !st.partition().isEmpty() && ga != gb;
                if (cut) {
                    g.setStroke(Color.web("#d65c5c", 0.55));
                    g.setLineDashes(4, 5);
                } else {
                    g.setStroke(Color.web("#9aa0a6", 0.45));
                    g.setLineDashes();
                }
                g.strokeLine(a.getX(), a.getY(), b.getX(), b.getY());
                if (cut) {
                    double mx = (a.getX() + b.getX()) / 2;
                    double my = (a.getY() + b.getY()) / 2;
                    g.setLineDashes();
                    g.setStroke(Color.web("#c03030"));
                    g.strokeLine(mx - 4, my - 4, mx + 4, my + 4);
                    g.strokeLine(mx - 4, my + 4, mx + 4, my - 4);
                }
            }
        }
        g.setLineDashes();
    }

    private void drawTimers(GraphicsContext g, ClusterState st, double t) {
        for (Map.Entry<String, ClusterState.NodeView> en : st.nodes().entrySet()) {
            Point2D p = pos.get(en.getKey());
            if (p == null || !en.getValue().up()) {
                continue;
            }
            List<ClusterState.TimerView> ts = st.timersOf(en.getKey());
            int k = 0;
            for (ClusterState.TimerView tv : ts) {
                if (k >= 4) {
                    break;
                }
                double total = Math.max(1, tv.due() - tv.setTime());
                double left = Math.max(0, Math.min(1, (tv.due() - t) / total));
                double r = radius + 9 + 4 * k;
                g.setStroke(Roles.ofType(tv.type()));
                g.setLineWidth(2.5);
                g.strokeArc(p.getX() - r, p.getY() - r, 2 * r, 2 * r, 90, 360 * left, ArcType.OPEN);
                k++;
            }
        }
        g.setLineWidth(1);
    }

    private Point2D along(String from, String to, double f) {
        Point2D a = pos.get(from);
        Point2D b = pos.get(to);
        if (a == null || b == null) {
            return null;
        }
        double dx = b.getX() - a.getX();
        double dy = b.getY() - a.getY();
        double len = Math.max(1, Math.hypot(dx, dy));
        // keep the two directions of a link apart
        double ox = -dy / len * 5;
        double oy = dx / len * 5;
        double start = Math.min(0.45, (radius + 10) / len);
        double ff = start + (1 - 2 * start) * f;
        return new Point2D(a.getX() + dx * ff + ox, a.getY() + dy * ff + oy);
    }

    private void drawMessages(GraphicsContext g, ClusterState st, double t) {
        List<ClusterState.InFlight> shown = new ArrayList<>();
        for (ClusterState.InFlight f : st.inflight()) {
            if (viz.shown(f.from(), f.to(), f.type())) {
                shown.add(f);
            }
        }
        boolean detail = shown.size() <= DETAIL_LIMIT;
        Long sel = viz.selectedMsg();
        g.setFont(Font.font("System", 10));
        g.setTextAlign(TextAlignment.LEFT);
        drawnMessages = 0;
        drawnGroups = 0;
        if (detail) {
            for (ClusterState.InFlight f : shown) {
                Point2D p = along(f.from(), f.to(), progress(f, t));
                if (p == null) {
                    continue;
                }
                boolean selected = sel != null && sel == f.id();
                dot(g, p, Roles.ofType(f.type()), selected, f.copies() > 1);
                g.setFill(Color.web("#222"));
                g.fillText(f.type() + (f.copies() > 1 ? " ×" + f.copies() : ""), p.getX() + 7, p.getY() - 5);
                hits.add(new Hit(p.getX(), p.getY(), f.id()));
                drawnMessages++;
            }
            return;
        }
        // level of detail: one marker per (link, type), placed at the leading message, with a count
        Map<String, List<ClusterState.InFlight>> groups = new LinkedHashMap<>();
        for (ClusterState.InFlight f : shown) {
            groups.computeIfAbsent(f.from() + ">" + f.to() + ">" + f.type(), k -> new ArrayList<>()).add(f);
        }
        for (List<ClusterState.InFlight> grp : groups.values()) {
            double lead = 0;
            int copies = 0;
            ClusterState.InFlight first = grp.get(0);
            boolean selected = false;
            for (ClusterState.InFlight f : grp) {
                lead = Math.max(lead, progress(f, t));
                copies += f.copies();
                selected |= sel != null && sel == f.id();
            }
            Point2D p = along(first.from(), first.to(), lead);
            if (p == null) {
                continue;
            }
            // cheap marker for the software renderer: an axis-aligned rectangle, sized by the count
            if (selected) {
                g.setFill(Color.web("#ffd400"));
                g.fillRect(p.getX() - 8, p.getY() - 8, 16, 16);
            }
            double half = Math.min(7, 3 + copies);
            g.setFill(Roles.ofType(first.type()));
            g.fillRect(p.getX() - half, p.getY() - half * 0.75, 2 * half, 1.5 * half);
            if (copies > 1 && groups.size() <= 24) {
                g.setFill(Color.web("#222"));
                g.fillText("×" + copies, p.getX() + 6, p.getY() - 4);
            }
            for (ClusterState.InFlight f : grp) {
                hits.add(new Hit(p.getX(), p.getY(), f.id()));
            }
            drawnGroups++;
            drawnMessages += copies;
        }
        // a legend of the types, since the markers carry no labels now
        Map<String, Integer> byType = new LinkedHashMap<>();
        for (ClusterState.InFlight f : shown) {
            byType.merge(f.type(), f.copies(), Integer::sum);
        }
        double y = getHeight() - 14 - 14 * byType.size();
        for (Map.Entry<String, Integer> en : byType.entrySet()) {
            g.setFill(Roles.ofType(en.getKey()));
            g.fillOval(getWidth() - 150, y - 8, 9, 9);
            g.setFill(Color.web("#222"));
            g.fillText(en.getKey() + " ×" + en.getValue(), getWidth() - 136, y);
            y += 14;
        }
    }

    private double progress(ClusterState.InFlight f, double t) {
        long arrive = viz.arrival(f);
        if (arrive < 0) {
            arrive = f.sendTime() + 10;
        }
        if (arrive <= f.sendTime()) {
            return 0.5;
        }
        return Math.max(0, Math.min(1, (t - f.sendTime()) / (arrive - f.sendTime())));
    }

    private static void dot(GraphicsContext g, Point2D p, Color c, boolean selected, boolean dup) {
        if (selected) {
            g.setFill(Color.web("#ffd400"));
            g.fillOval(p.getX() - 9, p.getY() - 9, 18, 18);
        }
        g.setFill(c);
        g.fillRoundRect(p.getX() - 5, p.getY() - 4, 10, 8, 4, 4);
        g.setStroke(Color.web("#333"));
        g.setLineWidth(0.8);
        g.strokeRoundRect(p.getX() - 5, p.getY() - 4, 10, 8, 4, 4);
        if (dup) {
            g.strokeRoundRect(p.getX() - 7, p.getY() - 6, 14, 12, 5, 5);
        }
    }

    private void drawMarks(GraphicsContext g, ClusterState st, long t) {
        long window = Math.max(2, Math.round(viz.speed() * 0.8));
        int cursor = viz.cursor();
        drawnDrops = 0;
        drawnDropLabels = 0;
        for (ClusterState.Mark m : st.marksSince(t - window)) { // newest first
            if (!viz.shown(m.from(), m.to(), m.type())) {
                continue;
            }
            double alpha = fade(t - m.time(), window, cursor - m.seq());
            if (alpha <= 0) {
                continue;
            }
            double f = "drop".equals(m.kind()) && "partition".equals(m.text()) ? 0.25 : "drop".equals(m.kind()) ? 0.85 : 0.08;
            Point2D p = along(m.from(), m.to(), f);
            if (p == null) {
                continue;
            }
            boolean labelled = drawnDropLabels < MAX_DROP_LABELS;
            if ("drop".equals(m.kind())) {
                Color red = Color.web("#d0021b", alpha);
                g.setStroke(red);
                g.setLineWidth(2.5);
                g.strokeLine(p.getX() - 6, p.getY() - 6, p.getX() + 6, p.getY() + 6);
                g.strokeLine(p.getX() - 6, p.getY() + 6, p.getX() + 6, p.getY() - 6);
                drawnDrops++;
                if (labelled) {
                    g.setFill(red);
                    g.fillText(m.type() + (m.text() == null ? "" : " (" + m.text() + ")"), p.getX() + 8, p.getY() + 12);
                    drawnDropLabels++;
                }
            } else if (labelled) {
                g.setFill(Color.web("#7b3fa0", alpha));
                g.fillText("dup " + m.type(), p.getX() + 8, p.getY() + 12);
                drawnDropLabels++;
            }
        }
        g.setLineWidth(1);
    }

    /**
     * How opaque a drop mark is: it fades with the virtual time since it (over {@code window}) and
     * with the events since it (over {@link #FADE_EVENTS}), so marks fade while paused and stepping
     * instead of piling up; 0 once either runs out.
     */
    public static double fade(long sinceMs, long window, long eventsSince) {
        double byTime = 1 - (double) Math.max(0, sinceMs) / Math.max(1, window);
        double byEvents = 1 - (double) Math.max(0, eventsSince) / FADE_EVENTS;
        return Math.max(0, Math.min(byTime, byEvents));
    }

    /** Drop marks drawn in the last frame. */
    public int drawnDrops() {
        return drawnDrops;
    }

    /** Drop and duplicate labels drawn in the last frame (at most {@link #MAX_DROP_LABELS}). */
    public int drawnDropLabels() {
        return drawnDropLabels;
    }

    private void updateNodes(Session s, ClusterState st) {
        String sel = viz.selectedNode();
        final Color[] groupColours = {Color.web("#2b6cb0"), Color.web("#c05621"), Color.web("#2f855a"), Color.web("#6b46c1")};
        for (NodeShape ns : shapes.values()) {
            ClusterState.NodeView v = st.node(ns.node);
            Point2D p = pos.get(ns.node);
            if (v == null || p == null) {
                continue;
            }
            String roleText;
            Color fill;
            if (!v.started()) {
                roleText = "not started";
                fill = Roles.UNSTARTED;
            } else if (!v.up()) {
                roleText = "crashed";
                fill = Roles.CRASHED;
            } else {
                roleText = v.role().isEmpty() ? "up" : v.role();
                fill = Roles.of(v.role(), v.json());
                if (v.paused()) {
                    roleText += " (paused)";
                    fill = fill.desaturate();
                }
            }
            // set only what changed: an equal but new Paint still marks the shape dirty
            set(ns.circle.fillProperty(), fill);
            set(ns.circle.strokeProperty(), v.up() ? DARK : RED);
            ns.circle.setStrokeWidth(v.up() ? 1.2 : 3);
            int grp = st.groupOf(ns.node);
            if (ns.node.equals(sel)) {
                set(ns.ring.strokeProperty(), SELECTED);
                ns.ring.setVisible(true);
            } else if (grp >= 0) {
                set(ns.ring.strokeProperty(), groupColours[grp % groupColours.length]);
                ns.ring.setVisible(true);
            } else {
                ns.ring.setVisible(false);
            }
            setText(ns.role, roleText);
            setText(ns.label, v.label());
            set(ns.role.fillProperty(), v.up() ? fill.darker() : RED);
        }
        placeCaptions(s);
    }

    /**
     * Puts each node's caption (role above label) outside the ring, on the side facing away from
     * the centre, then pushes overlapping captions apart until no two boxes overlap (a few rounds),
     * keeping them inside the pane.
     */
    private void placeCaptions(Session s) {
        List<NodeShape> list = new ArrayList<>();
        List<double[]> boxes = new ArrayList<>(); // x, y, w, h
        for (NodeShape ns : shapes.values()) {
            Point2D p = pos.get(ns.node);
            if (p == null) {
                continue;
            }
            double bw = Math.max(ns.role.getLayoutBounds().getWidth(), ns.label.getLayoutBounds().getWidth()) + 4;
            double bh = ns.label.getText().isEmpty() ? 15 : 28;
            double r = ns.circle.getRadius() + (s.clients().contains(ns.node) ? 3 : 8);
            double x;
            double y;
            if (s.clients().contains(ns.node)) {
                x = p.getX() - bw / 2;
                y = p.getY() + r;
            } else {
                double ux = p.getX() - center.getX();
                double uy = p.getY() - center.getY();
                double len = Math.max(1e-6, Math.hypot(ux, uy));
                ux /= len;
                uy /= len;
                // the box's nearest side touches the circle r away from the node, along the outward direction
                double bx = p.getX() + ux * r + (ux - 1) * bw / 2;
                double by = p.getY() + uy * r + (uy - 1) * bh / 2;
                if (uy > 0.3) {
                    bx = p.getX() - bw / 2; // below the lower nodes, centred
                } else if (uy < -0.3) {
                    bx = p.getX() - bw / 2;
                    by = p.getY() - r - bh;
                }
                x = bx;
                y = by;
            }
            list.add(ns);
            boxes.add(new double[] {x, y, bw, bh});
        }
        double w = Math.max(1, getWidth());
        double h = Math.max(1, getHeight());
        for (int round = 0; round < 30; round++) {
            boolean moved = false;
            for (int i = 0; i < boxes.size(); i++) {
                for (int j = i + 1; j < boxes.size(); j++) {
                    double[] a = boxes.get(i);
                    double[] b = boxes.get(j);
                    double ox = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
                    double oy = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
                    if (ox <= 0 || oy <= 0) {
                        continue;
                    }
                    moved = true;
                    if (oy <= ox) { // apart vertically
                        double d = (oy + 1) / 2;
                        if (a[1] < b[1]) {
                            a[1] -= d;
                            b[1] += d;
                        } else {
                            a[1] += d;
                            b[1] -= d;
                        }
                    } else {
                        double d = (ox + 1) / 2;
                        if (a[0] < b[0]) {
                            a[0] -= d;
                            b[0] += d;
                        } else {
                            a[0] += d;
                            b[0] -= d;
                        }
                    }
                }
            }
            for (double[] b : boxes) {
                b[0] = Math.max(2, Math.min(w - b[2] - 2, b[0]));
                b[1] = Math.max(2, Math.min(h - b[3] - 2, b[1]));
            }
            if (!moved) {
                break;
            }
        }
        for (int i = 0; i < list.size(); i++) {
            NodeShape ns = list.get(i);
            double[] b = boxes.get(i);
            double mid = b[0] + b[2] / 2;
            ns.role.setX(mid - ns.role.getLayoutBounds().getWidth() / 2);
            ns.role.setY(b[1]);
            ns.label.setX(mid - ns.label.getLayoutBounds().getWidth() / 2);
            ns.label.setY(b[1] + 13);
        }
    }

    private static final Color DARK = Color.web("#333");
    private static final Color RED = Color.web("#d0021b");
    private static final Color SELECTED = Color.web("#ffbf00");

    private static void set(javafx.beans.property.ObjectProperty<javafx.scene.paint.Paint> p, Color c) {
        if (!c.equals(p.get())) {
            p.set(c);
        }
    }

    private static void setText(Text t, String s) {
        if (!s.equals(t.getText())) {
            t.setText(s);
        }
    }

    /** Message markers drawn in the last frame (grouped copies count each). */
    public int drawnMessages() {
        return drawnMessages;
    }

    /** Grouped markers in the last frame (0 when every message is drawn on its own). */
    public int drawnGroups() {
        return drawnGroups;
    }

    /** Where a node is drawn (for tests and the PNG export). */
    public Point2D position(String node) {
        return pos.get(node);
    }

    /** Screen positions of the message markers of the last frame, by message id. */
    public Map<Long, Point2D> messagePositions() {
        Map<Long, Point2D> m = new LinkedHashMap<>();
        for (Hit h : hits) {
            m.putIfAbsent(h.msgId, new Point2D(h.x, h.y));
        }
        return m;
    }
}
