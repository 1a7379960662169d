package consensuslab.visualizer.compare;

import consensuslab.labs.compare.Results;
import consensuslab.visualizer.model.RunSpec;
import java.util.function.BiConsumer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import java.util.function.Function;

/**
 * The results of {@code bin/lab compare} (results.json): one row per protocol with the same
 * medians as the terminal table, and below it the selected protocol's runs, one per seed. Opening a
 * run (double click or "Open run") hands its {@link RunSpec} and the time of its first fault to
 * {@code open}, which the main window uses to start it in the ring and the space-time diagram.
 */
public final class CompareView extends BorderPane {

    private final Results results;
    private final TableView<Results.ProtocolResult> protocols = new TableView<>();
    private final TableView<Results.RunRow> runs = new TableView<>();
    private final BiConsumer<RunSpec, Long> open;

    public CompareView(Results results, BiConsumer<RunSpec, Long> open) {
        this.results = results;
        this.open = open;
        setId("compare-view");
        Label title = new Label("Scenario " + results.scenario() + (results.faults().isEmpty() ? "" : " (" + results.faults() + ")")
                + ", seeds " + results.seeds() + ", " + results.nodes() + " servers, " + results.clients() + " clients; medians over seeds");
        title.setId("compare-title");
        protocols.setId("compare-protocols");
        column(protocols, "protocol", Results.ProtocolResult::protocol);
        number(protocols, "committed", Results.ProtocolResult::committed);
        number(protocols, "aborted", Results.ProtocolResult::aborted);
        number(protocols, "msgs/op", Results.ProtocolResult::msgsPerOp);
        number(protocols, "bytes/op", Results.ProtocolResult::bytesPerOp);
        number(protocols, "delays/op", Results.ProtocolResult::delaysPerOp);
        number(protocols, "fsyncs/op", Results.ProtocolResult::forcedWritesPerOp);
        number(protocols, "p50 ms", Results.ProtocolResult::latencyP50Ms);
        number(protocols, "p99 ms", Results.ProtocolResult::latencyP99Ms);
        number(protocols, "unavailable ms", Results.ProtocolResult::unavailableMs);
        number(protocols, "blocked ms", Results.ProtocolResult::blockedMs);
        column(protocols, "violations", p -> Integer.toString(p.violations()));
        protocols.getItems().setAll(results.protocols());
        protocols.setPrefHeight(60 + 28 * results.protocols().size());

        runs.setId("compare-runs");
        column(runs, "seed", r -> Long.toString(r.seed()));
        column(runs, "committed", r -> Long.toString(r.committed()));
        column(runs, "aborted", r -> Long.toString(r.aborted()));
        column(runs, "unavailable ms", r -> Long.toString(r.unavailableMs()));
        column(runs, "blocked ms", r -> Long.toString(r.blockedMs()));
        column(runs, "violations", r -> Integer.toString(r.violations()));
        column(runs, "first fault", r -> r.firstFaultMs() < 0 ? "-" : r.firstFaultMs() + "ms");
        column(runs, "replay", Results.RunRow::replay);
        protocols.getSelectionModel().selectedItemProperty().addListener((o, was, now) ->
                runs.getItems().setAll(now == null ? java.util.List.of() : now.perSeed()));
        runs.setRowFactory(tv -> {
            javafx.scene.control.TableRow<Results.RunRow> row = new javafx.scene.control.TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    openRun(row.getItem());
                }
            });
            return row;
        });
        Button openButton = new Button("Open run at its first fault");
        openButton.setId("compare-open");
        openButton.disableProperty().bind(runs.getSelectionModel().selectedItemProperty().isNull());
        openButton.setOnAction(e -> openRun(runs.getSelectionModel().getSelectedItem()));
        VBox box = new VBox(6, title, protocols, new Label("Runs of the selected protocol (double click, or select and open):"), runs,
                new HBox(6, openButton));
        box.setPadding(new Insets(8));
        setCenter(box);
    }

    /** Selects a protocol's row (what a click does). */
    public void selectProtocol(String name) {
        for (Results.ProtocolResult p : protocols.getItems()) {
            if (p.protocol().equals(name)) {
                protocols.getSelectionModel().select(p);
            }
        }
    }

    /** Selects a run of the selected protocol by seed. */
    public void selectSeed(long seed) {
        for (Results.RunRow r : runs.getItems()) {
            if (r.seed() == seed) {
                runs.getSelectionModel().select(r);
            }
        }
    }

    /** The run spec that replays a row in the visualizer. */
    public RunSpec spec(Results.RunRow r) {
        return new RunSpec(r.simProtocol(), results.nodes(), results.clients(), r.seed(), r.faults(), r.params(), results.untilMs());
    }

    private void openRun(Results.RunRow r) {
        if (r != null) {
            open.accept(spec(r), Math.max(0, r.firstFaultMs()));
        }
    }

    public Results results() {
        return results;
    }

    private static <T> void column(TableView<T> t, String name, Function<T, String> f) {
        TableColumn<T, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
        t.getColumns().add(c);
    }

    private static <T> void number(TableView<T> t, String name, Function<T, Double> f) {
        TableColumn<T, Double> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        t.getColumns().add(c);
    }
}
