package sim

import (
	"fmt"
	"strings"

	"github.com/cshsim/cshsim/model"
)

// timeoutCodes are the blockers that drop packets silently: the client
// sees nothing and waits until it gives up.
func silentDrop(c Code) bool {
	switch c {
	case CodeNameNotResolved, CodeExecNotEnabled, CodeExecAgent, CodeExecPlatform, CodeTaskNotRunning, CodeUnknownTask, CodeUnsupportedHop, CodeUnknownResource, CodeTGWRoutesUnknown:
		return false
	}
	return true
}

// symptom says what the user will see for an unreachable result, in the
// words of the tool they would use (issue: the seed's curl that times out).
func symptom(r *Result, d Destination) string {
	if r.Reachable || r.Verdict == Unknown {
		return "" // an unknown answer has no symptom to promise
	}
	name := r.Address
	if r.Resolution != nil && r.Resolution.Name != "" {
		name = r.Resolution.Name
	}
	if d.Kind == DestHost {
		name = d.Host
	}
	switch r.Code {
	case CodeNameNotResolved:
		if d.Kind == DestAWS {
			return fmt.Sprintf("the AWS CLI fails at once: Could not connect to the endpoint URL: \"https://%s/\" (the name does not resolve)", name)
		}
		return fmt.Sprintf("curl fails at once: curl: (6) Could not resolve host: %s", name)
	case CodeExecNotEnabled, CodeExecAgent, CodeExecPlatform, CodeTaskNotRunning:
		return "aws ecs execute-command fails at once with an error from the ECS API (InvalidParameterException: the execute command was not enabled when the task was run, or its agent is not running)"
	case CodeUnknownTask:
		return "aws ecs execute-command fails: the task is not known"
	case CodeUnsupportedHop, CodeUnknownResource, CodeTGWRoutesUnknown:
		return "unknown: the path leaves what the snapshot describes"
	}
	if !silentDrop(r.Code) {
		return ""
	}
	if d.Kind == DestECSExec {
		for _, p := range r.Parts {
			if p.Result.Reachable {
				continue
			}
			switch p.Name {
			case "client → aws:ecs":
				return fmt.Sprintf("aws ecs execute-command hangs, then fails with: Connect timeout on endpoint URL: \"https://%s/\"", p.Result.Resolution.Name)
			case "client → aws:ssmmessages":
				return "aws ecs execute-command starts the session, then the Session Manager plugin cannot reach ssmmessages and the session never opens (it hangs, then fails)"
			default:
				return "aws ecs execute-command fails with TargetNotConnectedException: the task's agent cannot reach ssmmessages"
			}
		}
	}
	_, _, awsName := awsService(d.Host)
	switch {
	case d.Kind == DestAWS || (d.Kind == DestHost && awsName && d.Port == 443):
		return fmt.Sprintf("the AWS CLI hangs, then fails with: Connect timeout on endpoint URL: \"https://%s/\"", name)
	case r.Protocol == "icmp" || d.Proto == model.ProtoICMP:
		return "ping gets no reply (100% packet loss)"
	case d.Proto == model.ProtoUDP:
		return "no reply ever comes back: UDP reports no error, so the client waits and gives up"
	}
	switch d.Port {
	case 443, 80:
		if strings.Contains(d.Asked, "://") {
			return fmt.Sprintf("the download will time out: curl %s hangs, then fails with curl: (28) Failed to connect to %s port %d: Connection timed out", d.Asked, name, d.Port)
		}
		return fmt.Sprintf("curl will time out: curl: (28) Failed to connect to %s port %d: Connection timed out", name, d.Port)
	case 22:
		return fmt.Sprintf("ssh will hang, then fail: ssh: connect to host %s port 22: Connection timed out", name)
	case 5432:
		return fmt.Sprintf("psql will hang, then fail: connection to server at %q, port 5432 failed: Connection timed out", name)
	}
	return fmt.Sprintf("the connection to %s port %d hangs until it times out: the packets are dropped silently", name, d.Port)
}
