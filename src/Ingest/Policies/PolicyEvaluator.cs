using System.Text.RegularExpressions;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Analysis.Text;
using Martin360.Ingest.Control;

namespace Martin360.Ingest.Policies;

/// <summary>
/// Judges a run against its project's policy after each append. Pure: the caller loads the policy, usage, steps
/// and findings. Blocked command: stop. Approval-required command or path: needs_approval. Protected path changed
/// or completion claimed before the required verifiers passed: warn. Budgets: soft warns, hard stops. Stop
/// conditions (loop, repeated strategy N times, no progress for N steps): stop. Every hit is also a violation finding.
/// </summary>
public static class PolicyEvaluator
{
    public const string ReasonPrefix = "policy: ";

    public static PolicyEvaluation Evaluate(PolicyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var hits = new Hits();
        var policy = input.Policy;
        var lastStep = input.NewSteps.Count > 0 ? input.NewSteps.Max(s => s.Sequence) : (long?)null;

        foreach (var hit in VerdictEvaluator.BudgetHits(policy.Budget, input.Usage))
        {
            var level = hit.Action == VerdictAction.Stop ? "hard" : "soft";
            hits.Add(hit.Action, ReasonPrefix + hit.Reason, $"Policy {level} budget for {hit.Measure} reached.", lastStep is { } s ? [s] : [], lastStep);
        }

        foreach (var step in input.NewSteps.OrderBy(s => s.Sequence))
        {
            CheckCommand(step, policy, hits);
            CheckPaths(step, policy, hits);
            if (step.Kind == StepKind.CompletionClaim)
            {
                CheckRequiredVerifiers(step, input, hits);
            }
        }

        CheckFindings(input, hits, lastStep);
        CheckProgress(input, hits);
        return hits.ToEvaluation();
    }

    /// <summary>A new file change or a passing verifier; a human's message also counts (the agent has something new to work from).</summary>
    public static bool IsProgress(Step step)
    {
        if (step.Kind == StepKind.UserMessage)
        {
            return true;
        }

        var succeeded = !step.IsError && step.ExitCode is null or 0;
        if (step.Kind is StepKind.VerifierRun || step.Verifier is not null)
        {
            return Passed(step);
        }

        return succeeded && (step.Kind is StepKind.FileEdit or StepKind.FileCreate or StepKind.FileDelete || step.Files.Any(f => f.Action != FileAction.Read));
    }

    private static void CheckCommand(Step step, Policy policy, Hits hits)
    {
        if (string.IsNullOrWhiteSpace(step.Command))
        {
            return;
        }

        var command = TextDisplay.OneLine(step.Command, 80);
        if (FirstMatch(policy.BlockedCommands, step.Command) is { } blocked)
        {
            hits.Add(VerdictAction.Stop, $"{ReasonPrefix}blocked command at step {step.Sequence}: `{command}` matches `{blocked}`",
                $"Blocked command at step {step.Sequence}: `{command}` (matches `{blocked}`).", [step.Sequence], step.Sequence, Severity.Critical);
        }
        else if (FirstMatch(policy.ApprovalCommands, step.Command) is { } approval)
        {
            hits.AskApproval(new ApprovalRequest
            {
                Step = step.Sequence,
                StepId = step.Id,
                Kind = ApprovalKind.Command,
                Subject = ApprovalRequest.Bound(step.Command),
                Pattern = approval,
                Reason = $"{ReasonPrefix}command at step {step.Sequence} needs approval: `{command}` matches `{approval}`",
                Finding = $"Command needing approval at step {step.Sequence}: `{command}` (matches `{approval}`).",
            });
        }
    }

    private static void CheckPaths(Step step, Policy policy, Hits hits)
    {
        if (step.IsError || step.ExitCode is not (null or 0))
        {
            return;
        }

        foreach (var file in step.Files.Where(f => f.Action != FileAction.Read).Select(f => f.Path).Distinct(StringComparer.Ordinal))
        {
            var path = TextDisplay.OneLine(file, 120);
            if (policy.ApprovalPaths.FirstOrDefault(g => PathGlob.IsMatch(g, file)) is { } approval)
            {
                hits.AskApproval(new ApprovalRequest
                {
                    Step = step.Sequence,
                    StepId = step.Id,
                    Kind = ApprovalKind.Path,
                    Subject = ApprovalRequest.Bound(file),
                    Pattern = approval,
                    Reason = $"{ReasonPrefix}change to {path} at step {step.Sequence} needs approval (matches `{approval}`)",
                    Finding = $"Change needing approval to {path} at step {step.Sequence} (matches `{approval}`).",
                });
            }
            else if (policy.ProtectedPaths.FirstOrDefault(g => PathGlob.IsMatch(g, file)) is { } protectedGlob)
            {
                hits.Add(VerdictAction.Warn, $"{ReasonPrefix}protected path {path} changed at step {step.Sequence} (matches `{protectedGlob}`)",
                    $"Protected path {path} changed at step {step.Sequence} (matches `{protectedGlob}`).", [step.Sequence], step.Sequence);
            }
        }
    }

    private static void CheckRequiredVerifiers(Step claim, PolicyInput input, Hits hits)
    {
        var before = input.EarlierChecks.Concat(input.NewSteps).Where(s => s.Sequence < claim.Sequence).ToList();
        foreach (var required in input.Policy.RequiredVerifiers)
        {
            if (!before.Any(s => IsVerifier(required, s) && Passed(s)))
            {
                hits.Add(VerdictAction.Warn, $"{ReasonPrefix}completion claimed at step {claim.Sequence} before the required verifier `{required}` passed",
                    $"Completion claimed at step {claim.Sequence} before the required verifier `{required}` passed.", [claim.Sequence], claim.Sequence);
            }
        }
    }

    private static void CheckFindings(PolicyInput input, Hits hits, long? lastStep)
    {
        var stop = input.Policy.StopConditions;
        if (stop.OnLoop && input.Findings.FirstOrDefault(f => f.Kind == FindingKind.Loop) is { } loop)
        {
            hits.Add(VerdictAction.Stop, $"{ReasonPrefix}loop detected: {loop.Summary}", "Policy stop condition met: loop detected.",
                loop.Steps, lastStep ?? loop.Steps.LastOrDefault(), Severity.Critical);
        }

        if (stop.RepeatedStrategyTimes is { } times
            && input.Findings.Where(f => f.Kind == FindingKind.RepeatedStrategy && f.Repeats >= times).MaxBy(f => f.Repeats) is { } repeated)
        {
            hits.Add(VerdictAction.Stop, $"{ReasonPrefix}the same strategy failed {repeated.Repeats} times (limit {times}): {repeated.Summary}",
                $"Policy stop condition met: the same strategy failed {times} or more times.", repeated.Steps, lastStep ?? repeated.Steps.LastOrDefault(), Severity.Critical);
        }
    }

    private static void CheckProgress(PolicyInput input, Hits hits)
    {
        if (input.Policy.StopConditions.NoProgressSteps is not { } limit || input.RecentSteps.Count < limit || input.NewSteps.Count == 0)
        {
            return;
        }

        var window = input.RecentSteps.Skip(input.RecentSteps.Count - limit).ToList();
        if (window.Any(IsProgress))
        {
            return;
        }

        var (first, last) = (window[0].Sequence, window[^1].Sequence);
        hits.Add(VerdictAction.Stop, $"{ReasonPrefix}no progress for {limit} steps ({TextDisplay.StepRange(first, last)}: no successful file change or passing verifier)",
            $"Policy stop condition met: no progress for {limit} steps.", [first, last], last, Severity.Critical);
    }

    private static string? FirstMatch(IReadOnlyList<string> patterns, string text)
    {
        foreach (var pattern in patterns)
        {
            try
            {
                if (Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, PathGlob.MatchTimeout))
                {
                    return pattern;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // Untrusted command text that makes a pattern backtrack forever is not a match; the pattern's author sees no hit.
            }
        }

        return null;
    }

    internal static bool IsVerifier(string required, Step step) =>
        string.Equals(step.Verifier?.Framework, required, StringComparison.OrdinalIgnoreCase)
        || (step.Command?.Contains(required, StringComparison.OrdinalIgnoreCase) ?? false);

    internal static bool Passed(Step step)
    {
        if (step.Verifier is { } verifier)
        {
            if (verifier.Success is { } success)
            {
                return success;
            }

            if (verifier.Failed is { } failed)
            {
                return failed == 0 && step.ExitCode is null or 0;
            }
        }

        return !step.IsError && step.ExitCode == 0;
    }

    private sealed class Hits
    {
        private readonly List<string> _reasons = [];
        private readonly List<Finding> _violations = [];
        private readonly List<ApprovalRequest> _approvals = [];
        private VerdictAction _action;
        private VerdictAction _actionWithoutApprovals;
        private string? _stopReason;
        private long? _stopStep;

        public void Add(VerdictAction action, string reason, string summary, IReadOnlyList<long> steps, long? step, Severity severity = Severity.Warning)
        {
            _actionWithoutApprovals = action > _actionWithoutApprovals ? action : _actionWithoutApprovals;
            if (action == VerdictAction.Stop && _stopReason is null)
            {
                (_stopReason, _stopStep) = (reason, step);
            }

            Record(action, reason, summary, steps, severity);
        }

        public void AskApproval(ApprovalRequest request)
        {
            _approvals.Add(request);
            Record(VerdictAction.NeedsApproval, request.Reason, request.Finding, [request.Step], Severity.Warning);
        }

        public PolicyEvaluation ToEvaluation() => new()
        {
            Action = _action,
            Reasons = _reasons,
            Violations = _violations,
            StopReason = _stopReason,
            StopStep = _stopStep,
            Approvals = _approvals,
            ActionWithoutApprovals = _actionWithoutApprovals,
        };

        private void Record(VerdictAction action, string reason, string summary, IReadOnlyList<long> steps, Severity severity)
        {
            _action = action > _action ? action : _action;
            _reasons.Add(reason);
            _violations.Add(new Finding
            {
                Kind = FindingKind.PolicyViolation,
                Severity = action == VerdictAction.Stop ? Severity.Critical : severity,
                Confidence = 1,
                Steps = steps.Distinct().Order().ToArray(),
                Summary = summary,
            });
        }
    }
}
