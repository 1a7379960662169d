package consensuslab.visualizer.view;

import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.visualizer.Viz;
import consensuslab.visualizer.model.Session;
import consensuslab.visualizer.model.Timeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * The space-time diagram of the same run: one lane per node, time left to right, an arrow for
 * each message from send to deliver, a red X where one was dropped, dots for state changes (in
 * the role's colour), crashes, restarts, partitions. Click an arrow or a dot to select it (the
 * cluster view highlights it too); click elsewhere to jump to that time; scroll to zoom.
 */
public final class SpaceTimeView extends Pane {

    private static final double LEFT = 54;
    private static final double RIGHT = 14;
    private static final double TOP = 22;
    /** Above this many arrows in the window, labels and arrow heads go. */
    public static final int DETAIL_LIMIT = 300;
    /** At most this many of the latest events are drawn (zoom in to see every one). */
    public static final int MAX_EVENTS = 800;
    /** Above the detail limit, at most this many of the latest arrows are drawn. */
    public static final int MAX_ARROWS = 200;

    private final Viz viz;
    private final Canvas canvas = new Canvas();
    private final List<double[]> segments = new ArrayList<>();
    private final List<long[]> segmentIds = new ArrayList<>();
    private final List<double[]> points = new ArrayList<>();
    /**
     * Line segments of this redraw, batched by stroke: each batch is stroked as one path. In
     * software rendering every stroke call pays the rasterizer's set-up, so a few hundred arrows
     * drawn one by one cost more than the rest of the frame; a path per colour costs a fraction.
     */
    private final Map<Stroke, List<double[]>> batch = new java.util.LinkedHashMap<>();
    /** Arrow captions of this redraw, drawn after the arrows. */
    private final List<Object[]> captions = new ArrayList<>();

    private record Stroke(Color color, double width, boolean dashed) {
    }

    private void segment(Color c, double width, boolean dashed, double x1, double y1, double x2, double y2) {
        batch.computeIfAbsent(new Stroke(c, width, dashed), k -> new ArrayList<>()).add(new double[] {x1, y1, x2, y2});
    }

    /** Strokes every batched segment, one path per stroke, and empties the batch. */
    private void flush(GraphicsContext g) {
        List<Map.Entry<Stroke, List<double[]>>> order = new ArrayList<>(batch.entrySet());
        order.sort(java.util.Comparator.comparing(en -> en.getKey().color().equals(SELECTED))); // the selection on top
        for (Map.Entry<Stroke, List<double[]>> en : order) {
            Stroke k = en.getKey();
            g.setStroke(k.color());
            g.setLineWidth(k.width());
            if (k.dashed()) {
                g.setLineDashes(4, 3);
            }
            g.beginPath();
            for (double[] l : en.getValue()) {
                g.moveTo(l[0], l[1]);
                g.lineTo(l[2], l[3]);
            }
            g.stroke();
            g.setLineDashes();
        }
        batch.clear();
        g.setLineWidth(1);
        if (!captions.isEmpty()) {
            g.setFill(Color.web("#555"));
            g.setFont(Font.font("System", 9));
            for (Object[] c : captions) {
                g.fillText((String) c[0], (double) c[1], (double) c[2]);
            }
            captions.clear();
        }
    }
    private double zoom = 1;
    private long t0;
    private long window = 1;
    private int drawnArrows;
    private boolean heavy;

    /** True when the last frame was drawn at reduced detail (too many arrows): redraw it less often. */
    public boolean heavy() {
        return heavy;
    }

    public SpaceTimeView(Viz viz) {
        this.viz = viz;
        setId("spacetime");
        setMinSize(200, 120);
        getChildren().add(canvas);
        setStyle("-fx-background-color: white;");
        canvas.setOnScroll(e -> {
            zoom *= e.getDeltaY() > 0 ? 0.8 : 1.25;
            zoom = Math.max(0.01, Math.min(100, zoom));
        });
        canvas.setOnMouseClicked(e -> click(e.getX(), e.getY()));
    }

    @Override
    protected void layoutChildren() {
        if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
            canvas.setWidth(getWidth());
            canvas.setHeight(getHeight());
        }
    }

    /** The visible time span in virtual ms (zoomable). */
    public long window() {
        return window;
    }

    public void setZoom(double z) {
        zoom = z;
    }

    private double x(long t) {
        return LEFT + (double) (t - t0) / window * (canvas.getWidth() - LEFT - RIGHT);
    }

    private long timeAt(double px) {
        return t0 + Math.round((px - LEFT) / (canvas.getWidth() - LEFT - RIGHT) * window);
    }

    private void click(double px, double py) {
        double best = 7;
        long msg = -1;
        for (int i = 0; i < segments.size(); i++) {
            double[] s = segments.get(i);
            double d = distToSegment(px, py, s[0], s[1], s[2], s[3]);
            if (d < best) {
                best = d;
                msg = segmentIds.get(i)[0];
            }
        }
        int ev = -1;
        double bestP = 7;
        for (double[] p : points) {
            double d = Math.hypot(p[0] - px, p[1] - py);
            if (d < bestP) {
                bestP = d;
                ev = (int) p[2];
            }
        }
        if (ev >= 0 && bestP <= best) {
            viz.selectEvent(ev);
        } else if (msg >= 0) {
            viz.selectMessage(msg);
        } else if (px >= LEFT) {
            viz.seekTime(timeAt(px));
        }
    }

    private static double distToSegment(double px, double py, double x1, double y1, double x2, double y2) {
        double dx = x2 - x1;
        double dy = y2 - y1;
        double l2 = dx * dx + dy * dy;
        double f = l2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / l2));
        return Math.hypot(px - (x1 + f * dx), py - (y1 + f * dy));
    }

    private Object drawnKey;

    /** Redraws the window that ends at the view time (nothing to do when nothing it shows changed). */
    public void refresh() {
        Object key = java.util.Arrays.asList(viz.session(), viz.version(), viz.viewTime(), getWidth(), getHeight(), zoom);
        if (key.equals(drawnKey)) {
            return;
        }
        drawnKey = key;
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        segments.clear();
        segmentIds.clear();
        points.clear();
        Session s = viz.session();
        if (s == null) {
            return;
        }
        Timeline tl = s.timeline();
        List<String> lanes = new ArrayList<>(s.servers());
        lanes.addAll(s.clients());
        Map<String, Double> laneY = new HashMap<>();
        double laneH = Math.max(8, (h - TOP - 10) / Math.max(1, lanes.size()));
        g.setFont(Font.font("System", FontWeight.BOLD, 11));
        g.setTextAlign(TextAlignment.LEFT);
        batch.clear();
        captions.clear();
        for (int i = 0; i < lanes.size(); i++) {
            double y = TOP + laneH * (i + 0.5);
            laneY.put(lanes.get(i), y);
            segment(LANE, 1, false, LEFT, y, w - RIGHT, y);
            boolean sel = lanes.get(i).equals(viz.selectedNode());
            g.setFill(sel ? Color.web("#b7791f") : Color.web("#444"));
            g.fillText(lanes.get(i), 8, y + 4);
        }
        long now = viz.viewTime();
        long base = Math.max(20, Math.round(viz.speed() * 8));
        window = Math.max(2, Math.round(base * zoom));
        t0 = Math.max(0, now - window);
        if (now < window) {
            t0 = 0;
        }
        int cursor = viz.cursor();
        int from = tl.firstAtOrAfter(t0);
        boolean capped = cursor - from > MAX_EVENTS;
        if (capped) {
            // too many events in the window: show the latest ones, over the time they span
            from = cursor - MAX_EVENTS;
            t0 = tl.get(from).time();
            window = Math.max(1, now - t0);
        }
        // time axis
        g.setFont(Font.font("System", 10));
        g.setFill(Color.web("#777"));
        long tick = niceTick(window / 6.0);
        for (long tt = (t0 / tick) * tick; tt <= t0 + window; tt += tick) {
            if (tt < t0) {
                continue;
            }
            double xx = x(tt);
            segment(TICK, 1, false, xx, TOP - 4, xx, h - 6);
            g.fillText(tt + "ms", xx + 2, 12);
        }
        flush(g);
        // look back a little for sends whose arrows reach into the window
        int start = Math.max(0, from - (capped ? 200 : 2000));
        int arrows = 0;
        for (int i = start; i < cursor; i++) {
            if (tl.get(i).type() == EventType.SEND) {
                arrows++;
            }
        }
        boolean detail = arrows <= DETAIL_LIMIT;
        drawnArrows = 0;
        Long selMsg = viz.selectedMsg();
        int selEv = viz.selectedEvent();
        // partitions as shaded bands
        drawPartitions(g, tl, cursor, h, now);
        int skipArrows = detail ? 0 : Math.max(0, arrows - MAX_ARROWS);
        for (int i = start; i < cursor; i++) {
            TraceEvent e = tl.get(i);
            if (e.type() == EventType.SEND) {
                if (skipArrows > 0 && (selMsg == null || e.id() == null || selMsg.longValue() != e.id())) {
                    skipArrows--;
                    continue;
                }
                drawArrow(tl, i, e, cursor, laneY, now, detail, selMsg);
            }
        }
        flush(g);
        heavy = !detail;
        for (int i = from; i < cursor; i++) {
            TraceEvent e = tl.get(i);
            drawEvent(g, e, i, laneY, detail, i == selEv);
        }
        flush(g);
        // the events that broke an invariant: a red ring
        for (Viz.CheckStatus c : viz.checks()) {
            if (c.violation() != null && c.violation().seq() >= from && c.violation().seq() < cursor) {
                TraceEvent e = tl.get((int) c.violation().seq());
                Double y = e.node() != null ? laneY.get(e.node()) : e.to() != null ? laneY.get(e.to()) : null;
                double vx = x(e.time());
                g.setStroke(Color.web("#d0021b"));
                g.setLineWidth(2.5);
                if (y != null) {
                    g.strokeOval(vx - 9, y - 9, 18, 18);
                } else {
                    g.strokeLine(vx, TOP - 6, vx, h - 4);
                }
                g.setFill(Color.web("#d0021b"));
                g.fillText("✗ " + c.name(), vx + 10, (y == null ? TOP + 12 : y - 10));
                g.setLineWidth(1);
            }
        }
        if (capped) {
            g.setFill(Color.web("#b7791f"));
            g.setFont(Font.font("System", 10));
            g.fillText("busy: showing only the last " + MAX_EVENTS + " events (" + window + " ms); filter by node or type to see more", LEFT + 4, h - 4);
        }
        // the cursor
        double cx = x(now);
        g.setStroke(Color.web("#ff8c00"));
        g.setLineWidth(1.5);
        g.strokeLine(cx, TOP - 6, cx, h - 4);
        g.setLineWidth(1);
    }

    private void drawPartitions(GraphicsContext g, Timeline tl, int cursor, double h, long now) {
        long since = -1;
        for (int i : tl.partitionEvents()) {
            if (i >= cursor) {
                break;
            }
            TraceEvent e = tl.get(i);
            if (e.type() == EventType.PARTITION && since < 0) {
                since = e.time();
            } else if (e.type() == EventType.HEAL && since >= 0) {
                band(g, since, e.time(), h);
                since = -1;
            }
        }
        if (since >= 0) {
            band(g, since, now, h);
        }
    }

    private void band(GraphicsContext g, long a, long b, double h) {
        if (b < t0) {
            return;
        }
        double xa = Math.max(LEFT, x(a));
        double xb = Math.max(xa + 1, x(b));
        g.setFill(Color.web("#d65c5c", 0.10));
        g.fillRect(xa, TOP - 6, xb - xa, h - TOP);
        g.setFill(Color.web("#b02a2a"));
        g.fillText("partition", xa + 3, TOP + 2);
    }

    private void drawArrow(Timeline tl, int i, TraceEvent e, int cursor, Map<String, Double> laneY, long now,
                           boolean detail, Long selMsg) {
        if (e.id() == null || !viz.shown(e.from(), e.to(), e.msgType())) {
            return;
        }
        Double ya = laneY.get(e.from());
        Double yb = laneY.get(e.to());
        if (ya == null || yb == null) {
            return;
        }
        int end = tl.endIndex(e.id(), i);
        double xa = x(e.time());
        double xb;
        double yEnd;
        boolean dropped = false;
        boolean inFlight = end < 0 || end >= cursor;
        if (!inFlight) {
            TraceEvent d = tl.get(end);
            if (d.time() < t0) {
                return;
            }
            dropped = d.type() == EventType.DROP;
            xb = x(d.time());
            yEnd = dropped && d.time() == e.time() ? ya + (yb - ya) * 0.25 : dropped ? ya + (yb - ya) * 0.85 : yb;
            if (dropped && d.time() == e.time()) {
                xb = xa + 8;
            }
        } else {
            long arrive = tl.arrival(e.id(), cursor);
            double f = arrive > e.time() ? Math.min(1, (double) (now - e.time()) / (arrive - e.time())) : 0.5;
            xb = x(now);
            yEnd = ya + (yb - ya) * Math.max(0.05, f);
        }
        if (xb < LEFT) {
            return;
        }
        boolean sel = selMsg != null && selMsg.longValue() == e.id();
        Color c = Roles.ofType(e.msgType());
        Color stroke = sel ? SELECTED : detail ? c : Color.color(c.getRed(), c.getGreen(), c.getBlue(), 0.35);
        double width = sel ? 3.5 : 1.2;
        segment(stroke, width, inFlight, xa, ya, xb, yEnd);
        if (dropped) {
            segment(DROP, 2, false, xb - 4, yEnd - 4, xb + 4, yEnd + 4);
            segment(DROP, 2, false, xb - 4, yEnd + 4, xb + 4, yEnd - 4);
        } else if (!inFlight && detail) {
            double ang = Math.atan2(yEnd - ya, xb - xa);
            segment(stroke, width, false, xb, yEnd, xb - 7 * Math.cos(ang - 0.4), yEnd - 7 * Math.sin(ang - 0.4));
            segment(stroke, width, false, xb, yEnd, xb - 7 * Math.cos(ang + 0.4), yEnd - 7 * Math.sin(ang + 0.4));
        }
        if (detail && (xb - xa) > 40) {
            captions.add(new Object[] {e.msgType(), (xa + xb) / 2 + 2, (ya + yEnd) / 2 - 2});
        }
        segments.add(new double[] {xa, ya, xb, yEnd});
        segmentIds.add(new long[] {e.id()});
        drawnArrows++;
    }

    private static final Color LANE = Color.web("#e0e0e0");
    private static final Color TICK = Color.web("#f0f0f0");
    private static final Color SELECTED = Color.web("#ffbf00");
    private static final Color DROP = Color.web("#d0021b");

    private void drawEvent(GraphicsContext g, TraceEvent e, int index, Map<String, Double> laneY, boolean detail, boolean selected) {
        if (e.node() == null) {
            if (e.type() == EventType.PARTITION || e.type() == EventType.HEAL) {
                double xx = x(e.time());
                g.setStroke(Color.web("#b02a2a"));
                g.setLineDashes(3, 3);
                g.strokeLine(xx, TOP - 6, xx, canvas.getHeight() - 4);
                g.setLineDashes();
            }
            return;
        }
        Double y = laneY.get(e.node());
        if (y == null) {
            return;
        }
        double xx = x(e.time());
        if (selected) {
            g.setFill(Color.web("#ffd400"));
            g.fillOval(xx - 8, y - 8, 16, 16);
        }
        switch (e.type()) {
            case STATE -> {
                if (!detail && !selected) {
                    return;
                }
                com.fasterxml.jackson.databind.JsonNode small = consensuslab.visualizer.model.Phase.small(e.state());
                g.setFill(Roles.of(small.path("role").asText(""), small));
                g.fillOval(xx - 4, y - 4, 8, 8);
                points.add(new double[] {xx, y, index});
            }
            case CRASH -> {
                segment(DROP, 3, false, xx - 6, y - 6, xx + 6, y + 6);
                segment(DROP, 3, false, xx - 6, y + 6, xx + 6, y - 6);
                points.add(new double[] {xx, y, index});
            }
            case RESTART, START -> {
                g.setFill(Color.web("#2e9e44"));
                g.fillPolygon(new double[] {xx - 4, xx + 5, xx - 4}, new double[] {y - 6, y, y + 6}, 3);
                points.add(new double[] {xx, y, index});
            }
            case TIMER_FIRE -> {
                if (!detail) {
                    return;
                }
                if (detail) {
                    segment(Roles.ofType(e.timerType()), 1, false, xx, y - 7, xx, y + 7);
                    points.add(new double[] {xx, y, index});
                }
            }
            case INVOKE, RETURN -> {
                g.setFill(Color.web("#555"));
                g.fillRect(xx - 3, y - 3, 6, 6);
                points.add(new double[] {xx, y, index});
            }
            case PAUSE, RESUME, SYNC -> {
                if (detail) {
                    g.setStroke(Color.web("#999"));
                    g.strokeRect(xx - 2, y - 2, 4, 4);
                }
            }
            default -> {
                // sends are arrows; delivers and drops are their ends
            }
        }
    }

    private static long niceTick(double raw) {
        long p = 1;
        while (p * 10 <= raw) {
            p *= 10;
        }
        if (p * 5 <= raw) {
            return p * 5;
        }
        if (p * 2 <= raw) {
            return p * 2;
        }
        return p;
    }

    /** Arrows drawn in the last frame. */
    public int drawnArrows() {
        return drawnArrows;
    }
}
