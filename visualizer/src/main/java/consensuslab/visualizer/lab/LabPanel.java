package consensuslab.visualizer.lab;

import consensuslab.core.Registry;
import consensuslab.labs.course.Catalog;
import consensuslab.labs.course.LabRun;
import consensuslab.labs.course.LabRun.CheckResult;
import consensuslab.labs.course.LabRun.StepResult;
import consensuslab.labs.course.Scenario;
import consensuslab.trace.EventType;
import consensuslab.trace.TraceEvent;
import consensuslab.visualizer.Viz;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The lab panel: steps through a lab beside the ring and the space-time diagram. It shows the
 * step's narration, its checkpoints (green when they hold, red when not), and asks the step's
 * question before running it, then says whether the run proved the answer right. The run itself
 * goes to the visualizer as a {@link LabSession}, so both views and the log pane show it; the
 * event the narration speaks of (the step's focus) is selected there: its node, and its message.
 * Back replays the lab from its seed to the previous step, so what is shown is the same run.
 */
public final class LabPanel extends VBox {

    private final Viz viz;
    private final Registry registry;
    private final Runnable refresh;
    private final ComboBox<String> chooser = new ComboBox<>();
    private final Label heading = new Label();
    private final Label narration = new Label();
    private final VBox checks = new VBox(2);
    private final VBox question = new VBox(4);
    private final Button next = new Button("Next ▶");
    private final Button back = new Button("◀ Back");
    private final List<Scenario> labs;
    private final ScrollPane scroll;
    private Scenario scenario;
    private LabRun run;
    private LabSession session;
    /** The answer given to the question of the next step, or 0. */
    private int answer;

    public LabPanel(Viz viz, Runnable refresh) {
        super(6);
        this.viz = viz;
        this.registry = viz.registry();
        this.refresh = refresh;
        this.labs = Catalog.load().all();
        setId("lab-panel");
        setPadding(new Insets(6));
        setMinWidth(260);
        for (Scenario s : labs) {
            chooser.getItems().add(s.id() + ". " + s.title());
        }
        chooser.setId("lab-chooser");
        chooser.setPromptText("Choose a lab…");
        chooser.setMaxWidth(Double.MAX_VALUE);
        chooser.setOnAction(e -> {
            int i = chooser.getSelectionModel().getSelectedIndex();
            if (i >= 0 && (scenario == null || !labs.get(i).equals(scenario))) {
                open(labs.get(i).slug());
            }
        });
        next.setId("lab-next");
        back.setId("lab-back");
        next.setOnAction(e -> next());
        back.setOnAction(e -> back());
        heading.setId("lab-heading");
        heading.setStyle("-fx-font-weight: bold;");
        heading.setWrapText(true);
        narration.setId("lab-narration");
        narration.setWrapText(true);
        checks.setId("lab-checks");
        question.setId("lab-question");
        VBox body = new VBox(8, heading, narration, question, checks);
        body.setPadding(new Insets(2));
        scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(chooser, new HBox(6, back, next), scroll);
        update(null);
    }

    /** Opens a lab by number or slug, at its start. */
    public void open(String idOrSlug) {
        scenario = Catalog.load().find(idOrSlug);
        chooser.getSelectionModel().select(labs.indexOf(labs.stream().filter(s -> s.id() == scenario.id()).findFirst().orElse(scenario)));
        restart(0);
        heading.setText("Lab " + scenario.id() + ": " + scenario.title());
        narration.setText(scenario.intro());
        update(null);
    }

    /** A fresh run of the lab taken through {@code steps} steps (what Back does). */
    private void restart(int steps) {
        session = new LabSession(scenario, registry);
        run = LabRun.start(scenario, registry, List.of(session));
        StepResult last = null;
        while (run.done() < steps) {
            last = run.next();
        }
        answer = 0;
        viz.show(session, session.title() + (steps == 0 ? "" : ", step " + steps));
        if (last != null) {
            show(last, false);
        }
    }

    /** Runs the next step, asking its question first if it has one. */
    public void next() {
        if (run == null || run.finished()) {
            return;
        }
        Scenario.Step step = scenario.steps().get(run.done());
        if (step.question() != null && answer == 0) {
            ask(step.question(), choice -> {
                answer = choice;
                next();
            });
            return;
        }
        StepResult r = run.next();
        viz.show(session, session.title() + ", step " + r.number() + " of " + scenario.steps().size());
        show(r, true);
        answer = 0;
    }

    /** Goes back one step: replays the lab from its seed to the step before. */
    public void back() {
        if (run == null || run.done() == 0) {
            return;
        }
        int to = run.done() - 1;
        restart(to);
        if (to == 0) {
            heading.setText("Lab " + scenario.id() + ": " + scenario.title());
            narration.setText(scenario.intro());
            checks.getChildren().clear();
            question.getChildren().clear();
            update(null);
        }
    }

    private void ask(Scenario.Question q, Consumer<Integer> then) {
        question.getChildren().clear();
        Label ask = new Label("? " + q.ask());
        ask.setId("lab-ask");
        ask.setWrapText(true);
        ask.setStyle("-fx-font-weight: bold;");
        question.getChildren().add(ask);
        for (int i = 0; i < q.choices().size(); i++) {
            int choice = i + 1;
            Button b = new Button(choice + ") " + q.choices().get(i));
            b.setId("lab-choice-" + choice);
            b.setWrapText(true);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setOnAction(e -> then.accept(choice));
            question.getChildren().add(b);
        }
        next.setDisable(true);
        refresh.run();
    }

    private void show(StepResult r, boolean answered) {
        heading.setText("Step " + r.number() + " of " + scenario.steps().size() + (r.step().title() == null ? "" : ": " + r.step().title())
                + " · t=" + r.time() + "ms");
        narration.setText(r.narration() + (r.failure() == null ? "" : "\n!! " + r.failure()));
        question.getChildren().clear();
        Scenario.Question q = r.step().question();
        if (q != null && answered && answer > 0) {
            Label said = new Label("You answered " + answer + ": " + (answer == q.answer() ? "right. " : "not quite (it is " + q.answer() + "). ")
                    + q.explain());
            said.setId("lab-answer");
            said.setWrapText(true);
            question.getChildren().add(said);
        }
        checks.getChildren().clear();
        List<CheckResult> all = new ArrayList<>(r.checks());
        if (r.confirm() != null) {
            all.add(r.confirm());
        }
        for (CheckResult c : all) {
            String says = c == r.confirm() ? "the run shows it: " + c.says() : c.says();
            Label l = new Label((c.ok() ? "✓ " : "✗ ") + says + (c.ok() ? "" : " (expected " + c.expected() + "; seen " + c.seen() + ")"));
            l.setWrapText(true);
            l.getStyleClass().add(c.ok() ? "lab-check-ok" : "lab-check-failed");
            l.setStyle(c.ok() ? "-fx-text-fill: #2e7d32;" : "-fx-text-fill: #c62828;");
            checks.getChildren().add(l);
        }
        highlight(r.focus());
        update(r);
    }

    /** Selects the node and the message the narration speaks of, in the ring and the diagram. */
    private void highlight(TraceEvent focus) {
        if (focus == null) {
            return;
        }
        String node = focus.node() != null ? focus.node() : focus.from();
        if (node != null) {
            viz.selectNode(node);
        }
        boolean message = focus.type() == EventType.SEND || focus.type() == EventType.DELIVER || focus.type() == EventType.DROP;
        if (message) {
            viz.selectMessage(focus.id());
        }
    }

    private void update(StepResult r) {
        scroll.setVvalue(0);
        next.setDisable(run == null || run.finished());
        back.setDisable(run == null || run.done() == 0);
        next.setText(run != null && run.finished() ? "done" : "Next ▶");
        refresh.run();
    }

    /** The lab shown, or null. */
    public Scenario scenario() {
        return scenario;
    }

    /** Steps run so far. */
    public int done() {
        return run == null ? 0 : run.done();
    }

    public LabSession session() {
        return session;
    }
}
