package consensuslab.visualizer;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * Fits the main window to the screen it opens on: the size last used (remembered between runs),
 * else 1440×900, in both cases no larger than the screen's visual bounds (the screen less task
 * bars and docks) and placed inside them, so that nothing is cut off on a 1366×768 laptop, with or
 * without a window manager. The size is kept in the user's preferences under
 * {@code consensuslab/visualizer} (property {@value #PREFS_PROPERTY} names another node, for tests).
 */
final class WindowFit {

    static final String PREFS_PROPERTY = "viz.prefs";
    static final double DEFAULT_WIDTH = 1440;
    static final double DEFAULT_HEIGHT = 900;
    static final double MIN_WIDTH = 900;
    static final double MIN_HEIGHT = 560;

    private WindowFit() {
    }

    private static Preferences prefs() {
        return Preferences.userRoot().node(System.getProperty(PREFS_PROPERTY, "consensuslab/visualizer"));
    }

    /** The window's bounds on a screen with these visual bounds, given the size wanted. */
    static Rectangle2D fit(Rectangle2D screen, double wantW, double wantH) {
        double w = Math.min(Math.max(MIN_WIDTH, wantW), screen.getWidth());
        double h = Math.min(Math.max(MIN_HEIGHT, wantH), screen.getHeight());
        double x = screen.getMinX() + (screen.getWidth() - w) / 2;
        double y = screen.getMinY() + (screen.getHeight() - h) / 2;
        return new Rectangle2D(x, y, w, h);
    }

    /** The bounds the main window opens with: the remembered (or default) size, fitted to the primary screen. */
    static Rectangle2D initial() {
        Preferences p = prefs();
        return fit(Screen.getPrimary().getVisualBounds(), p.getDouble("width", DEFAULT_WIDTH), p.getDouble("height", DEFAULT_HEIGHT));
    }

    /** Places the stage at those bounds (before and after showing it: some window managers ignore the first). */
    static void place(Stage stage, Rectangle2D b) {
        stage.setX(b.getMinX());
        stage.setY(b.getMinY());
        stage.setWidth(b.getWidth());
        stage.setHeight(b.getHeight());
    }

    /** Remembers the stage's size for the next start (not when maximized: then the screen decides). */
    static void remember(Stage stage) {
        if (stage.isMaximized() || stage.getWidth() < MIN_WIDTH / 2 || stage.getHeight() < MIN_HEIGHT / 2) {
            return;
        }
        Preferences p = prefs();
        p.putDouble("width", stage.getWidth());
        p.putDouble("height", stage.getHeight());
        try {
            p.flush();
        } catch (BackingStoreException e) {
            // preferences are a convenience: a read-only home directory only loses the size
        }
    }

    /** Forgets the remembered size. */
    static void forget() {
        try {
            prefs().removeNode();
        } catch (BackingStoreException | IllegalStateException e) {
            // nothing remembered
        }
    }

    /**
     * Keeps a window's size through a modal dialog: some window managers (openbox) shrink a
     * maximized JavaFX window when a dialog opens; this puts back the size it had.
     */
    static void keepSizeThrough(Stage stage, Runnable dialog) {
        if (stage == null) {
            dialog.run();
            return;
        }
        boolean max = stage.isMaximized();
        double x = stage.getX();
        double y = stage.getY();
        double w = stage.getWidth();
        double h = stage.getHeight();
        dialog.run();
        if (max && !stage.isMaximized()) {
            stage.setMaximized(true);
        } else if (!max && (Math.abs(stage.getWidth() - w) > 1 || Math.abs(stage.getHeight() - h) > 1)) {
            stage.setX(x);
            stage.setY(y);
            stage.setWidth(w);
            stage.setHeight(h);
        }
    }
}
