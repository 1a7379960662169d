package consensuslab.visualizer;

import consensuslab.core.Protocol;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.visualizer.model.ClusterState;
import consensuslab.visualizer.model.LiveRun;
import consensuslab.visualizer.model.Preset;
import consensuslab.visualizer.model.Presets;
import consensuslab.visualizer.model.RunSpec;
import consensuslab.visualizer.model.Session;
import consensuslab.visualizer.model.UserAction;
import consensuslab.visualizer.view.ClusterView;
import consensuslab.visualizer.view.InspectorView;
import consensuslab.visualizer.view.InvariantsView;
import consensuslab.visualizer.view.LogView;
import consensuslab.visualizer.view.SpaceTimeView;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javafx.animation.AnimationTimer;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javax.imageio.ImageIO;

/**
 * The window's content: run chooser and controls on top, the cluster view above the space-time
 * diagram in the middle, the inspector and the invariants on the right, a status bar below.
 * Every control and shortcut calls {@link Viz}; every frame redraws from it.
 */
public final class MainView extends BorderPane {

    /** A keyboard shortcut: the key, what it does (shown in the help), and the action. */
    public record Shortcut(KeyCombination key, String help, Runnable action) {
    }

    private final Viz viz;
    private final ClusterView cluster;
    private final SpaceTimeView diagram;
    private final InspectorView inspector;
    private InspectorView pinnedInspector;
    private final HBox inspectors = new HBox(4);
    private final Button pinButton = new Button("Pin");
    private final InvariantsView invariants;
    private final LogView log;
    private final SplitPane views;
    private final SplitPane bottom;
    private final SplitPane side;
    private final SplitPane main;
    private final java.util.LinkedHashMap<String, Node> panes = new java.util.LinkedHashMap<>();
    private final Label banner = new Label();
    /** The lesson's key moments, one button each, under the banner. */
    private final HBox bookmarks = new HBox(6);
    private Preset lesson;
    private boolean settingFields;
    private final ComboBox<String> protocol = new ComboBox<>();
    private final Spinner<Integer> nodes = new Spinner<>(3, 9, 3);
    private final TextField seed = new TextField("1");
    private final ComboBox<Preset> preset = new ComboBox<>();
    private final TextField faults = new TextField();
    private final TextField params = new TextField();
    private final Button play = new Button("▶ Play");
    private final Button request = new Button("Request…");
    private final Slider speed = new Slider(-1, 4, Math.log10(20));
    private final Label speedLabel = new Label();
    private final Slider time = new Slider(0, 1, 0);
    private final ComboBox<String> nodeFilter = new ComboBox<>();
    private final ComboBox<String> typeFilter = new ComboBox<>();
    private final Label clock = new Label();
    private final Label inflight = new Label();
    private final Label counters = new Label();
    private final Label status = new Label();
    private final Label title = new Label();
    private final List<Shortcut> shortcuts = new ArrayList<>();
    private final TreeSet<String> typesSeen = new TreeSet<>();
    private Session scanned;
    private int scannedUpTo;
    private boolean updatingTime;
    private AnimationTimer timer;
    private long lastFrame;
    private long lastVersion = -1;

    public MainView(Viz viz) {
        this.viz = viz;
        setId("main");
        cluster = new ClusterView(viz);
        diagram = new SpaceTimeView(viz);
        inspector = new InspectorView(viz);
        invariants = new InvariantsView(viz);
        log = new LogView(viz);
        // the stage: cluster above the diagram above the bottom row (the log, and any docked panel beside it)
        bottom = new SplitPane(log);
        bottom.setId("bottom-row");
        views = new SplitPane(cluster, diagram, bottom);
        views.setId("views");
        views.setOrientation(Orientation.VERTICAL);
        views.setDividerPositions(0.52, 0.78);
        SplitPane.setResizableWithParent(bottom, false);
        // the side: the inspector above the invariants (the divider moves)
        ScrollPane invScroll = new ScrollPane(invariants);
        invScroll.setId("invariants-scroll");
        invScroll.setFitToWidth(true);
        invScroll.setMinHeight(60);
        Label inspTitle = new Label("Inspector");
        inspTitle.setStyle("-fx-font-weight: bold;");
        pinButton.setId("inspector-pin");
        pinButton.setTooltip(new Tooltip("Pin the selected node beside the inspector, to compare it with the next one you select"));
        pinButton.setOnAction(e -> pinNode(pinnedInspector == null ? viz.selectedNode() : null));
        HBox inspHead = new HBox(8, inspTitle, pinButton);
        inspHead.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(inspector, Priority.ALWAYS);
        inspectors.getChildren().add(inspector);
        VBox insp = new VBox(4, inspHead, inspectors);
        VBox.setVgrow(inspectors, Priority.ALWAYS);
        insp.setPadding(new Insets(4));
        insp.setMinHeight(80);
        side = new SplitPane(insp, invScroll);
        side.setId("side");
        side.setOrientation(Orientation.VERTICAL);
        side.setDividerPositions(0.55);
        main = new SplitPane(views, side);
        main.setId("main-split");
        main.setDividerPositions(0.74);
        SplitPane.setResizableWithParent(side, false);
        // The cluster's ancestors paint their backgrounds under every frame's dirty region. Modena's
        // split pane background is two fills (border, inner), which Prism draws from a cached image
        // stretched over the whole area (costly in software rendering); one fill is a plain fillRect.
        // The children cover the inner area, so one border-coloured fill looks the same.
        for (SplitPane sp : List.of(main, views)) {
            sp.setStyle("-fx-background-color: -fx-box-border; -fx-background-insets: 0;");
        }
        panes.put("cluster", cluster);
        panes.put("diagram", diagram);
        panes.put("log", log);
        panes.put("inspector", insp);
        panes.put("invariants", invScroll);
        banner.setId("banner");
        banner.setWrapText(true);
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.setStyle("-fx-background-color: #fff8e1; -fx-border-color: #e0c060; -fx-border-width: 1 0 1 0; -fx-padding: 4 8;");
        banner.setVisible(false);
        banner.setManaged(false);
        bookmarks.setId("bookmarks");
        bookmarks.setAlignment(Pos.CENTER_LEFT);
        bookmarks.setStyle("-fx-background-color: #fff8e1; -fx-padding: 0 8 4 8;");
        bookmarks.setVisible(false);
        bookmarks.setManaged(false);
        setTop(new VBox(runBar(), controlBar(), banner, bookmarks));
        setCenter(main);
        clock.setId("clock");
        inflight.setId("inflight");
        counters.setId("counters");
        status.setId("status");
        title.setId("title");
        for (Label l : List.of(clock, inflight, counters)) {
            l.setMinWidth(Region.USE_PREF_SIZE);
        }
        status.setMinWidth(0);
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox bar = new HBox(16, clock, inflight, counters, status);
        bar.setPadding(new Insets(3, 8, 3, 8));
        bar.setStyle("-fx-background-color: #eeeeea;");
        setBottom(new VBox(bar, title));
        title.setPadding(new Insets(0, 8, 2, 8));
        title.setStyle("-fx-text-fill: #555; -fx-font-size: 10px;");
        defineShortcuts();
    }

    /** Where {@link #dock} puts a panel. */
    public enum Dock {
        /** In the bottom row, beside the log pane (e.g. a lab's narration). */
        BESIDE_LOG,
        /** In the side column, under the inspector and the invariants. */
        SIDE,
        /** A row of its own in the middle column, under the log (e.g. a comparison). */
        CENTER
    }

    /**
     * Adds a panel to the window under a name (see {@link #pane}); the window's layout is made of
     * named panes: "cluster", "diagram", "log", "inspector", "invariants", and whatever is docked.
     */
    public void dock(String name, Node panel, Dock where) {
        panes.put(name, panel);
        switch (where) {
            case BESIDE_LOG -> bottom.getItems().add(panel);
            case SIDE -> side.getItems().add(panel);
            case CENTER -> views.getItems().add(panel);
        }
    }

    /** The lab panel, docked beside the log pane the first time it is asked for. */
    public consensuslab.visualizer.lab.LabPanel labPanel() {
        if (labPanel == null) {
            labPanel = new consensuslab.visualizer.lab.LabPanel(viz, this::refresh);
            dock("lab", labPanel, Dock.BESIDE_LOG);
            bottom.setDividerPositions(0.4);
            views.setDividerPositions(0.42, 0.6);
        }
        return labPanel;
    }

    private consensuslab.visualizer.lab.LabPanel labPanel;

    /** A pane of the window by name, or null. */
    public Node pane(String name) {
        return panes.get(name);
    }

    /** The names of the window's panes, in the order they were added. */
    public java.util.Set<String> paneNames() {
        return java.util.Collections.unmodifiableSet(panes.keySet());
    }

    // ---- building the controls -------------------------------------------------------------

    private Node runBar() {
        protocol.setId("protocol");
        for (Protocol<?> p : viz.registry().all()) {
            protocol.getItems().add(p.name());
        }
        if (!protocol.getItems().isEmpty()) {
            protocol.getSelectionModel().select(defaultProtocol());
        }
        protocol.setOnAction(e -> {
            if (!settingFields) { // the user chose another protocol: the previous preset's settings do not carry over
                faults.clear();
                params.clear();
                preset.getSelectionModel().clearSelection();
                showLesson(null);
            }
        });
        nodes.setId("nodes");
        nodes.setPrefWidth(70);
        nodes.setEditable(true);
        seed.setId("seed");
        seed.setPrefColumnCount(5);
        preset.setId("preset");
        preset.getItems().addAll(Presets.ALL);
        preset.setPromptText("Presets…");
        preset.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(Preset p, boolean empty) {
                super.updateItem(p, empty);
                if (empty || p == null) {
                    setText(null);
                    setDisable(false);
                    setTooltip(null);
                } else {
                    boolean ok = Presets.available(p, viz.registry());
                    setText(p.name() + (ok ? "" : "  (protocol not registered yet)"));
                    setDisable(!ok);
                    setStyle(ok ? "" : "-fx-text-fill: #aaa;");
                    setTooltip(new Tooltip(p.lesson() + "\nfaults: " + p.faults() + (p.params().isEmpty() ? "" : "\nparams: " + p.params())));
                }
            }
        });
        preset.setOnAction(e -> {
            Preset p = preset.getValue();
            if (p != null && !settingFields) {
                startPreset(p);
            }
        });
        faults.setId("faults");
        faults.setPromptText("faults, e.g. crash n2@40ms; restart n2@90ms");
        faults.setPrefColumnCount(22);
        params.setId("params");
        params.setPromptText("params k=v,…");
        params.setPrefColumnCount(9);
        Button start = button("start", "▶ Start run", "start a live run with these settings (Ctrl+N)", this::startFromFields);
        Button open = button("import", "Import trace…", "open a JSON-lines trace, read-only (Ctrl+O)", this::importDialog);
        Button export = button("export", "Export trace…", "save this run's trace as JSON lines (Ctrl+S)", this::exportDialog);
        Button png = button("png", "Export PNG…", "save the current view as an image (Ctrl+E)", this::pngDialog);
        Button attach = button("attach", "Attach…", "follow a live cluster over its trace ports, read-only (A)", this::attachDialog);
        Button compare = button("compare", "Compare…", "open a bin/lab compare results.json; open any of its runs here", this::compareDialog);
        Button labs = button("labs", "Labs…", "open a step-through lab (0 to 8) in the lab panel", this::labsDialog);
        FlowPane p = new FlowPane(6, 4, new Label("Protocol"), protocol, new Label("Nodes"), nodes, new Label("Seed"), seed,
                new Label("Faults"), faults, new Label("Params"), params, start, new Separator(Orientation.VERTICAL), preset,
                new Separator(Orientation.VERTICAL), labs, open, export, png, attach, compare);
        p.setPadding(new Insets(4, 6, 2, 6));
        p.setAlignment(Pos.CENTER_LEFT);
        return p;
    }

    private String defaultProtocol() {
        for (String pref : List.of("zab", "multipaxos", "paxos", "2pc", "3pc")) {
            if (protocol.getItems().contains(pref)) {
                return pref;
            }
        }
        return protocol.getItems().get(0);
    }

    private Node controlBar() {
        play.setId("play");
        play.setOnAction(e -> viz.togglePlay());
        play.setTooltip(new Tooltip("play / pause (Space)"));
        play.setPrefWidth(80);
        Button step = button("step", "Step ▶|", "the next event (→)", viz::stepEvent);
        Button back = button("back", "|◀ Back", "the previous event (←)", viz::stepBack);
        Button phase = button("phase", "Next phase", "run to the next change of a node's role (F)", viz::stepPhase);
        Button live = button("live", "Live ▶▶", "jump to the end of the run (End)", viz::toEnd);
        Button crash = button("crash", "Crash/Restart", "crash or restart the selected node (C, or double-click it)",
                () -> viz.crashOrRestart(viz.selectedNode()));
        Button part = button("partition", "Partition…", "choose partition groups (P); drag a node off the ring to move it across (I)",
                this::partitionDialog);
        Button heal = button("heal", "Heal", "end the partition (H)", () -> viz.act(new UserAction.Heal()));
        Button drop = button("drop", "Drop msg", "drop the selected message in flight (D, or double-click it)", viz::dropSelected);
        request.setId("request");
        request.setOnAction(e -> requestDialog());
        request.setTooltip(new Tooltip("send a protocol message, e.g. a client request (R)"));
        speed.setId("speed");
        speed.setPrefWidth(110);
        speed.valueProperty().addListener((o, a, b) -> viz.setSpeed(Math.pow(10, b.doubleValue())));
        speedLabel.setMinWidth(90);
        time.setId("time");
        time.setPrefWidth(240);
        time.valueProperty().addListener((o, a, b) -> {
            if (!updatingTime) {
                viz.seekTime(Math.round(b.doubleValue()));
            }
        });
        nodeFilter.setId("node-filter");
        nodeFilter.setPromptText("all nodes");
        nodeFilter.setOnAction(e -> viz.setNodeFilter(nodeFilter.getValue()));
        typeFilter.setId("type-filter");
        typeFilter.setPromptText("all types");
        typeFilter.setOnAction(e -> viz.setTypeFilter(typeFilter.getValue()));
        Button help = button("help", "Help", "legend (colours, arcs, captions, drop reasons) and keyboard shortcuts (?)", this::showHelp);
        for (Button b : List.of(play, back, step, phase, live, crash, part, heal, drop, request, help)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        FlowPane box = new FlowPane(6, 4, play, back, step, phase, live, new Label("Speed"), speed, speedLabel, new Label("Time"), time,
                new Separator(Orientation.VERTICAL), crash, part, heal, drop, request, new Separator(Orientation.VERTICAL),
                nodeFilter, typeFilter, help);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(2, 6, 4, 6));
        return box;
    }

    private static Button button(String id, String text, String tip, Runnable r) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> r.run());
        return b;
    }

    private void defineShortcuts() {
        add(KeyCode.SPACE, "play / pause", viz::togglePlay);
        add(KeyCode.RIGHT, "step to the next event", viz::stepEvent);
        add(KeyCode.LEFT, "step back one event", viz::stepBack);
        add(KeyCode.F, "step to the next phase change", viz::stepPhase);
        add(KeyCode.END, "jump to the live end", viz::toEnd);
        add(KeyCode.HOME, "jump to the start", () -> viz.seekEvent(-1));
        add(KeyCode.C, "crash / restart the selected node", () -> viz.crashOrRestart(viz.selectedNode()));
        add(KeyCode.I, "move the selected node across the partition", () -> viz.toggleIsolated(viz.selectedNode()));
        add(KeyCode.P, "partition dialog", this::partitionDialog);
        add(KeyCode.H, "heal the partition", () -> viz.act(new UserAction.Heal()));
        add(KeyCode.D, "drop the selected message", viz::dropSelected);
        add(KeyCode.R, "send a request / message", this::requestDialog);
        add(KeyCode.A, "attach to a live cluster's trace ports", this::attachDialog);
        shortcuts.add(new Shortcut(new KeyCodeCombination(KeyCode.SLASH, KeyCombination.SHIFT_ANY), "help: legend and keys (?)", this::showHelp));
        Runnable faster = () -> speed.setValue(Math.min(speed.getMax(), speed.getValue() + 0.25));
        Runnable slower = () -> speed.setValue(Math.max(speed.getMin(), speed.getValue() - 0.25));
        // "+" is Shift+= on most keyboards: the shift state must not matter, nor must the keypad
        shortcuts.add(new Shortcut(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHIFT_ANY), "faster (+)", faster));
        shortcuts.add(new Shortcut(new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHIFT_ANY), "faster", faster));
        shortcuts.add(new Shortcut(new KeyCodeCombination(KeyCode.ADD), "faster (keypad +)", faster));
        add(KeyCode.MINUS, "slower", slower);
        add(KeyCode.SUBTRACT, "slower (keypad −)", slower);
        add(KeyCode.ESCAPE, "clear the selection", () -> {
            viz.selectMessage(null);
            viz.selectNode(null);
        });
        for (int i = 1; i <= 9; i++) {
            String n = "n" + i;
            add(KeyCode.getKeyCode(String.valueOf(i)), "select " + n, () -> viz.selectNode(n));
        }
        shortcuts.add(new Shortcut(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), "start a run", this::startFromFields));
        shortcuts.add(new Shortcut(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), "import a trace", this::importDialog));
        shortcuts.add(new Shortcut(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), "export the trace", this::exportDialog));
        shortcuts.add(new Shortcut(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), "export the view as PNG", this::pngDialog));
    }

    private void add(KeyCode k, String help, Runnable r) {
        shortcuts.add(new Shortcut(new KeyCodeCombination(k), help, r));
    }

    public List<Shortcut> shortcuts() {
        return List.copyOf(shortcuts);
    }

    /** Puts the view in a scene, with the shortcuts (ignored while typing in a text field). */
    public Scene scene(double w, double h) {
        Scene scene = new Scene(this, w, h);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (scene.getFocusOwner() instanceof TextInputControl && !e.isShortcutDown()) {
                return;
            }
            for (Shortcut s : shortcuts) {
                if (s.key().match(e)) {
                    s.action().run();
                    e.consume();
                    refresh();
                    return;
                }
            }
        });
        return scene;
    }

    // ---- actions with dialogs -------------------------------------------------------------

    private javafx.stage.Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    /** Dialogs belong to the main window (centred on it, never resizing it). */
    private void own(Dialog<?> d) {
        if (window() != null && d.getOwner() == null) {
            d.initOwner(window());
        }
        d.setResizable(true);
    }

    /** Shows a dialog owned by the window and waits; the window keeps its size and place. */
    private <T> java.util.Optional<T> ask(Dialog<T> d) {
        own(d);
        java.util.List<java.util.Optional<T>> out = new ArrayList<>();
        WindowFit.keepSizeThrough(window() instanceof javafx.stage.Stage st ? st : null, () -> out.add(d.showAndWait()));
        return out.get(0);
    }

    private File choose(java.util.function.Supplier<File> chooser) {
        File[] out = new File[1];
        WindowFit.keepSizeThrough(window() instanceof javafx.stage.Stage st ? st : null, () -> out[0] = chooser.get());
        return out[0];
    }

    private void startFromFields() {
        String name = protocol.getValue();
        if (name == null) {
            viz.say("no protocol is registered");
            return;
        }
        long s;
        try {
            s = Long.parseLong(seed.getText().trim());
        } catch (NumberFormatException e) {
            viz.say("seed must be a whole number, not '" + seed.getText() + "'");
            refresh();
            return;
        }
        Protocol<?> p = viz.registry().get(name);
        RunSpec spec = RunSpec.defaults(p, s).withNodes(nodes.getValue()).withFaults(faults.getText()).withParams(params.getText());
        start(spec);
    }

    /** Starts a live run and plays it (the Start button). */
    public boolean start(RunSpec spec) {
        boolean ok = startPaused(spec);
        if (ok) {
            viz.setPlaying(true);
        }
        refresh();
        return ok;
    }

    private Session fieldsFollow;

    /**
     * When the lab panel shows a lab, the run bar shows the lab's set-up (protocol, nodes, seed,
     * params, faults), so that Start runs what the lab runs instead of the run before it.
     */
    private void followLab(Session s) {
        if (s == fieldsFollow) {
            return;
        }
        fieldsFollow = s;
        if (labPanel == null || s != labPanel.session() || labPanel.scenario() == null) {
            return;
        }
        consensuslab.labs.course.Scenario.Setup su = labPanel.scenario().setup();
        settingFields = true;
        protocol.setValue(su.protocol());
        nodes.getValueFactory().setValue(Math.max(3, Math.min(9, su.nodes())));
        seed.setText(Long.toString(su.seed()));
        faults.setText(su.faults() == null ? "" : su.faults());
        params.setText(su.params() == null ? "" : su.params());
        settingFields = false;
    }

    /** Starts a live run, paused at its start. */
    private boolean startPaused(RunSpec spec) {
        boolean ok = viz.start(spec);
        if (ok) {
            settingFields = true;
            protocol.setValue(spec.protocol());
            nodes.getValueFactory().setValue(Math.max(3, Math.min(9, spec.nodes())));
            seed.setText(Long.toString(spec.seed()));
            faults.setText(spec.faults());
            params.setText(spec.params());
            settingFields = false;
            viz.setPlaying(false);
            showLesson(null);
        }
        return ok;
    }

    /**
     * Starts a preset, if its protocol is registered: paused at t=0 with the speed reset, its lesson
     * in the banner (it stays until another run starts).
     */
    public boolean startPreset(Preset p) {
        if (!Presets.available(p, viz.registry())) {
            viz.say("preset '" + p.name() + "' needs protocol " + p.protocol() + ", which is not registered yet");
            refresh();
            return false;
        }
        boolean ok = startPaused(Presets.spec(p, viz.registry().get(p.protocol())));
        if (ok) {
            resetSpeed();
            showLesson(p);
            viz.say(p.name() + ": paused at t=0; press Space to play, F for the next phase");
        }
        refresh();
        return ok;
    }

    private void resetSpeed() {
        speed.setValue(Math.log10(Viz.DEFAULT_SPEED));
        viz.setSpeed(Viz.DEFAULT_SPEED);
    }

    /** Shows a preset's lesson in the banner, or hides it (null). */
    private void showLesson(Preset p) {
        lesson = p;
        banner.setText(p == null ? "" : p.name() + ": " + p.lesson());
        banner.setVisible(p != null);
        banner.setManaged(p != null);
        bookmarks.getChildren().clear();
        List<consensuslab.visualizer.model.Bookmark> marks = p == null ? List.of() : Presets.bookmarks(p);
        if (!marks.isEmpty()) {
            bookmarks.getChildren().add(new Label("Jump to:"));
            for (int i = 0; i < marks.size(); i++) {
                consensuslab.visualizer.model.Bookmark b = marks.get(i);
                Button jump = new Button(b.label());
                jump.setId("bookmark-" + i);
                jump.setFocusTraversable(false);
                jump.setOnAction(e -> {
                    viz.jumpTo(b);
                    refresh();
                });
                bookmarks.getChildren().add(jump);
            }
        }
        bookmarks.setVisible(!marks.isEmpty());
        bookmarks.setManaged(!marks.isEmpty());
    }

    /** The preset whose lesson the banner shows, or null. */
    public Preset lesson() {
        return lesson;
    }

    /** Starts a default run of the default protocol (what the app opens with), paused at its start. */
    public void startDefault() {
        if (!protocol.getItems().isEmpty()) {
            startFromFields();
            viz.setPlaying(false);
            refresh();
        }
    }

    private void attachDialog() {
        javafx.scene.control.TextInputDialog d = new javafx.scene.control.TextInputDialog("127.0.0.1:7190");
        d.setTitle("Attach to a live cluster");
        d.setHeaderText("Trace ports of running processes (bin/lab run ... --trace-port P),\nas host:port, several separated by commas.");
        ask(d).ifPresent(a -> {
            viz.attach(a);
            refresh();
        });
    }

    /** Lists the labs by id and title; the one chosen opens in the lab panel. */
    private void labsDialog() {
        java.util.List<String> titles = new java.util.ArrayList<>();
        for (consensuslab.labs.course.Scenario s : consensuslab.labs.course.Catalog.load().all()) {
            titles.add(s.id() + ". " + s.title());
        }
        ChoiceDialog<String> d = new ChoiceDialog<>(titles.get(0), titles);
        d.setTitle("Labs");
        d.setHeaderText("Open a step-through lab");
        ask(d).ifPresent(t -> {
            labPanel().open(t.substring(0, t.indexOf('.')));
            refresh();
        });
    }

    private void compareDialog() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a comparison (results.json from bin/lab compare)");
        File f = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            CompareWindow.open(this, f.toPath());
        }
    }

    private void importDialog() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Import a trace (JSON lines)");
        File f = choose(() -> fc.showOpenDialog(window()));
        if (f != null) {
            importTrace(f.toPath());
        }
    }

    /** Opens a trace file; a malformed one leaves the current run and says which line in the status bar. */
    public boolean importTrace(Path file) {
        boolean ok = viz.open(file);
        refresh();
        return ok;
    }

    private void exportDialog() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export the trace");
        fc.setInitialFileName("run.jsonl");
        File f = choose(() -> fc.showSaveDialog(window()));
        if (f != null) {
            viz.exportTrace(f.toPath());
            refresh();
        }
    }

    private void pngDialog() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export the view as PNG");
        fc.setInitialFileName("view.png");
        File f = choose(() -> fc.showSaveDialog(window()));
        if (f != null) {
            exportPng(this, f.toPath());
        }
    }

    /** Renders a node (the whole view, or one part) to a PNG file. */
    public boolean exportPng(Node what, Path file) {
        refresh();
        WritableImage img = what.snapshot(null, null);
        BufferedImage bi = SwingFXUtils.fromFXImage(img, null);
        try {
            ImageIO.write(bi, "png", file.toFile());
        } catch (IOException e) {
            viz.say("cannot write " + file + ": " + e.getMessage());
            refresh();
            return false;
        }
        viz.say("wrote " + file);
        refresh();
        return true;
    }

    /** Opens the partition dialog after the current event (tests: it waits for an answer). */
    void partitionDialogLater() {
        javafx.application.Platform.runLater(this::partitionDialog);
    }

    /** Chooses a protocol in the run bar, as a click in its list does. */
    public void chooseProtocol(String name) {
        protocol.setValue(name);
        refresh();
    }

    private void partitionDialog() {
        Session s = viz.session();
        if (!(s instanceof LiveRun)) {
            viz.act(new UserAction.Heal()); // says why it cannot
            refresh();
            return;
        }
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("Partition");
        d.setHeaderText("Put each server in a group; groups cannot reach each other.");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(4);
        List<ChoiceBox<String>> choices = new ArrayList<>();
        ClusterState st = viz.state();
        for (int i = 0; i < s.servers().size(); i++) {
            String n = s.servers().get(i);
            ChoiceBox<String> c = new ChoiceBox<>();
            c.getItems().addAll("A", "B", "C");
            int g = st.groupOf(n);
            c.setValue(g < 0 ? "A" : String.valueOf((char) ('A' + Math.min(2, g))));
            grid.add(new Label(n), 0, i);
            grid.add(c, 1, i);
            choices.add(c);
        }
        d.getDialogPane().setContent(grid);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        ask(d).filter(b -> b == ButtonType.OK).ifPresent(b -> {
            List<List<String>> groups = new ArrayList<>();
            for (String g : List.of("A", "B", "C")) {
                List<String> members = new ArrayList<>();
                for (int i = 0; i < choices.size(); i++) {
                    if (g.equals(choices.get(i).getValue())) {
                        members.add(s.servers().get(i));
                    }
                }
                if (!members.isEmpty()) {
                    groups.add(members);
                }
            }
            viz.act(groups.size() < 2 ? new UserAction.Heal() : new UserAction.Partition(groups));
            refresh();
        });
    }

    private void requestDialog() {
        if (!(viz.session() instanceof LiveRun run)) {
            viz.act(new UserAction.Heal()); // says why it cannot
            refresh();
            return;
        }
        if (typedRequest(run)) {
            return;
        }
        if (run.protocol().name().equals("zab") && run.spec().params().contains("workload=znode") && !run.clients().isEmpty()) {
            znodeRequest(run);
            return;
        }
        List<Class<?>> types = run.messageTypes();
        if (types.isEmpty()) {
            viz.say("this protocol declares no message records to send");
            refresh();
            return;
        }
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("Send a request");
        d.setHeaderText("Deliver a " + run.protocol().messageType().getSimpleName() + " from one node to another.\n"
                + "A client request: from a client (or any node) to a server.");
        ComboBox<String> type = new ComboBox<>();
        types.forEach(c -> type.getItems().add(c.getSimpleName()));
        ComboBox<String> from = new ComboBox<>();
        ComboBox<String> to = new ComboBox<>();
        List<String> all = new ArrayList<>(run.clients());
        all.addAll(run.servers());
        from.getItems().addAll(all);
        to.getItems().addAll(run.servers());
        to.getItems().addAll(run.clients());
        from.setValue(all.get(0));
        to.setValue(viz.selectedNode() != null ? viz.selectedNode() : run.servers().get(0));
        TextArea json = new TextArea();
        json.setPrefRowCount(4);
        type.setOnAction(e -> json.setText(LiveRun.template(types.get(type.getSelectionModel().getSelectedIndex()))));
        type.getSelectionModel().select(0);
        json.setText(LiveRun.template(types.get(0)));
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(4);
        grid.addRow(0, new Label("Message"), type);
        grid.addRow(1, new Label("From"), from);
        grid.addRow(2, new Label("To"), to);
        grid.addRow(3, new Label("JSON"), json);
        d.getDialogPane().setContent(grid);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        ask(d).filter(b -> b == ButtonType.OK)
                .ifPresent(b -> viz.act(new UserAction.Inject(from.getValue(), to.getValue(), json.getText())));
        refresh();
    }

    /** The current leader (a server whose role says it leads), or null: the request forms' default server. */
    public String leader() {
        for (var en : viz.state().nodes().entrySet()) {
            String r = en.getValue().json() == null ? "" : en.getValue().role().toLowerCase(java.util.Locale.ROOT);
            if (en.getKey().startsWith("n") && en.getValue().up() && (r.equals("leader") || r.equals("leading"))) {
                return en.getKey();
            }
        }
        return null;
    }

    private long nextRequestId = 1000;

    /**
     * The typed request form for the key-value stores (Multi-Paxos, ZAB with workload=kv): an
     * operation, a key and a value, from a client to a server (the current leader by default).
     * Returns false for the other protocols (the generic JSON form).
     */
    private boolean typedRequest(LiveRun run) {
        String proto = run.protocol().name();
        boolean zabKv = proto.equals("zab") && !run.spec().params().contains("workload=znode");
        if (!proto.equals("multipaxos") && !zabKv || run.clients().isEmpty()) {
            return false;
        }
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("Send a client request");
        d.setHeaderText("A key-value operation from a client to a server (" + proto + ").\n"
                + "Sent to the leader it is ordered at once; a follower " + (zabKv ? "forwards it" : "redirects it") + ".");
        ComboBox<String> op = new ComboBox<>();
        op.setId("request-op");
        op.getItems().addAll("put", "append", "get", "cas");
        op.setValue("put");
        TextField key = new TextField("k9");
        key.setId("request-key");
        TextField value = new TextField("hello");
        value.setId("request-value");
        TextField expected = new TextField();
        expected.setPromptText("cas: the value expected");
        ComboBox<String> from = new ComboBox<>();
        from.getItems().addAll(run.clients());
        from.setValue(run.clients().get(0));
        ComboBox<String> to = new ComboBox<>();
        to.setId("request-to");
        to.getItems().addAll(run.servers());
        String lead = leader();
        to.setValue(lead != null ? lead : viz.selectedNode() != null && run.servers().contains(viz.selectedNode()) ? viz.selectedNode()
                : run.servers().get(0));
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(4);
        grid.addRow(0, new Label("Operation"), op);
        grid.addRow(1, new Label("Key"), key);
        grid.addRow(2, new Label("Value"), value);
        grid.addRow(3, new Label("Expected"), expected);
        grid.addRow(4, new Label("From client"), from);
        grid.addRow(5, new Label("To server"), to, new Label(lead == null ? "(no leader now)" : "(" + lead + " leads now)"));
        d.getDialogPane().setContent(grid);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        ask(d).filter(b -> b == ButtonType.OK)
                .ifPresent(b -> sendKvRequest(from.getValue(), to.getValue(), op.getValue(), key.getText(), value.getText(), expected.getText()));
        refresh();
        return true;
    }

    /**
     * Sends a key-value request (put, append, get, cas) from a client to a server, as the form
     * does, and watches for its answer: the status line reports what became of it.
     */
    public boolean sendKvRequest(String client, String server, String f, String keyText, String valueText, String expectedText) {
        if (!(viz.session() instanceof LiveRun run)) {
            return viz.act(new UserAction.Heal()); // says why it cannot
        }
        boolean zabKv = run.protocol().name().equals("zab");
        {
            long id = nextRequestId++;
            String v = f.equals("get") ? null : valueText;
            String exp = f.equals("cas") ? expectedText : null;
            com.fasterxml.jackson.databind.node.ObjectNode o = consensuslab.core.Json.MAPPER.createObjectNode();
            o.put("f", f);
            o.put("key", keyText);
            o.put("value", v);
            o.put("expected", exp);
            com.fasterxml.jackson.databind.node.ObjectNode msg = consensuslab.core.Json.MAPPER.createObjectNode();
            if (zabKv) {
                msg.put("type", "ClientRequest");
                msg.put("cxid", id);
                msg.set("op", o);
            } else {
                msg.put("type", "Request");
                msg.put("seq", id);
                o.put("client", client);
                o.put("seq", id);
                msg.set("command", o);
            }
            return inject(client, server, id, f + " " + keyText, msg.toString());
        }
    }

    private boolean inject(String client, String server, long id, String what, String json) {
        boolean ok = viz.act(new UserAction.Inject(client, server, json));
        if (ok) {
            watched = new Watched(client, id, server, viz.session().timeline().size());
            viz.say("request " + client + "#" + id + " " + what + " sent to " + server + ": watching for its answer");
        }
        refresh();
        return ok;
    }

    /**
     * The typed form of the znode workload (ZAB with workload=znode): create, set or delete, with a
     * path, data, create flags and an expected version, from a client in its session to a server
     * (the current leader by default).
     */
    private void znodeRequest(LiveRun run) {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("Send a znode request");
        d.setHeaderText("A znode operation from a client, in its session, to a server.\n"
                + "A follower forwards a write to the leader; the answer comes back to the client.");
        ComboBox<consensuslab.visualizer.model.ZnodeRequests.Op> op = new ComboBox<>();
        op.setId("znode-op");
        op.getItems().addAll(consensuslab.visualizer.model.ZnodeRequests.Op.values());
        op.setValue(consensuslab.visualizer.model.ZnodeRequests.Op.CREATE);
        TextField path = new TextField("/viz");
        path.setId("znode-path");
        TextField data = new TextField("hello");
        data.setId("znode-data");
        ComboBox<String> flags = new ComboBox<>();
        flags.setId("znode-flags");
        flags.getItems().addAll("PERSISTENT", "EPHEMERAL", "PERSISTENT_SEQUENTIAL", "EPHEMERAL_SEQUENTIAL");
        flags.setValue("PERSISTENT");
        TextField version = new TextField("-1");
        version.setPromptText("set/delete: the version expected, -1 for any");
        ComboBox<String> from = new ComboBox<>();
        from.getItems().addAll(run.clients());
        from.setValue(run.clients().get(0));
        ComboBox<String> to = new ComboBox<>();
        to.setId("znode-to");
        to.getItems().addAll(run.servers());
        String lead = leader();
        to.setValue(lead != null ? lead : run.servers().get(0));
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(4);
        grid.addRow(0, new Label("Operation"), op);
        grid.addRow(1, new Label("Path"), path);
        grid.addRow(2, new Label("Data"), data);
        grid.addRow(3, new Label("Flags (create)"), flags);
        grid.addRow(4, new Label("Version"), version);
        grid.addRow(5, new Label("From client"), from);
        grid.addRow(6, new Label("To server"), to, new Label(lead == null ? "(no leader now)" : "(" + lead + " leads now)"));
        d.getDialogPane().setContent(grid);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        ask(d).filter(b -> b == ButtonType.OK).ifPresent(b -> {
            int v;
            try {
                v = Integer.parseInt(version.getText().trim());
            } catch (NumberFormatException e) {
                viz.say("version: not a whole number: '" + version.getText() + "'");
                refresh();
                return;
            }
            sendZnodeRequest(from.getValue(), to.getValue(), op.getValue(), path.getText(), data.getText(), flags.getValue(), v);
        });
        refresh();
    }

    /**
     * Sends a znode request in the client's current session (create with its flags, set or delete
     * with an expected version) and watches for its answer: the status line reports what became of
     * it. False, with the reason in the status line, when the client has no open session or the
     * input is wrong.
     */
    public boolean sendZnodeRequest(String client, String server, consensuslab.visualizer.model.ZnodeRequests.Op op, String path,
                                    String data, String flags, int version) {
        if (!(viz.session() instanceof LiveRun run)) {
            return viz.act(new UserAction.Heal()); // says why it cannot
        }
        ClusterState.NodeView c = viz.state().node(client);
        long sid = c == null || c.json() == null ? -1
                : consensuslab.visualizer.model.ZnodeRequests.sessionId(c.json().path("session").asText(null));
        if (sid < 0 || !c.json().path("phase").asText("open").equals("open")) {
            viz.say(client + " has no open session to send a znode request in");
            refresh();
            return false;
        }
        long id = nextRequestId++;
        com.fasterxml.jackson.databind.node.ObjectNode msg;
        try {
            msg = consensuslab.visualizer.model.ZnodeRequests.message(id, run.timeline().endTime(), sid, op, path, data, flags, version);
        } catch (IllegalArgumentException e) {
            viz.say(e.getMessage());
            refresh();
            return false;
        }
        return inject(client, server, id, op.name().toLowerCase(java.util.Locale.ROOT) + " " + path, msg.toString());
    }

    /** A request the user sent, watched until its answer comes back to the client. */
    private record Watched(String client, long id, String to, int from) {
    }

    private Watched watched;

    /** Reports what became of the watched request: the answer sent to its client (a reply, a redirect, an error). */
    private void watchRequest(Session s) {
        if (watched == null || !(s instanceof LiveRun)) {
            return;
        }
        var tl = s.timeline();
        for (int i = Math.min(watched.from(), tl.size()); i < tl.size(); i++) {
            TraceEvent e = tl.get(i);
            if (e.type() == EventType.SEND && watched.client().equals(e.to())) {
                com.fasterxml.jackson.databind.JsonNode m = TraceEvent.json(e.msg());
                long id = m.has("cxid") ? m.path("cxid").asLong(-1) : m.path("seq").asLong(-1);
                if (id == watched.id()) {
                    String what = e.msgType() + " from " + e.from() + " at " + e.time() + "ms: " + m.toString().replace("\"", "");
                    com.fasterxml.jackson.databind.JsonNode zk = znodeAnswer(m);
                    if (zk != null) { // the znode workload's answer: its code and the transaction's zxid
                        what = e.msgType() + " from " + e.from() + " at " + e.time() + "ms: " + zk.path("code").asText()
                                + (m.path("zxid").asLong() > 0 ? " zxid " + InspectorView.zxid(m.path("zxid").asLong()) : "");
                    }
                    String tail = e.msgType().equals("Redirect") ? " (the client's own run is over, so it will not follow it: "
                            + "send the request to " + m.path("leader").asText() + ")" : "";
                    viz.say("request " + watched.client() + "#" + watched.id() + " → " + what + tail);
                    watched = null;
                    return;
                }
            }
        }
        watched = new Watched(watched.client(), watched.id(), watched.to(), tl.size());
    }

    /** A znode answer's body ({"code": "OK", "body": ...}) inside a ClientReply's value, or null. */
    private static com.fasterxml.jackson.databind.JsonNode znodeAnswer(com.fasterxml.jackson.databind.JsonNode reply) {
        String v = reply.path("value").asText("");
        if (!v.startsWith("{") || !v.contains("\"code\"")) {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode j = consensuslab.core.Json.MAPPER.readTree(v);
            return j.has("code") ? j : null;
        } catch (java.io.IOException ex) {
            return null;
        }
    }

    private void showHelp() {
        StringBuilder sb = new StringBuilder();
        String proto = viz.session() != null && viz.session().protocol() != null ? viz.session().protocol().name() : protocol.getValue();
        sb.append(consensuslab.visualizer.view.Legend.of(proto)).append('\n').append("Keys\n");
        for (Shortcut s : shortcuts) {
            sb.append(s.key().getDisplayText()).append("  ").append(s.help()).append('\n');
        }
        sb.append("double-click a node: crash/restart; drag a node off the ring: move it across the partition\n");
        sb.append("click a message: select; double-click: drop; click in the diagram: jump to that time; scroll: zoom\n");
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("Help: legend and keys" + (proto == null ? "" : " (" + proto + ")"));
        TextArea t = new TextArea(sb.toString());
        t.setId("help-text");
        t.setEditable(false);
        t.setWrapText(true);
        t.setPrefRowCount(26);
        t.setPrefColumnCount(90);
        d.getDialogPane().setContent(t);
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        own(d);
        d.show();
    }

    // ---- frames ----------------------------------------------------------------------------

    /** Starts animating: each frame advances the run by the wall time since the last one. */
    public void startAnimation() {
        if (timer != null) {
            return;
        }
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                double dt = lastFrame == 0 ? 0 : Math.min(0.1, (now - lastFrame) / 1e9);
                lastFrame = now;
                frame(dt);
            }
        };
        timer.start();
    }

    public void stopAnimation() {
        if (timer != null) {
            timer.stop();
            timer = null;
        }
    }

    /** One frame: advance by {@code dt} wall seconds (when playing), then redraw. */
    public void frame(double dt) {
        viz.tick(dt);
        render(false);
    }

    /** Redraws everything from the current state. */
    public void refresh() {
        render(true);
    }

    /** While playing, the diagram and the panels are redrawn at most this often (the cluster every frame). */
    private static final long PANEL_PERIOD_NS = 100_000_000L;
    private long lastPanels;
    /** While playing, the inspector, the invariants and the log are rebuilt at most this often. */
    private static final long TEXT_PERIOD_NS = 500_000_000L;
    private long lastText;

    private void render(boolean full) {
        Session s = viz.session();
        cluster.refresh();
        long now = System.nanoTime();
        boolean panels = full || !viz.playing() || now - lastPanels >= (diagram.heavy() ? 3 : 1) * PANEL_PERIOD_NS;
        if (!panels) {
            return;
        }
        lastPanels = now;
        diagram.refresh();
        if (s == null) {
            status.setText(viz.status());
            return;
        }
        if (viz.version() != lastVersion) {
            lastVersion = viz.version();
            followLab(s);
            watchRequest(s);
            // the text panels rebuild cells (CSS, layout): while playing, twice a second is enough to read them
            if (full || !viz.playing() || now - lastText >= TEXT_PERIOD_NS) {
                lastText = now;
                inspector.refresh();
                if (pinnedInspector != null) {
                    pinnedInspector.refresh();
                }
                invariants.refresh();
                log.refresh();
            }
            updateFilters(s);
            ClusterState st = viz.state();
            clock.setText("t=" + viz.viewTime() + "ms  event " + viz.cursor() + "/" + s.timeline().size()
                    + (viz.atLiveEdge() ? "  LIVE" : s.live() ? "  REPLAY (acting forks)"
                    : s instanceof consensuslab.visualizer.model.AttachedRun ? "  ATTACHED (read-only)" : "  READ-ONLY"));
            inflight.setText("in flight: " + st.inflightCount());
            counters.setText("sent " + st.sent() + "  delivered " + st.delivered() + "  dropped " + st.dropped() + "  dup "
                    + st.duplicated() + (st.partition().isEmpty() ? "" : "  partition " + ClusterView.partitionText(st)));
            status.setText(viz.status());
            status.setStyle(viz.statusError() ? "-fx-text-fill: white; -fx-background-color: #c62828; -fx-padding: 0 4;"
                    : "-fx-text-fill: #333;");
            title.setText(s.title());
            play.setText(viz.playing() ? "❚❚ Pause" : "▶ Play");
            speedLabel.setText(fmt(viz.speed()) + " ms/s");
            request.setDisable(!(s instanceof LiveRun));
            updatingTime = true;
            time.setMax(Math.max(1, Math.max(s.timeline().endTime(), viz.viewTime())));
            time.setValue(viz.viewTime());
            updatingTime = false;
        }
    }

    private static String fmt(double v) {
        return v >= 10 ? Long.toString(Math.round(v)) : String.format("%.2f", v);
    }

    private void updateFilters(Session s) {
        if (scanned != s) {
            scanned = s;
            scannedUpTo = 0;
            typesSeen.clear();
            nodeFilter.getItems().setAll("all nodes");
            nodeFilter.getItems().addAll(s.servers());
            nodeFilter.getItems().addAll(s.clients());
            typeFilter.getItems().setAll("all types");
        }
        int before = typesSeen.size();
        for (int i = scannedUpTo; i < s.timeline().size(); i++) {
            TraceEvent e = s.timeline().get(i);
            if (e.type() == EventType.SEND && e.msgType() != null) {
                typesSeen.add(e.msgType());
            }
        }
        scannedUpTo = s.timeline().size();
        if (typesSeen.size() != before) {
            String v = typeFilter.getValue();
            typeFilter.getItems().setAll("all types");
            typeFilter.getItems().addAll(typesSeen);
            typeFilter.setValue(v);
        }
    }

    // ---- for tests, screenshots and the benchmark -------------------------------------------

    public Viz viz() {
        return viz;
    }

    public ClusterView clusterView() {
        return cluster;
    }

    public SpaceTimeView diagramView() {
        return diagram;
    }

    public InspectorView inspectorView() {
        return inspector;
    }

    /** The inspector pinned beside the main one, or null when no node is pinned. */
    public InspectorView pinnedInspectorView() {
        return pinnedInspector;
    }

    /**
     * Pins a node: its state stays beside the inspector, which goes on following the selection, so
     * two nodes can be compared side by side. Null unpins.
     */
    public void pinNode(String node) {
        if (pinnedInspector != null) {
            inspectors.getChildren().remove(pinnedInspector);
            pinnedInspector = null;
        }
        if (node != null) {
            pinnedInspector = InspectorView.pinned(viz, node);
            HBox.setHgrow(pinnedInspector, Priority.ALWAYS);
            pinnedInspector.setPrefWidth(10);
            inspector.setPrefWidth(10);
            inspectors.getChildren().add(0, pinnedInspector);
            pinnedInspector.refresh();
        }
        pinButton.setText(pinnedInspector == null ? "Pin" : "Unpin " + node);
    }

    public InvariantsView invariantsView() {
        return invariants;
    }

    public LogView logView() {
        return log;
    }

    public Node views() {
        return views;
    }
}
