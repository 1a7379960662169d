package consensuslab.visualizer.view;

import consensuslab.visualizer.Viz;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * The protocol's checkers, watching the run as it goes: green while an invariant holds, red with
 * the event that broke it (click to jump there). Ids: "invariants-status", "inv-NAME".
 */
public final class InvariantsView extends VBox {

    private final Viz viz;
    private final Label status = new Label();
    private Object shownKey;

    public InvariantsView(Viz viz) {
        this.viz = viz;
        setId("invariants");
        setSpacing(4);
        setPadding(new Insets(6));
        status.setId("invariants-status");
        status.setStyle("-fx-font-weight: bold;");
        getChildren().add(status);
    }

    public void refresh() {
        List<Viz.CheckStatus> checks = viz.checks();
        Object key = List.of(checks, viz.session() == null ? "" : viz.session());
        if (key.equals(shownKey)) {
            return;
        }
        shownKey = key;
        getChildren().retainAll(status);
        long bad = checks.stream().filter(c -> c.violation() != null).count();
        if (checks.isEmpty()) {
            status.setText("Invariants: no checkers for this run");
            status.setStyle("-fx-font-weight: bold; -fx-text-fill: #666;");
        } else if (bad == 0) {
            long open = checks.stream().filter(c -> c.notJudged() != null).count();
            status.setText(open == 0 ? "Invariants: all " + checks.size() + " hold so far"
                    : "Invariants: " + (checks.size() - open) + " hold so far, " + open + " not judged");
            status.setStyle("-fx-font-weight: bold; -fx-text-fill: #1e7b34;");
        } else {
            status.setText("Invariants: " + bad + " VIOLATED");
            status.setStyle("-fx-font-weight: bold; -fx-text-fill: white; -fx-background-color: #c62828; -fx-padding: 2 6;");
        }
        for (Viz.CheckStatus c : checks) {
            Label l = new Label();
            l.setId("inv-" + c.name());
            l.setWrapText(true);
            l.setMaxWidth(Double.MAX_VALUE);
            if (c.violation() == null && c.notJudged() != null) {
                l.setText("– " + c.name() + ": not judged (" + c.notJudged() + ")");
                l.setStyle("-fx-text-fill: #666; -fx-padding: 2 4;");
                l.getStyleClass().add("not-judged");
            } else if (c.violation() == null) {
                l.setText("✓ " + c.name());
                l.setStyle("-fx-text-fill: #1e7b34; -fx-padding: 2 4;");
                l.getStyleClass().add("holds");
            } else {
                long seq = c.violation().seq();
                l.setText("✗ " + c.name() + ": " + c.violation().message() + (seq >= 0 ? " (event " + seq + ", click to jump)" : ""));
                l.setStyle("-fx-text-fill: white; -fx-background-color: #c62828; -fx-padding: 3 5;");
                l.getStyleClass().add("violated");
                if (seq >= 0) {
                    l.setOnMouseClicked(e -> {
                        viz.setPlaying(false);
                        viz.seekEvent((int) seq);
                    });
                }
            }
            getChildren().add(l);
        }
    }
}
