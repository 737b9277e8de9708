package compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dapr.durabletask.Task;
import io.dapr.workflows.Workflow;
import io.dapr.workflows.WorkflowActivity;
import io.dapr.workflows.WorkflowStub;
import io.dapr.workflows.WorkflowTaskOptions;
import io.dapr.workflows.WorkflowTaskRetryPolicy;
import io.dapr.workflows.client.DaprWorkflowClient;
import io.dapr.workflows.client.NewWorkflowOptions;
import io.dapr.workflows.client.WorkflowFailureDetails;
import io.dapr.workflows.client.WorkflowRuntimeStatus;
import io.dapr.workflows.client.WorkflowState;
import io.dapr.workflows.runtime.WorkflowRuntime;
import io.dapr.workflows.runtime.WorkflowRuntimeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compatibility runner for Dapr's Java workflow SDK (io.dapr:dapr-sdk-workflows): hosts its own
 * workflows and activities with the SDK's WorkflowRuntime, drives them with its
 * DaprWorkflowClient and prints one JSON line per scenario of ../scenarios.json:
 * {"scenario", "status": "pass"|"fail"|"unsupported", "detail"}. The sidecar address comes from
 * the environment as the SDK reads it (DAPR_GRPC_ENDPOINT, or DAPR_SIDECAR_IP + DAPR_GRPC_PORT).
 */
public final class Runner {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration DEADLINE =
      Duration.ofMillis((long) (1000 * Double.parseDouble(envOr("COMPAT_SCENARIO_DEADLINE_S", "30"))));
  static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
  static final String SDK_VERSION = sdkVersion();
  static DaprWorkflowClient client;

  /** The SDK has no API for the scenario; the message names what is missing. */
  static final class Unsupported extends RuntimeException {
    Unsupported(String message) {
      super(message);
    }
  }

  @FunctionalInterface
  interface Scenario {
    String run() throws Exception;
  }

  static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  static String sdkVersion() {
    String v = Runner.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }

  // ---- activities ------------------------------------------------------------------------

  static WorkflowActivity appendText() {
    return ctx -> {
      Map<?, ?> in = ctx.getInput(Map.class);
      return String.valueOf(in.get("text")) + in.get("suffix");
    };
  }

  static WorkflowActivity square() {
    return ctx -> {
      int n = ctx.getInput(Integer.class);
      return n * n;
    };
  }

  static WorkflowActivity doubled() {
    return ctx -> ctx.getInput(Integer.class) * 2;
  }

  static WorkflowActivity echo() {
    return ctx -> ctx.getInput(Object.class);
  }

  static WorkflowActivity explode() {
    return ctx -> {
      throw new IllegalStateException("boom " + ctx.getInput(Integer.class));
    };
  }

  static WorkflowActivity flaky() {
    return ctx -> {
      int count = ATTEMPTS.computeIfAbsent(ctx.getInput(String.class), k -> new AtomicInteger()).incrementAndGet();
      if (count < 3) {
        throw new IllegalStateException("attempt " + count + " fails on purpose");
      }
      return "ok after " + count;
    };
  }

  // ---- workflows -------------------------------------------------------------------------

  public static final class Chain implements Workflow {
    @Override
    public WorkflowStub create() {
      return ctx -> {
        String text = ctx.getInput(String.class);
        for (String suffix : List.of("1", "2", "3")) {
          text = ctx.callActivity("append", Map.of("text", text, "suffix", suffix), String.class).await();
        }
        ctx.complete(text);
      };
    }
  }

  public static final class FanOut implements Workflow {
    @Override
    public WorkflowStub create() {
      return ctx -> {
        int count = ctx.getInput(Integer.class);
        List<Task<Integer>> tasks = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
          tasks.add(ctx.callActivity("square", n, Integer.class));
        }
        ctx.complete(ctx.allOf(tasks).await().stream().mapToInt(Integer::intValue).sum());
      };
    }
  }

  public static final class ChildDouble implements Workflow {
    @Override
    public WorkflowStub create() {
      return ctx -> ctx.complete(ctx.callActivity("double", ctx.getInput(Integer.class), Integer.class).await());
    }
  }

  public static final class ParentOfChild implements Workflow {
    @Override
    public WorkflowStub create() {
      return ctx -> {
        int result = ctx.callChildWorkflow("child_double", ctx.getInput(Integer.class), ctx.getInstanceId() + "-child", Integer.class).await();
        ctx.complete(result + 1);
      };
    }
  }

  public static final class LateWaiter implements Workflow {
    @Override
    public WorkflowStub create() {
      return ctx -> {
        ctx.createTimer(Duration.ofSeconds(1)).await();
        ctx.complete(ctx.waitForExternalEvent("Approval", Object.class).await());
      };
    }
  }

  public static final class Sleeper implements Workflow {
    @Override
    public WorkflowStub create() {
      return ctx -> {
        long before = ctx.getCurrentInstant().toEpochMilli();
        ctx.createTimer(Duration.ofSeconds(1)).await();
        ctx.complete((ctx.getCurrentInstant().toEpochMilli() - before) / 1000.0);
      };
    }
  }

  public static final class Race implements Workflow {
    @Override
    public WorkflowStub create() {
      return ctx -> {
        int seconds = ctx.getInput(Integer.class);
        Task<String> event = ctx.waitForExternalEvent("go", String.class);
        Task<Void> timer = ctx.createTimer(Duration.ofSeconds(seconds));
        Task<?> winner = ctx.anyOf(event, timer).await();
        ctx.complete(winner == event ? "event:" + event.await() : "timer");
      };
    }
  }

  public static final class Waiter implements Workflow {
    @Override
    public WorkflowStub create() {
      return ctx -> ctx.complete(ctx.waitForExternalEvent("proceed", Object.class).await());
    }
  }

  public static final class ParentOfWaiter implements Workflow {
    @Override
    public WorkflowStub create() {
      return ctx -> ctx.complete(ctx.callChildWorkflow("waiter", null, ctx.getInstanceId() + "-child", Object.class).await());
    }
  }

  public static final class Collector implements Workflow {
    @Override
    public WorkflowStub create() {
      return ctx -> {
        Map<?, ?> state = ctx.getInput(Map.class);
        List<Object> items = new ArrayList<>((List<?>) state.get("items"));
        if (items.isEmpty()) {
          ctx.createTimer(Duration.ofSeconds(1)).await();
        }
        items.add(ctx.waitForExternalEvent("item", Integer.class).await());
        if (items.size() < 3) {
          ctx.continueAsNew(Map.of("items", items), true);
          return;
        }
        ctx.complete(items);
      };
    }
  }

  public static final class Failing implements Workflow {
    @Override
    public WorkflowStub create() {
      return ctx -> {
        ctx.callActivity("explode", 42).await();
        ctx.complete("unreachable");
      };
    }
  }

  public static final class StatusSetter implements Workflow {
    @Override
    public WorkflowStub create() {
      return ctx -> {
        ctx.setCustomStatus("stage-1");
        ctx.waitForExternalEvent("next").await();
        ctx.setCustomStatus("stage-2");
        ctx.complete("done");
      };
    }
  }

  public static final class Retrying implements Workflow {
    @Override
    public WorkflowStub create() {
      return ctx -> {
        WorkflowTaskRetryPolicy policy = new WorkflowTaskRetryPolicy(3, Duration.ofMillis(300), 1.0, Duration.ofSeconds(5), null);
        ctx.complete(ctx.callActivity("flaky", ctx.getInstanceId(), new WorkflowTaskOptions(policy), String.class).await());
      };
    }
  }

  public static final class VersionedV1 implements Workflow {
    @Override
    public WorkflowStub create() {
      return ctx -> ctx.complete("v1");
    }
  }

  public static final class VersionedV2 implements Workflow {
    @Override
    public WorkflowStub create() {
      return ctx -> ctx.complete(ctx.isPatched("p1") ? "v2:patched" : "v2:unpatched");
    }
  }

  public static final class FalsyChild implements Workflow {
    @Override
    public WorkflowStub create() {
      return ctx -> ctx.complete(ctx.getInput(Object.class));
    }
  }

  public static final class Falsy implements Workflow {
    @Override
    public WorkflowStub create() {
      return ctx -> {
        Object input = ctx.getInput(Object.class);
        List<Object> activities = new ArrayList<>();
        for (Object item : Arrays.asList(0, false, "", null)) {
          activities.add(ctx.callActivity("echo", item, Object.class).await());
        }
        List<Object> children = new ArrayList<>();
        for (Object item : Arrays.asList(0, false, "")) {
          children.add(ctx.callChildWorkflow("falsy_child", item, Object.class).await());
        }
        Object event = ctx.waitForExternalEvent("falsy", Object.class).await();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("input", input);
        out.put("activities", activities);
        out.put("children", children);
        out.put("event", event);
        ctx.complete(out);
      };
    }
  }

  // ---- helpers ---------------------------------------------------------------------------

  static String newId(String scenario) {
    return "java-" + scenario + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String start(String workflow, String scenario, Object input) {
    return client.scheduleNewWorkflow(workflow, new NewWorkflowOptions().setInstanceId(newId(scenario)).setInput(input));
  }

  /**
   * The instance's state, or null when it does not exist: this SDK version answers a missing
   * instance with an empty state (no name, status RUNNING), which reads as null here.
   */
  static WorkflowState stateOf(String id) {
    WorkflowState state = client.getWorkflowState(id, true);
    return state == null || state.getName() == null || state.getName().isEmpty() ? null : state;
  }

  static String statusName(WorkflowState state) {
    return state == null ? "not found" : state.getRuntimeStatus().name();
  }

  interface Check {
    boolean ok(WorkflowState state);
  }

  static WorkflowState waitUntil(String id, String what, Check check) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    WorkflowState last = null;
    while (System.nanoTime() < end) {
      last = stateOf(id);
      if (check.ok(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(id + ": " + what + " not reached within " + DEADLINE.toSeconds() + "s (last: " + statusName(last) + ")");
  }

  static WorkflowState waitStatus(String id, WorkflowRuntimeStatus status) throws InterruptedException {
    return waitUntil(id, status.name(), s -> s != null && s.getRuntimeStatus() == status);
  }

  static WorkflowState finish(String id) throws InterruptedException {
    return waitUntil(id, "a terminal state", s -> s != null
        && (s.getRuntimeStatus() == WorkflowRuntimeStatus.COMPLETED
            || s.getRuntimeStatus() == WorkflowRuntimeStatus.FAILED
            || s.getRuntimeStatus() == WorkflowRuntimeStatus.TERMINATED));
  }

  static JsonNode completedOutput(String id) throws Exception {
    WorkflowState state = finish(id);
    if (state.getRuntimeStatus() != WorkflowRuntimeStatus.COMPLETED) {
      WorkflowFailureDetails d = state.getFailureDetails();
      throw new AssertionError(id + " ended " + statusName(state) + (d == null ? "" : " " + d.getErrorMessage()));
    }
    String out = state.getSerializedOutput();
    return out == null ? JSON.nullNode() : JSON.readTree(out);
  }

  static void expect(Object actual, Object expected, String what) {
    JsonNode a = actual instanceof JsonNode ? (JsonNode) actual : JSON.valueToTree(actual);
    JsonNode e = expected instanceof JsonNode ? (JsonNode) expected : JSON.valueToTree(expected);
    if (!Objects.equals(a, e)) {
      throw new AssertionError(what + ": expected " + e + ", got " + a);
    }
  }

  /** The integers of a JSON array, sorted; empty when it holds anything else. */
  static List<Integer> sortedInts(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    if (!array.isArray()) return out;
    for (JsonNode n : array) {
      if (!n.isInt()) return new ArrayList<>();
      out.add(n.asInt());
    }
    out.sort(null);
    return out;
  }

  static String[] parentWithWaitingChild(String scenario) throws InterruptedException {
    String parent = start("parent_of_waiter", scenario, null);
    String child = parent + "-child";
    waitStatus(child, WorkflowRuntimeStatus.RUNNING);
    return new String[] {parent, child};
  }

  static Map<String, Scenario> scenarios() {
    Map<String, Scenario> s = new LinkedHashMap<>();
    s.put("activity-chain", () -> {
      expect(completedOutput(start("chain", "chain", "a")), "a123", "output");
      return "a -> a1 -> a12 -> a123";
    });
    s.put("fan-out-fan-in", () -> {
      expect(completedOutput(start("fan_out", "fan", 5)), 55, "sum of squares 1..5");
      return "five activities in parallel, sum 55";
    });
    s.put("child-workflow", () -> {
      String parent = start("parent_of_child", "child", 5);
      expect(completedOutput(parent), 11, "output");
      expect(statusName(stateOf(parent + "-child")), "COMPLETED", "child status");
      return "child doubled 5, parent added 1";
    });
    s.put("early-event-any-case", () -> {
      String id = start("late_waiter", "early", null);
      client.raiseEvent(id, "APPROVAL", Map.of("ok", true));
      expect(completedOutput(id), Map.of("ok", true), "output");
      return "raised 'APPROVAL' before the wait for 'Approval'; delivered";
    });
    s.put("durable-timer", () -> {
      long began = System.nanoTime();
      double slept = completedOutput(start("sleeper", "timer", null)).asDouble();
      long tookMs = (System.nanoTime() - began) / 1_000_000;
      if (slept < 1 || tookMs < 1000) {
        throw new AssertionError("timer fired early: workflow clock " + slept + "s, wall clock " + tookMs + " ms");
      }
      return "workflow clock advanced " + slept + "s";
    });
    s.put("when-any-timer-event", () -> {
      String byEvent = start("race", "race-event", 30);
      waitStatus(byEvent, WorkflowRuntimeStatus.RUNNING);
      client.raiseEvent(byEvent, "go", "now");
      expect(completedOutput(byEvent), "event:now", "event won");
      expect(completedOutput(start("race", "race-timer", 1)), "timer", "timer won");
      return "event beat a 30 s timer; a 1 s timer beat a missing event";
    });
    s.put("suspend-resume-events", () -> {
      String id = start("waiter", "suspend", null);
      waitStatus(id, WorkflowRuntimeStatus.RUNNING);
      client.suspendWorkflow(id, "compat");
      waitStatus(id, WorkflowRuntimeStatus.SUSPENDED);
      client.raiseEvent(id, "proceed", "held");
      Thread.sleep(1000);
      expect(statusName(stateOf(id)), "SUSPENDED", "status while suspended with an event");
      client.resumeWorkflow(id, "compat");
      expect(completedOutput(id), "held", "output after resume");
      return "event held while SUSPENDED, delivered after resume";
    });
    s.put("terminate-recursive", () -> {
      throw new Unsupported("DaprWorkflowClient.terminateWorkflow of dapr-sdk-workflows " + SDK_VERSION + " has no recursive option (it sends recursive=false)");
    });
    s.put("terminate-non-recursive", () -> {
      String[] ids = parentWithWaitingChild("term-flat");
      client.terminateWorkflow(ids[0], null);
      waitStatus(ids[0], WorkflowRuntimeStatus.TERMINATED);
      Thread.sleep(1000);
      String status = statusName(stateOf(ids[1]));
      client.terminateWorkflow(ids[1], null);
      expect(status, "RUNNING", "child status after terminateWorkflow (which sends recursive=false)");
      return "parent TERMINATED, child still RUNNING";
    });
    s.put("purge-recursive", () -> {
      throw new Unsupported("DaprWorkflowClient.purgeWorkflow of dapr-sdk-workflows " + SDK_VERSION + " has no recursive option (it sends recursive=false)");
    });
    s.put("purge-non-recursive", () -> {
      String parent = start("parent_of_child", "purge-flat", 1);
      completedOutput(parent);
      String child = parent + "-child";
      client.purgeWorkflow(parent);
      expect(statusName(stateOf(parent)), "not found", "parent after purge");
      if (stateOf(child) == null) {
        throw new AssertionError("child was purged by purgeWorkflow (which sends recursive=false)");
      }
      client.purgeWorkflow(child);
      return "parent purged, child kept";
    });
    s.put("continue-as-new-events", () -> {
      String id = start("collector", "can", Map.of("items", List.of()));
      for (int n = 1; n <= 3; n++) {
        client.raiseEvent(id, "item", n);
      }
      JsonNode items = completedOutput(id);
      // Every event consumed once, out of order: the SDK's ContextImplTask.addCarryoverEvents collects
      // the carryover events in a java.util.HashSet, so it sends them in hash order, not arrival order.
      if (!items.equals(JSON.valueToTree(List.of(1, 2, 3))) && sortedInts(items).equals(List.of(1, 2, 3))) {
        throw new AssertionError("items collected over three generations arrived out of order " + items
            + ": dapr-sdk-workflows " + SDK_VERSION + " sends carryover events in HashSet order (TaskOrchestrationExecutor.addCarryoverEvents), not in arrival order (an SDK bug)");
      }
      expect(items, List.of(1, 2, 3), "items collected over three generations");
      return "three events raised at once, consumed across three generations";
    });
    s.put("failure-details", () -> {
      WorkflowState state = finish(start("failing", "fail", null));
      expect(statusName(state), "FAILED", "status");
      WorkflowFailureDetails d = state.getFailureDetails();
      if (d == null || d.getErrorMessage() == null || !d.getErrorMessage().contains("boom 42") || d.getErrorType() == null || d.getErrorType().isEmpty()) {
        throw new AssertionError("failure details lack the error: " + (d == null ? "none" : d.getErrorType() + ": " + d.getErrorMessage()));
      }
      String message = d.getErrorMessage();
      return "FAILED, " + d.getErrorType() + ": " + message.substring(0, Math.min(80, message.length()));
    });
    s.put("custom-status", () -> {
      throw new Unsupported("WorkflowState of dapr-sdk-workflows " + SDK_VERSION + " has no custom status getter (the workflow can set one, the client cannot read it)");
    });
    s.put("retry-policy", () -> {
      expect(completedOutput(start("retrying", "retry", null)), "ok after 3", "output");
      return "two failed attempts, third succeeded";
    });
    s.put("versioning", () -> {
      expect(completedOutput(start("versioned", "version", null)), "v2:patched", "output");
      return "latest version v2 ran; isPatched true on a new instance";
    });
    s.put("stalled-patch-mismatch", () -> {
      throw new Unsupported("WorkflowRuntimeStatus of dapr-sdk-workflows " + SDK_VERSION + " has no STALLED value (only its durabletask layer's OrchestrationRuntimeStatus has one), so its client cannot report a stalled instance");
    });
    s.put("rerun-from-event", () -> {
      throw new Unsupported("DaprWorkflowClient of dapr-sdk-workflows " + SDK_VERSION + " has no rerun-from-event method");
    });
    s.put("tags", () -> {
      throw new Unsupported("NewWorkflowOptions of dapr-sdk-workflows " + SDK_VERSION + " has no tags");
    });
    s.put("falsy-values", () -> {
      String id = start("falsy", "falsy", 0);
      waitStatus(id, WorkflowRuntimeStatus.RUNNING);
      client.raiseEvent(id, "falsy", false);
      Map<String, Object> expected = new LinkedHashMap<>();
      expected.put("input", 0);
      expected.put("activities", Arrays.asList(0, false, "", null));
      expected.put("children", Arrays.asList(0, false, ""));
      expected.put("event", false);
      expect(completedOutput(id), expected, "output");
      return "input 0, activities 0/false/\"\"/null, children 0/false/\"\", event false";
    });
    s.put("http-client-api", () -> {
      throw new Unsupported("the Java workflow SDK drives workflows over gRPC only; the HTTP workflow API is exercised by the JavaScript runner");
    });
    return s;
  }

  static synchronized void emit(Map<String, Object> line) {
    try {
      System.out.println(JSON.writeValueAsString(line));
      System.out.flush();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> line(String scenario, String status, String detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scenario", scenario);
    m.put("status", status);
    m.put("detail", detail.length() > 500 ? detail.substring(0, 500) : detail);
    return m;
  }

  public static void main(String[] args) throws Exception {
    Path here = Path.of(args.length > 0 ? args[0] : ".");
    JsonNode list = JSON.readTree(Files.readString(here.resolve("../scenarios.json")));
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("runner", "java");
    header.put("sdk", "dapr-sdk-workflows " + SDK_VERSION);
    emit(header);

    WorkflowRuntimeBuilder builder = new WorkflowRuntimeBuilder()
        .registerWorkflow("chain", Chain.class)
        .registerWorkflow("fan_out", FanOut.class)
        .registerWorkflow("child_double", ChildDouble.class)
        .registerWorkflow("parent_of_child", ParentOfChild.class)
        .registerWorkflow("late_waiter", LateWaiter.class)
        .registerWorkflow("sleeper", Sleeper.class)
        .registerWorkflow("race", Race.class)
        .registerWorkflow("waiter", Waiter.class)
        .registerWorkflow("parent_of_waiter", ParentOfWaiter.class)
        .registerWorkflow("collector", Collector.class)
        .registerWorkflow("failing", Failing.class)
        .registerWorkflow("status_setter", StatusSetter.class)
        .registerWorkflow("retrying", Retrying.class)
        .registerWorkflow("falsy_child", FalsyChild.class)
        .registerWorkflow("falsy", Falsy.class)
        .registerWorkflow("versioned", VersionedV1.class, "v1", false)
        .registerWorkflow("versioned", VersionedV2.class, "v2", true)
        .registerActivity("append", appendText())
        .registerActivity("square", square())
        .registerActivity("double", doubled())
        .registerActivity("echo", echo())
        .registerActivity("explode", explode())
        .registerActivity("flaky", flaky());
    WorkflowRuntime runtime = builder.build();
    runtime.start(false);
    client = new DaprWorkflowClient();

    // Scenarios are independent (each uses its own instance IDs): they run at once, and each
    // line is printed as its scenario ends.
    Map<String, Scenario> all = scenarios();
    String only = System.getenv("COMPAT_ONLY");
    ExecutorService pool = Executors.newCachedThreadPool();
    for (JsonNode node : list.get("scenarios")) {
      String id = node.get("id").asText();
      if (only != null && !Arrays.asList(only.split(",")).contains(id)) {
        continue;
      }
      pool.submit(() -> {
        Scenario scenario = all.get(id);
        try {
          if (scenario == null) {
            throw new AssertionError("this runner has no implementation of the scenario");
          }
          emit(line(id, "pass", scenario.run()));
        } catch (Unsupported u) {
          emit(line(id, "unsupported", u.getMessage()));
        } catch (Throwable t) {
          emit(line(id, "fail", t.getClass().getSimpleName() + ": " + t.getMessage()));
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
    client.close();
    runtime.close();
    System.exit(0);
  }
}
