package consensuslab.visualizer.view;

import consensuslab.visualizer.Viz;
import consensuslab.visualizer.model.EventLog;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;

/**
 * The "what just happened" pane: the run's {@link EventLog} as a list, one plain-language line per
 * note, fault, phase change and violation. Lines up to the cursor are the past (in black, the last
 * one highlighted and kept in view as the cursor moves); lines after it, when scrubbing back, are
 * the recorded future (grey). A click on a line jumps to its event. Ids: "log", "log-list",
 * "log-title"; each cell "log-line".
 */
public final class LogView extends BorderPane {

    /** Lines kept in the list at most (the oldest are left out of the pane, not out of the log). */
    public static final int MAX_LINES = 5_000;

    private final Viz viz;
    private final ListView<EventLog.Line> list = new ListView<>();
    private final ObservableList<EventLog.Line> items = FXCollections.observableArrayList();
    private final Label title = new Label("What just happened");
    private long shownVersion = -1;
    private int shownFrom;
    private int shownCursor = -1;
    private int shownLine = -1;
    private final javafx.beans.property.IntegerProperty past = new javafx.beans.property.SimpleIntegerProperty();
    private static final javafx.css.PseudoClass FUTURE = javafx.css.PseudoClass.getPseudoClass("future");
    private static final javafx.css.PseudoClass CURRENT = javafx.css.PseudoClass.getPseudoClass("current");

    public LogView(Viz viz) {
        this.viz = viz;
        setId("log");
        list.setId("log-list");
        list.setItems(items);
        list.setFocusTraversable(false);
        list.getStylesheets().add("data:text/css;base64," + java.util.Base64.getEncoder().encodeToString(CSS.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        list.setCellFactory(lv -> new ListCell<>() {
            {
                setId("log-line");
                setOnMouseClicked(e -> {
                    if (getItem() != null) {
                        jump(getItem());
                    }
                });
                past.addListener((o, a, b) -> mark());
            }

            @Override
            protected void updateItem(EventLog.Line l, boolean empty) {
                super.updateItem(l, empty);
                getStyleClass().removeIf(c -> c.startsWith("log-"));
                if (empty || l == null) {
                    setText(null);
                } else {
                    setText(l.render());
                    getStyleClass().add("log-" + l.kind().name().toLowerCase(java.util.Locale.ROOT));
                }
                mark();
            }

            private void mark() {
                int i = getIndex() + shownFrom;
                boolean filled = !isEmpty() && getItem() != null;
                pseudoClassStateChanged(FUTURE, filled && i >= past.get());
                pseudoClassStateChanged(CURRENT, filled && i == past.get() - 1);
            }
        });
        title.setId("log-title");
        title.setStyle("-fx-font-weight: bold;");
        title.setPadding(new Insets(2, 4, 2, 4));
        setTop(title);
        setCenter(list);
        setMinHeight(60);
    }

    private void jump(EventLog.Line l) {
        viz.setPlaying(false);
        viz.seekEvent((int) l.seq());
    }

    /** Line colours by kind; the recorded future grey; the line at the cursor highlighted. */
    private static final String CSS = ".list-cell { -fx-font-family: monospace; -fx-font-size: 11px; -fx-padding: 1 4; }\n"
            + ".log-crash, .log-violation { -fx-text-fill: #b71c1c; }\n"
            + ".log-violation { -fx-font-weight: bold; }\n"
            + ".log-restart, .log-heal { -fx-text-fill: #1b5e20; }\n"
            + ".log-partition, .log-pause, .log-resume { -fx-text-fill: #8a4b00; }\n"
            + ".log-phase { -fx-text-fill: #0d47a1; }\n"
            + ".log-narration { -fx-text-fill: #4a148c; }\n"
            + ".list-cell:future { -fx-text-fill: #9e9e9e; -fx-font-weight: normal; }\n"
            + ".list-cell:current { -fx-background-color: #fff3c4; }\n";

    /** Catches up with the run and follows the cursor (cheap when nothing moved). */
    public void refresh() {
        EventLog log = viz.log();
        int cursor = viz.cursor();
        if (log.version() == shownVersion && cursor == shownCursor) {
            return;
        }
        boolean linesChanged = log.version() != shownVersion;
        shownVersion = log.version();
        shownCursor = cursor;
        var all = log.lines();
        int from = Math.max(0, all.size() - MAX_LINES);
        if (linesChanged) {
            if (from == shownFrom && items.size() <= all.size() - from && sameStart(all, from)) {
                items.addAll(all.subList(from + items.size(), all.size()));
            } else {
                items.setAll(all.subList(from, all.size()));
            }
            shownFrom = from;
        }
        past.set(log.countBefore(cursor));
        title.setText("What just happened  (" + past.get() + " of " + all.size() + " lines up to t=" + viz.viewTime() + "ms)");
        int show = past.get() - 1 - shownFrom;
        if (show >= 0 && show < items.size() && show != shownLine) {
            shownLine = show;
            int rows = Math.max(1, (int) (list.getHeight() / 20));
            list.scrollTo(Math.max(0, show - rows + 2));
        }
    }

    private boolean sameStart(java.util.List<EventLog.Line> all, int from) {
        return items.isEmpty() || items.get(0) == all.get(from) && items.get(items.size() - 1) == all.get(from + items.size() - 1);
    }

    public ListView<EventLog.Line> list() {
        return list;
    }
}
