package consensuslab.labs.compare;

import consensuslab.faults.Fault;
import consensuslab.faults.FaultSchedule;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * The comparison's PNG plots, drawn with java.awt on a BufferedImage in headless mode (no display,
 * no extra dependency): latency.png (the latency distribution per protocol, as a CDF),
 * availability.png (the share of seeds available in each 100 ms, per protocol, faults marked) and
 * cost.png (messages, bytes, delays and forced writes per operation, side by side).
 */
public final class Plots {

    static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b)};
    static final List<String> FILES = List.of("latency.png", "availability.png", "cost.png");

    private Plots() {
    }

    /** Writes the three plots into {@code dir}. */
    public static void write(Results r, Path dir) {
        System.setProperty("java.awt.headless", "true");
        save(latency(r), dir.resolve("latency.png"));
        save(availability(r), dir.resolve("availability.png"));
        save(cost(r), dir.resolve("cost.png"));
    }

    private static void save(BufferedImage img, Path file) {
        try {
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Graphics2D canvas(BufferedImage img, String title) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 20, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    private static String subtitle(Results r) {
        return "scenario " + r.scenario() + ", seeds " + r.seeds() + ", " + r.nodes() + " servers, " + r.clients() + " clients";
    }

    static BufferedImage latency(Results r) {
        int w = 900;
        int h = 520;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img, "Latency of committed operations (CDF, all seeds); " + subtitle(r));
        int x0 = 70;
        int y0 = h - 60;
        int pw = w - 250;
        int ph = h - 120;
        // x range: up to the largest bucket holding the 99.9th percentile of any protocol
        int last = 1;
        for (Results.ProtocolResult p : r.protocols()) {
            long total = p.latencyHistogram().stream().mapToLong(Long::longValue).sum();
            long acc = 0;
            for (int i = 0; i < p.latencyHistogram().size(); i++) {
                acc += p.latencyHistogram().get(i);
                if (total > 0 && acc >= 0.999 * total) {
                    last = Math.max(last, i + 1);
                    break;
                }
            }
        }
        double xMax = last * Results.LATENCY_BUCKET_MS;
        axes(g, x0, y0, pw, ph, 0, xMax, "latency (virtual ms)", 0, 1, "fraction of operations");
        int k = 0;
        for (Results.ProtocolResult p : r.protocols()) {
            g.setColor(COLORS[k % COLORS.length]);
            g.setStroke(new BasicStroke(2f));
            long total = p.latencyHistogram().stream().mapToLong(Long::longValue).sum();
            long acc = 0;
            int px = x0;
            int py = y0;
            for (int i = 0; i < last && total > 0; i++) {
                acc += p.latencyHistogram().get(i);
                int nx = x0 + (int) Math.round(pw * (i + 1) * Results.LATENCY_BUCKET_MS / xMax);
                int ny = y0 - (int) Math.round(ph * (double) acc / total);
                g.drawLine(px, py, nx, ny);
                px = nx;
                py = ny;
            }
            legend(g, x0 + pw + 20, 70 + 22 * k, p.protocol() + "  p50 " + Comparison.fmt(p.latencyP50Ms()) + ", p99 "
                    + Comparison.fmt(p.latencyP99Ms()));
            k++;
        }
        g.dispose();
        return img;
    }

    static BufferedImage availability(Results r) {
        int n = r.protocols().size();
        int w = 1000;
        int band = 90;
        int h = 90 + n * band + 40;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img, "Availability: share of seeds committing in each " + r.bucketMs() + " ms; " + subtitle(r));
        int x0 = 110;
        int pw = w - 140;
        List<Fault> faults = FaultSchedule.parse(r.faults()).faults();
        int k = 0;
        for (Results.ProtocolResult p : r.protocols()) {
            int top = 60 + k * band;
            int y0 = top + band - 25;
            int ph = band - 35;
            g.setColor(new Color(0xeeeeee));
            g.fillRect(x0, top + 10, pw, ph);
            g.setColor(Color.BLACK);
            g.drawString(p.protocol(), 15, top + 10 + ph / 2 + 5);
            g.drawString("1", x0 - 12, top + 20);
            g.drawString("0", x0 - 12, y0);
            List<Double> a = p.availability();
            g.setColor(COLORS[k % COLORS.length]);
            for (int i = 0; i < a.size(); i++) {
                double v = a.get(i) == null ? 0 : a.get(i);
                int bx = x0 + (int) Math.round((double) pw * i / a.size());
                int bw = Math.max(1, (int) Math.round((double) pw * (i + 1) / a.size()) - (bx - x0));
                int bh = (int) Math.round(ph * v);
                g.fillRect(bx, y0 - bh, bw, bh);
            }
            g.setColor(Color.BLACK);
            g.drawString("unavailable " + Comparison.fmt(p.unavailableMs()) + " ms (median)", x0 + pw - 230, top + 8);
            k++;
        }
        long until = r.untilMs();
        int bottom = 60 + n * band;
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
        int row = 0;
        for (Fault f : faults) {
            if (f.at() <= 0 || f.at() >= until) {
                continue;
            }
            int fx = x0 + (int) Math.round((double) pw * f.at() / until);
            g.setColor(new Color(0xb00000));
            g.drawLine(fx, 60, fx, bottom);
            g.drawString(f.render(), Math.min(fx + 3, w - 200), bottom + 14 + 13 * (row++ % 2));
        }
        g.setColor(Color.BLACK);
        for (long t = 0; t <= until; t += 1000) {
            int tx = x0 + (int) Math.round((double) pw * t / until);
            g.drawString((t / 1000) + "s", tx - 6, bottom + 42);
        }
        g.dispose();
        return img;
    }

    static BufferedImage cost(Results r) {
        int w = 1100;
        int h = 420;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img, "Cost per decided operation (median over seeds), " + subtitle(r));
        List<String> names = List.of("messages", "bytes on the wire", "message delays (critical path)", "forced writes");
        List<Function<Results.ProtocolResult, Double>> get = List.of(Results.ProtocolResult::msgsPerOp,
                Results.ProtocolResult::bytesPerOp, Results.ProtocolResult::delaysPerOp, Results.ProtocolResult::forcedWritesPerOp);
        int panel = (w - 40) / 4;
        for (int c = 0; c < 4; c++) {
            int x0 = 30 + c * panel;
            int y0 = h - 60;
            int ph = h - 130;
            double max = 0;
            for (Results.ProtocolResult p : r.protocols()) {
                Double v = get.get(c).apply(p);
                max = Math.max(max, v == null ? 0 : v);
            }
            max = max <= 0 ? 1 : max * 1.15;
            g.setColor(Color.BLACK);
            g.drawString(names.get(c), x0 + 5, 55);
            g.drawLine(x0, y0, x0 + panel - 20, y0);
            int bw = (panel - 40) / Math.max(1, r.protocols().size());
            int k = 0;
            for (Results.ProtocolResult p : r.protocols()) {
                Double v = get.get(c).apply(p);
                int bh = v == null ? 0 : (int) Math.round(ph * v / max);
                int bx = x0 + 5 + k * bw;
                g.setColor(COLORS[k % COLORS.length]);
                g.fillRect(bx, y0 - bh, bw - 6, bh);
                g.setColor(Color.BLACK);
                g.drawString(Comparison.fmt(v == null ? null : v >= 100 ? (double) Math.round(v) : v), bx, y0 - bh - 4);
                String label = p.protocol();
                g.drawString(label, bx, y0 + 15 + 13 * (k % 2));
                k++;
            }
        }
        g.dispose();
        return img;
    }

    private static void axes(Graphics2D g, int x0, int y0, int pw, int ph, double xMin, double xMax, String xLabel, double yMin,
                             double yMax, String yLabel) {
        g.setColor(Color.BLACK);
        g.drawLine(x0, y0, x0 + pw, y0);
        g.drawLine(x0, y0, x0, y0 - ph);
        for (int i = 0; i <= 5; i++) {
            double xv = xMin + (xMax - xMin) * i / 5;
            int x = x0 + pw * i / 5;
            g.drawLine(x, y0, x, y0 + 4);
            g.drawString(String.format(Locale.ROOT, "%.0f", xv), x - 10, y0 + 18);
            double yv = yMin + (yMax - yMin) * i / 5;
            int y = y0 - ph * i / 5;
            g.drawLine(x0 - 4, y, x0, y);
            g.drawString(String.format(Locale.ROOT, "%.1f", yv), x0 - 32, y + 4);
        }
        g.drawString(xLabel, x0 + pw / 2 - 50, y0 + 38);
        g.drawString(yLabel, 8, y0 - ph - 10);
    }

    private static void legend(Graphics2D g, int x, int y, String text) {
        g.fillRect(x, y - 9, 18, 10);
        g.setColor(Color.BLACK);
        g.drawString(text, x + 24, y);
    }
}
