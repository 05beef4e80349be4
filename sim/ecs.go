package sim

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// task finds an ECS task by id or ARN.
func (g *Graph) task(id string) *model.ECSTask {
	if t := g.tasks[id]; t != nil {
		return t
	}
	for _, t := range g.tasks {
		if t.ARN == id {
			return t
		}
	}
	return nil
}

// queryECSExec answers ecs-exec:<task>. ECS Exec rides on Session Manager:
// the client calls the ECS API (ExecuteCommand), then opens a WebSocket to
// ssmmessages; the agent in the task dials ssmmessages too. No path
// between client and task is needed and no inbound rule on the task (ECS
// Developer Guide, "Monitor Amazon ECS containers with ECS Exec").
func (g *Graph) queryECSExec(src Source, d Destination, opts Options) *Result {
	res := &Result{Hops: []Hop{}}
	t := g.task(d.Task)
	if t == nil {
		var ids []string
		for id := range g.tasks {
			ids = append(ids, id)
		}
		msg := fmt.Sprintf("no ECS task %q in the snapshot", d.Task)
		if err := notFound(msg, d.Task, ids); err != nil {
			msg = err.Error() // the did-you-mean
		}
		res.Blockers = []Blocker{blocker(CodeUnknownTask, d.Task, says("task-unknown", msg))}
		finishParts(res)
		return res
	}
	// The task's own conditions (ECS Developer Guide, ECS Exec
	// prerequisites; amazon-ecs-exec-checker).
	check := func(ok bool, code Code, s saying, okDetail string) {
		h := Hop{Component: "task:" + t.ID, Kind: model.KindECSTask, Part: "task", Verdict: Allow, Detail: okDetail}
		if !ok {
			b := blocker(code, "task:"+t.ID, s)
			h.Verdict, h.Detail, h.Code = Deny, b.Message, code
			res.Blockers = append(res.Blockers, b)
		}
		res.Hops = append(res.Hops, h)
	}
	check(!t.LastStatus.Known() || t.LastStatus == model.StateRunning, CodeTaskNotRunning,
		says("task-not-running", t.ID, t.LastStatus.ECSText()), "the task is running")
	check(t.ExecEnabled, CodeExecNotEnabled, says("exec-not-enabled", t.ID), "enableExecuteCommand is on")
	if t.ExecEnabled {
		agent := t.ExecAgent
		check(!agent.Known() || agent == model.StateRunning, CodeExecAgent,
			says("exec-agent-not-running", t.ID, agent.ECSText()), "the ExecuteCommandAgent is running")
		if !agent.Known() {
			res.addAssumption(assumption(AssumeExecAgent, "the snapshot does not show the ExecuteCommandAgent's status; it is assumed to be running", t.ID))
		}
	}
	if strings.EqualFold(t.LaunchType, "FARGATE") && t.PlatformVersion != "" && !strings.EqualFold(t.PlatformVersion, "LATEST") {
		ok := versionAtLeast(t.PlatformVersion, 1, 4, 0)
		check(ok, CodeExecPlatform, says("exec-platform-too-old", t.PlatformVersion), "Fargate platform "+t.PlatformVersion+" supports ECS Exec")
	}
	taskSrc, err := g.ResolveSource("ecs-task:" + t.ID)
	legs := []struct {
		name string
		src  Source
		svc  string
		err  error
	}{
		{"client → aws:ecs", src, "ecs", nil},
		{"client → aws:ssmmessages", src, "ssmmessages", nil},
		{"task → aws:ssmmessages", taskSrc, "ssmmessages", err},
	}
	for _, l := range legs {
		var r *Result
		if l.err != nil {
			b := blocker(CodeBadState, "task:"+t.ID, says("task-no-source", l.err.Error()))
			r = &Result{Hops: []Hop{}, Blockers: []Blocker{b}}
			r.Code, r.Message = CodeBadState, b.Message
		} else {
			r = g.queryService(l.src, l.svc, DefaultPort, opts)
			r.Destination, r.Protocol, r.Port = "aws:"+l.svc, "tcp", DefaultPort
		}
		for _, h := range r.Hops {
			h.Part = l.name
			res.Hops = append(res.Hops, h)
		}
		for _, b := range r.Blockers {
			b.Message = l.name + ": " + b.Message
			res.Blockers = append(res.Blockers, b)
		}
		for _, u := range r.Unknowns {
			u.Message = l.name + ": " + u.Message
			res.Unknowns = append(res.Unknowns, u)
		}
		for _, a := range r.Assumed {
			res.addAssumption(a)
		}
		srcName := string(l.src.Kind) + ":" + l.src.ID
		res.Parts = append(res.Parts, Part{Name: l.name, Source: srcName, Result: *r})
	}
	res.addAssumption(assumption(AssumeNotChecked, "ECS Exec needs no inbound rule on the task and no path between client and task: both dial ssmmessages on 443", t.ID))
	res.addAssumption(assumption(AssumeNotChecked, "the Session Manager plugin on the client and the IAM permissions (ecs:ExecuteCommand; ssmmessages:* on the task role) are not checked", t.ID))
	finishParts(res)
	return res
}

func finishParts(r *Result) {
	var names []string
	for _, p := range r.Parts {
		names = append(names, p.Name)
	}
	r.settle("reachable: " + strings.Join(names, "; "))
}

// versionAtLeast compares dotted versions.
func versionAtLeast(v string, want ...int) bool {
	parts := strings.Split(v, ".")
	for i, w := range want {
		n := 0
		if i < len(parts) {
			n, _ = strconv.Atoi(parts[i])
		}
		if n != w {
			return n > w
		}
	}
	return true
}

// taskAddr returns the address of an ECS task.
func (g *Graph) taskAddr(t *model.ECSTask) (e *eniInfo) {
	if e := g.enis[t.ENI]; e != nil {
		return e
	}
	return g.enis["ecs-task:"+t.ID]
}
