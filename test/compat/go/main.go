// Compatibility runner for Dapr's Go SDK (github.com/dapr/go-sdk, whose workflow client and worker
// come from github.com/dapr/durabletask-go/workflow). It hosts its own workflows and activities,
// drives them with the SDK's workflow client, and prints one JSON line per scenario of
// ../scenarios.json: {"scenario", "status": "pass"|"fail"|"unsupported", "detail"}.
// The sidecar address comes from DAPR_GRPC_ENDPOINT (or DAPR_GRPC_PORT), as the SDK reads it.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/dapr/durabletask-go/api"
	"github.com/dapr/durabletask-go/workflow"
	dapr "github.com/dapr/go-sdk/client"
	"github.com/google/uuid"
)

var (
	wc       *workflow.Client
	deadline = scenarioDeadline()
	attempts sync.Map
)

// unsupported marks a scenario this SDK has no API for; the text names what is missing.
type unsupported string

func (u unsupported) Error() string { return string(u) }

// ---- activities ----------------------------------------------------------------------------

func appendText(ctx workflow.ActivityContext) (any, error) {
	var in struct{ Text, Suffix string }
	if err := ctx.GetInput(&in); err != nil {
		return nil, err
	}
	return in.Text + in.Suffix, nil
}

func square(ctx workflow.ActivityContext) (any, error) {
	var n int
	if err := ctx.GetInput(&n); err != nil {
		return nil, err
	}
	return n * n, nil
}

func double(ctx workflow.ActivityContext) (any, error) {
	var n int
	if err := ctx.GetInput(&n); err != nil {
		return nil, err
	}
	return n * 2, nil
}

func echo(ctx workflow.ActivityContext) (any, error) {
	var v any
	if err := ctx.GetInput(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func explode(ctx workflow.ActivityContext) (any, error) {
	var n int
	_ = ctx.GetInput(&n)
	return nil, fmt.Errorf("boom %d", n)
}

func flaky(ctx workflow.ActivityContext) (any, error) {
	var key string
	if err := ctx.GetInput(&key); err != nil {
		return nil, err
	}
	counter, _ := attempts.LoadOrStore(key, new(int32))
	count := int(atomicAdd(counter.(*int32)))
	if count < 3 {
		return nil, fmt.Errorf("attempt %d fails on purpose", count)
	}
	return fmt.Sprintf("ok after %d", count), nil
}

var flakyLock sync.Mutex

func atomicAdd(p *int32) int32 {
	flakyLock.Lock()
	defer flakyLock.Unlock()
	*p++
	return *p
}

// ---- workflows -----------------------------------------------------------------------------

func chain(ctx *workflow.WorkflowContext) (any, error) {
	var text string
	if err := ctx.GetInput(&text); err != nil {
		return nil, err
	}
	for _, suffix := range []string{"1", "2", "3"} {
		in := map[string]string{"Text": text, "Suffix": suffix}
		if err := ctx.CallActivity("append", workflow.WithActivityInput(in)).Await(&text); err != nil {
			return nil, err
		}
	}
	return text, nil
}

func fanOut(ctx *workflow.WorkflowContext) (any, error) {
	var count int
	if err := ctx.GetInput(&count); err != nil {
		return nil, err
	}
	tasks := []workflow.Task{}
	for n := 1; n <= count; n++ {
		tasks = append(tasks, ctx.CallActivity("square", workflow.WithActivityInput(n)))
	}
	sum := 0
	for _, t := range tasks {
		var v int
		if err := t.Await(&v); err != nil {
			return nil, err
		}
		sum += v
	}
	return sum, nil
}

func childDouble(ctx *workflow.WorkflowContext) (any, error) {
	var n int
	if err := ctx.GetInput(&n); err != nil {
		return nil, err
	}
	var doubled int
	err := ctx.CallActivity("double", workflow.WithActivityInput(n)).Await(&doubled)
	return doubled, err
}

func parentOfChild(ctx *workflow.WorkflowContext) (any, error) {
	var n int
	if err := ctx.GetInput(&n); err != nil {
		return nil, err
	}
	var result int
	err := ctx.CallChildWorkflow("child_double", workflow.WithChildWorkflowInput(n), workflow.WithChildWorkflowInstanceID(ctx.ID()+"-child")).Await(&result)
	return result + 1, err
}

func lateWaiter(ctx *workflow.WorkflowContext) (any, error) {
	if err := ctx.CreateTimer(time.Second).Await(nil); err != nil {
		return nil, err
	}
	var data any
	err := ctx.WaitForExternalEvent("Approval", -1).Await(&data)
	return data, err
}

func sleeper(ctx *workflow.WorkflowContext) (any, error) {
	before := ctx.CurrentTimeUTC()
	if err := ctx.CreateTimer(time.Second).Await(nil); err != nil {
		return nil, err
	}
	return ctx.CurrentTimeUTC().Sub(before).Seconds(), nil
}

// race waits for the event "go" with a timeout: the Go SDK's way to race a timer against an event.
func race(ctx *workflow.WorkflowContext) (any, error) {
	var seconds int
	if err := ctx.GetInput(&seconds); err != nil {
		return nil, err
	}
	var data string
	err := ctx.WaitForExternalEvent("go", time.Duration(seconds)*time.Second).Await(&data)
	if err != nil {
		return "timer", nil
	}
	return "event:" + data, nil
}

func waiter(ctx *workflow.WorkflowContext) (any, error) {
	var data any
	err := ctx.WaitForExternalEvent("proceed", -1).Await(&data)
	return data, err
}

func parentOfWaiter(ctx *workflow.WorkflowContext) (any, error) {
	var data any
	err := ctx.CallChildWorkflow("waiter", workflow.WithChildWorkflowInstanceID(ctx.ID()+"-child")).Await(&data)
	return data, err
}

func collector(ctx *workflow.WorkflowContext) (any, error) {
	var state struct{ Items []int }
	if err := ctx.GetInput(&state); err != nil {
		return nil, err
	}
	if len(state.Items) == 0 {
		if err := ctx.CreateTimer(time.Second).Await(nil); err != nil {
			return nil, err
		}
	}
	var item int
	if err := ctx.WaitForExternalEvent("item", -1).Await(&item); err != nil {
		return nil, err
	}
	items := append(state.Items, item)
	if len(items) < 3 {
		ctx.ContinueAsNew(map[string][]int{"Items": items}, workflow.WithKeepUnprocessedEvents())
		return nil, nil
	}
	return items, nil
}

func failing(ctx *workflow.WorkflowContext) (any, error) {
	if err := ctx.CallActivity("explode", workflow.WithActivityInput(42)).Await(nil); err != nil {
		return nil, err
	}
	return "unreachable", nil
}

func statusSetter(ctx *workflow.WorkflowContext) (any, error) {
	ctx.SetCustomStatus("stage-1")
	if err := ctx.WaitForExternalEvent("next", -1).Await(nil); err != nil {
		return nil, err
	}
	ctx.SetCustomStatus("stage-2")
	return "done", nil
}

func retrying(ctx *workflow.WorkflowContext) (any, error) {
	policy := &workflow.RetryPolicy{MaxAttempts: 3, InitialRetryInterval: 300 * time.Millisecond, BackoffCoefficient: 1}
	var result string
	err := ctx.CallActivity("flaky", workflow.WithActivityInput(ctx.ID()), workflow.WithActivityRetryPolicy(policy)).Await(&result)
	return result, err
}

// redeployed holds the instances whose code now runs without the patch "p-stall" (see the
// stalled-patch-mismatch scenario).
var redeployed sync.Map

func patchDropper(ctx *workflow.WorkflowContext) (any, error) {
	if _, gone := redeployed.Load(ctx.ID()); !gone {
		ctx.IsPatched("p-stall")
	}
	if err := ctx.WaitForExternalEvent("go", -1).Await(nil); err != nil {
		return nil, err
	}
	return "done", nil
}

func versionedV1(ctx *workflow.WorkflowContext) (any, error) { return "v1", nil }

func versionedV2(ctx *workflow.WorkflowContext) (any, error) {
	if ctx.IsPatched("p1") {
		return "v2:patched", nil
	}
	return "v2:unpatched", nil
}

func falsyChild(ctx *workflow.WorkflowContext) (any, error) {
	var v any
	err := ctx.GetInput(&v)
	return v, err
}

func falsy(ctx *workflow.WorkflowContext) (any, error) {
	var input any
	if err := ctx.GetInput(&input); err != nil {
		return nil, err
	}
	activities := []any{}
	for _, item := range []any{0, false, "", nil} {
		var v any
		if err := ctx.CallActivity("echo", workflow.WithActivityInput(item)).Await(&v); err != nil {
			return nil, err
		}
		activities = append(activities, v)
	}
	children := []any{}
	for _, item := range []any{0, false, ""} {
		var v any
		if err := ctx.CallChildWorkflow("falsy_child", workflow.WithChildWorkflowInput(item)).Await(&v); err != nil {
			return nil, err
		}
		children = append(children, v)
	}
	var event any
	if err := ctx.WaitForExternalEvent("falsy", -1).Await(&event); err != nil {
		return nil, err
	}
	return map[string]any{"input": input, "activities": activities, "children": children, "event": event}, nil
}

func register() *workflow.Registry {
	r := workflow.NewRegistry()
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	for name, fn := range map[string]workflow.Workflow{
		"chain": chain, "fan_out": fanOut, "child_double": childDouble, "parent_of_child": parentOfChild,
		"late_waiter": lateWaiter, "sleeper": sleeper, "race": race, "waiter": waiter,
		"parent_of_waiter": parentOfWaiter, "collector": collector, "failing": failing,
		"status_setter": statusSetter, "retrying": retrying, "falsy_child": falsyChild, "falsy": falsy,
		"patch_dropper": patchDropper,
	} {
		must(r.AddWorkflowN(name, fn))
	}
	must(r.AddVersionedWorkflowN("versioned", "v1", false, versionedV1))
	must(r.AddVersionedWorkflowN("versioned", "v2", true, versionedV2))
	for name, fn := range map[string]workflow.Activity{
		"append": appendText, "square": square, "double": double, "echo": echo, "explode": explode, "flaky": flaky,
	} {
		must(r.AddActivityN(name, fn))
	}
	return r
}

// recordingLogger prints the worker's log to stderr and keeps its last error.
type recordingLogger struct {
	mu      sync.Mutex
	lastErr string
}

var workerLog = &recordingLogger{}

func (l *recordingLogger) last() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lastErr
}
func (l *recordingLogger) log(level, msg string) {
	fmt.Fprintln(os.Stderr, level+": "+msg)
	if level == "ERROR" {
		l.mu.Lock()
		l.lastErr = msg
		l.mu.Unlock()
	}
}
func (l *recordingLogger) Debug(v ...any)                 {}
func (l *recordingLogger) Debugf(format string, v ...any) {}
func (l *recordingLogger) Info(v ...any)                  { l.log("INFO", fmt.Sprint(v...)) }
func (l *recordingLogger) Infof(format string, v ...any)  { l.log("INFO", fmt.Sprintf(format, v...)) }
func (l *recordingLogger) Warn(v ...any)                  { l.log("WARN", fmt.Sprint(v...)) }
func (l *recordingLogger) Warnf(format string, v ...any)  { l.log("WARN", fmt.Sprintf(format, v...)) }
func (l *recordingLogger) Error(v ...any)                 { l.log("ERROR", fmt.Sprint(v...)) }
func (l *recordingLogger) Errorf(format string, v ...any) { l.log("ERROR", fmt.Sprintf(format, v...)) }

// ---- helpers -------------------------------------------------------------------------------

func newID(scenario string) string { return "go-" + scenario + "-" + uuid.NewString()[:8] }

func start(name, scenario string, input any, withInput bool) string {
	id := newID(scenario)
	opts := []workflow.NewWorkflowOptions{workflow.WithInstanceID(id)}
	if withInput {
		opts = append(opts, workflow.WithInput(input))
	}
	if _, err := wc.ScheduleWorkflow(context.Background(), name, opts...); err != nil {
		panic(fmt.Errorf("schedule %s: %w", name, err))
	}
	return id
}

// stateOf returns nil when the instance does not exist.
func stateOf(id string) *workflow.WorkflowMetadata {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	meta, err := wc.FetchWorkflowMetadata(ctx, id, workflow.WithFetchPayloads(true))
	if errors.Is(err, api.ErrInstanceNotFound) {
		return nil
	}
	if err != nil {
		panic(fmt.Errorf("fetch %s: %w", id, err))
	}
	return meta
}

func statusName(m *workflow.WorkflowMetadata) string {
	if m == nil {
		return "not found"
	}
	return m.String()
}

func waitUntil(id, what string, ok func(*workflow.WorkflowMetadata) bool) *workflow.WorkflowMetadata {
	end := time.Now().Add(deadline)
	var last *workflow.WorkflowMetadata
	for time.Now().Before(end) {
		last = stateOf(id)
		if ok(last) {
			return last
		}
		time.Sleep(100 * time.Millisecond)
	}
	panic(fmt.Errorf("%s: %s not reached within %s (last: %s)", id, what, deadline, statusName(last)))
}

func waitStatus(id, status string) *workflow.WorkflowMetadata {
	return waitUntil(id, status, func(m *workflow.WorkflowMetadata) bool { return statusName(m) == status })
}

func finish(id string) *workflow.WorkflowMetadata {
	return waitUntil(id, "a terminal state", func(m *workflow.WorkflowMetadata) bool {
		s := statusName(m)
		return s == "COMPLETED" || s == "FAILED" || s == "TERMINATED"
	})
}

func completedOutput(id string) any {
	m := finish(id)
	if statusName(m) != "COMPLETED" {
		msg := ""
		if m.FailureDetails != nil {
			msg = m.FailureDetails.ErrorMessage
		}
		panic(fmt.Errorf("%s ended %s %s", id, statusName(m), msg))
	}
	if m.Output == nil {
		return nil
	}
	var out any
	if err := json.Unmarshal([]byte(m.Output.Value), &out); err != nil {
		panic(fmt.Errorf("output %q is not JSON: %w", m.Output.Value, err))
	}
	return out
}

// expect compares after a JSON round trip, so Go values and decoded JSON compare alike.
func expect(actual, expected any, what string) {
	norm := func(v any) any {
		b, _ := json.Marshal(v)
		var out any
		_ = json.Unmarshal(b, &out)
		return out
	}
	if !reflect.DeepEqual(norm(actual), norm(expected)) {
		a, _ := json.Marshal(actual)
		e, _ := json.Marshal(expected)
		panic(fmt.Errorf("%s: expected %s, got %s", what, e, a))
	}
}

func check(err error, what string) {
	if err != nil {
		panic(fmt.Errorf("%s: %w", what, err))
	}
}

var bg = context.Background()

// ---- scenarios -----------------------------------------------------------------------------

func purge(recursive bool) string {
	scenario := "purge-flat"
	if recursive {
		scenario = "purge-rec"
	}
	parent := start("parent_of_child", scenario, 1, true)
	completedOutput(parent)
	child := parent + "-child"
	check(wc.PurgeWorkflowState(bg, parent, workflow.WithRecursivePurge(recursive)), "purge")
	if m := stateOf(parent); m != nil {
		panic(fmt.Errorf("parent still exists after purge (%s)", statusName(m)))
	}
	childState := stateOf(child)
	if recursive {
		if childState != nil {
			panic(fmt.Errorf("child still exists after a recursive purge"))
		}
		return "parent and child purged"
	}
	if childState == nil {
		panic(fmt.Errorf("child was purged by a non-recursive purge"))
	}
	_ = wc.PurgeWorkflowState(bg, child)
	return "parent purged, child kept"
}

func parentWithWaitingChild(scenario string) (string, string) {
	parent := start("parent_of_waiter", scenario, nil, false)
	child := parent + "-child"
	waitStatus(child, "RUNNING")
	return parent, child
}

var scenarios = map[string]func() string{
	"activity-chain": func() string {
		expect(completedOutput(start("chain", "chain", "a", true)), "a123", "output")
		return "a -> a1 -> a12 -> a123"
	},
	"fan-out-fan-in": func() string {
		expect(completedOutput(start("fan_out", "fan", 5, true)), 55, "sum of squares 1..5")
		return "five activities in parallel, sum 55"
	},
	"child-workflow": func() string {
		parent := start("parent_of_child", "child", 5, true)
		expect(completedOutput(parent), 11, "output")
		expect(statusName(stateOf(parent+"-child")), "COMPLETED", "child status")
		return "child doubled 5, parent added 1"
	},
	"early-event-any-case": func() string {
		id := start("late_waiter", "early", nil, false)
		check(wc.RaiseEvent(bg, id, "APPROVAL", workflow.WithEventPayload(map[string]bool{"ok": true})), "raise")
		expect(completedOutput(id), map[string]bool{"ok": true}, "output")
		return "raised 'APPROVAL' before the wait for 'Approval'; delivered"
	},
	"durable-timer": func() string {
		began := time.Now()
		slept := completedOutput(start("sleeper", "timer", nil, false)).(float64)
		if slept < 1 || time.Since(began) < time.Second {
			panic(fmt.Errorf("timer fired early: workflow clock %vs, wall clock %s", slept, time.Since(began)))
		}
		return fmt.Sprintf("workflow clock advanced %vs", slept)
	},
	"when-any-timer-event": func() string {
		byEvent := start("race", "race-event", 30, true)
		waitStatus(byEvent, "RUNNING")
		check(wc.RaiseEvent(bg, byEvent, "go", workflow.WithEventPayload("now")), "raise")
		expect(completedOutput(byEvent), "event:now", "event won")
		expect(completedOutput(start("race", "race-timer", 1, true)), "timer", "timer won")
		return "no WhenAny in the Go SDK; WaitForExternalEvent with a timeout: the event beat 30 s, 1 s beat a missing event"
	},
	"suspend-resume-events": func() string {
		id := start("waiter", "suspend", nil, false)
		waitStatus(id, "RUNNING")
		check(wc.SuspendWorkflow(bg, id, "compat"), "suspend")
		waitStatus(id, "SUSPENDED")
		check(wc.RaiseEvent(bg, id, "proceed", workflow.WithEventPayload("held")), "raise")
		time.Sleep(time.Second)
		expect(statusName(stateOf(id)), "SUSPENDED", "status while suspended with an event")
		check(wc.ResumeWorkflow(bg, id, "compat"), "resume")
		expect(completedOutput(id), "held", "output after resume")
		return "event held while SUSPENDED, delivered after resume"
	},
	"terminate-recursive": func() string {
		parent, child := parentWithWaitingChild("term-rec")
		check(wc.TerminateWorkflow(bg, parent, workflow.WithRecursiveTerminate(true)), "terminate")
		waitStatus(parent, "TERMINATED")
		waitStatus(child, "TERMINATED")
		return "parent and child TERMINATED"
	},
	"terminate-non-recursive": func() string {
		parent, child := parentWithWaitingChild("term-flat")
		check(wc.TerminateWorkflow(bg, parent, workflow.WithRecursiveTerminate(false)), "terminate")
		waitStatus(parent, "TERMINATED")
		time.Sleep(time.Second)
		status := statusName(stateOf(child))
		_ = wc.TerminateWorkflow(bg, child)
		expect(status, "RUNNING", "child status after a non-recursive terminate")
		return "parent TERMINATED, child still RUNNING"
	},
	"purge-recursive":     func() string { return purge(true) },
	"purge-non-recursive": func() string { return purge(false) },
	"continue-as-new-events": func() string {
		id := start("collector", "can", map[string][]int{"Items": {}}, true)
		for n := 1; n <= 3; n++ {
			check(wc.RaiseEvent(bg, id, "item", workflow.WithEventPayload(n)), "raise")
		}
		expect(completedOutput(id), []int{1, 2, 3}, "items collected over three generations")
		return "three events raised at once, consumed across three generations"
	},
	"failure-details": func() string {
		m := finish(start("failing", "fail", nil, false))
		expect(statusName(m), "FAILED", "status")
		d := m.FailureDetails
		if d == nil || !strings.Contains(d.ErrorMessage, "boom 42") || d.ErrorType == "" {
			panic(fmt.Errorf("failure details lack the error: %v", d))
		}
		return fmt.Sprintf("FAILED, %s: %.80s", d.ErrorType, d.ErrorMessage)
	},
	"custom-status": func() string {
		id := start("status_setter", "status", nil, false)
		m := waitUntil(id, "a custom status", func(m *workflow.WorkflowMetadata) bool {
			return m != nil && m.CustomStatus != nil && m.CustomStatus.Value != ""
		})
		expect(m.CustomStatus.Value, "stage-1", "custom status while running")
		check(wc.RaiseEvent(bg, id, "next"), "raise")
		completedOutput(id)
		expect(stateOf(id).CustomStatus.GetValue(), "stage-2", "custom status after completion")
		return "stage-1 while running, stage-2 after completion"
	},
	"stalled-patch-mismatch": func() string {
		id := start("patch_dropper", "stall", nil, false)
		waitStatus(id, "RUNNING") // its first turn applied the patch
		redeployed.Store(id, true) // the code now runs without IsPatched("p-stall")
		check(wc.RaiseEvent(bg, id, "go"), "raise")
		waitStatus(id, "STALLED")
		check(wc.TerminateWorkflow(bg, id), "terminate")
		waitStatus(id, "TERMINATED")
		return "replayed without its patch: STALLED, then TERMINATED on request"
	},
	"retry-policy": func() string {
		expect(completedOutput(start("retrying", "retry", nil, false)), "ok after 3", "output")
		return "two failed attempts, third succeeded"
	},
	"versioning": func() string {
		expect(completedOutput(start("versioned", "version", nil, false)), "v2:patched", "output")
		return "latest version v2 ran; IsPatched true on a new instance"
	},
	"rerun-from-event": func() string {
		source := start("chain", "rerun", "a", true)
		expect(completedOutput(source), "a123", "source output")
		history, err := wc.GetInstanceHistory(bg, source)
		check(err, "history")
		var eventID int32 = -1
		for _, e := range history.Events {
			if e.GetTaskScheduled() != nil {
				eventID = e.EventId
				break
			}
		}
		if eventID < 0 {
			panic(fmt.Errorf("no TaskScheduled event in the history of %s", source))
		}
		target := newID("rerun-new")
		newID, err := wc.RerunWorkflowFromEvent(bg, source, uint32(eventID), workflow.WithRerunNewInstanceID(target))
		check(err, "rerun")
		expect(newID, target, "new instance ID")
		expect(completedOutput(target), "a123", "rerun output")
		return fmt.Sprintf("reran from TaskScheduled event %d as a new instance, COMPLETED", eventID)
	},
	"tags": func() string {
		panic(unsupported("the Go SDK's workflow client (durabletask-go " + moduleVersion("github.com/dapr/durabletask-go") + ") has no option to set tags when scheduling a workflow"))
	},
	"falsy-values": func() string {
		id := start("falsy", "falsy", 0, true)
		waitStatus(id, "RUNNING")
		check(wc.RaiseEvent(bg, id, "falsy", workflow.WithEventPayload(false)), "raise")
		expect(completedOutput(id), map[string]any{"input": 0, "activities": []any{0, false, "", nil}, "children": []any{0, false, ""}, "event": false}, "output")
		return `input 0, activities 0/false/""/null, children 0/false/"", event false`
	},
	"http-client-api": func() string {
		panic(unsupported("the Go SDK's workflow client speaks gRPC only; the HTTP workflow API is exercised by the JavaScript runner"))
	},
}

// scenarioDeadline is COMPAT_SCENARIO_DEADLINE_S seconds (30 unless set).
func scenarioDeadline() time.Duration {
	var seconds float64 = 30
	if v := os.Getenv("COMPAT_SCENARIO_DEADLINE_S"); v != "" {
		_, _ = fmt.Sscan(v, &seconds)
	}
	return time.Duration(seconds * float64(time.Second))
}

func moduleVersion(path string) string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == path {
				return dep.Version
			}
		}
	}
	return "unknown"
}

func emit(v any) {
	b, _ := json.Marshal(v)
	fmt.Println(string(b))
}

func run(id string) (line map[string]string) {
	defer func() {
		if r := recover(); r != nil {
			var u unsupported
			if err, ok := r.(error); ok && errors.As(err, &u) {
				line = map[string]string{"scenario": id, "status": "unsupported", "detail": u.Error()}
				return
			}
			detail := fmt.Sprint(r)
			if last := workerLog.last(); last != "" {
				detail += " (the worker's last error: " + last + ")"
			}
			if len(detail) > 500 {
				detail = detail[:500]
			}
			line = map[string]string{"scenario": id, "status": "fail", "detail": detail}
		}
	}()
	fn, ok := scenarios[id]
	if !ok {
		panic("this runner has no implementation of the scenario")
	}
	return map[string]string{"scenario": id, "status": "pass", "detail": fn()}
}

func main() {
	here, _ := os.Getwd()
	if len(os.Args) > 1 {
		here = os.Args[1]
	}
	raw, err := os.ReadFile(filepath.Join(here, "..", "scenarios.json"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot read scenarios.json:", err)
		os.Exit(2)
	}
	var list struct{ Scenarios []struct{ ID string } }
	if err := json.Unmarshal(raw, &list); err != nil {
		fmt.Fprintln(os.Stderr, "scenarios.json:", err)
		os.Exit(2)
	}
	emit(map[string]string{"runner": "go", "sdk": "go-sdk " + moduleVersion("github.com/dapr/go-sdk") + " (durabletask-go " + moduleVersion("github.com/dapr/durabletask-go") + ")"})

	// The go-sdk client reads DAPR_GRPC_ENDPOINT / DAPR_GRPC_PORT; its connection carries the
	// workflow client (what dapr.NewWorkflowClient does), here with a logger that keeps the
	// worker's last error so that a failing cell can say why.
	dc, err := dapr.NewClient()
	if err == nil {
		wc = workflow.NewClientWithLogger(dc.GrpcClientConn(), workerLog)
	}
	if err != nil {
		for _, s := range list.Scenarios {
			emit(map[string]string{"scenario": s.ID, "status": "fail", "detail": "cannot create the workflow client: " + err.Error()})
		}
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := wc.StartWorker(ctx, register()); err != nil {
		for _, s := range list.Scenarios {
			emit(map[string]string{"scenario": s.ID, "status": "fail", "detail": "cannot start the workflow worker: " + err.Error()})
		}
		return
	}
	// Scenarios are independent (each uses its own instance IDs), so they run at once and each
	// line is printed as its scenario ends.
	only := os.Getenv("COMPAT_ONLY")
	var wg sync.WaitGroup
	var out sync.Mutex
	for _, s := range list.Scenarios {
		if only != "" && !strings.Contains(","+only+",", ","+s.ID+",") {
			continue
		}
		wg.Add(1)
		go func(id string) {
			defer wg.Done()
			line := run(id)
			out.Lock()
			defer out.Unlock()
			emit(line)
		}(s.ID)
	}
	wg.Wait()
}
