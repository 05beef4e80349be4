// Package iam evaluates identity-based IAM policies (model.Policy, read by
// model/iampolicy) against authorization requests, as AWS does for the
// policies of one account: an explicit Deny wins, otherwise some Allow must
// apply (IAM User Guide, "Policy evaluation logic"). A condition it cannot
// evaluate makes the answer uncertain, never a confident yes or no.
//
// It knows nothing of CloudShell: sim/check builds the requests creating a
// CloudShell VPC environment makes and reports what Evaluate decides.
package iam
