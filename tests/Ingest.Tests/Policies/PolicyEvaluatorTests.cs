using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Ingest.Control;
using Martin360.Ingest.Policies;

namespace Martin360.Ingest.Tests.Policies;

public sealed class PolicyEvaluatorTests
{
    private static readonly RunUsage s_idle = new(0, 0m, 1, TimeSpan.Zero);

    [Fact]
    public void Evaluate_BlockedCommand_StopsWithTheCommandAndPatternAsReason()
    {
        var policy = new Policy { BlockedCommands = [@"\bterraform\s+destroy\b"] };

        var result = Evaluate(policy, Shell(7, "cd infra && terraform destroy -auto-approve"));

        Assert.Equal(VerdictAction.Stop, result.Action);
        Assert.Equal(@"policy: blocked command at step 7: `cd infra && terraform destroy -auto-approve` matches `\bterraform\s+destroy\b`", result.StopReason);
        Assert.Equal(7, result.StopStep);
        var violation = Assert.Single(result.Violations);
        Assert.Equal((FindingKind.PolicyViolation, Severity.Critical), (violation.Kind, violation.Severity));
        Assert.Equal([7L], violation.Steps);
    }

    [Fact]
    public void Evaluate_ApprovalCommandAndPath_NeedsApproval()
    {
        var policy = new Policy { ApprovalCommands = ["^pip install"], ApprovalPaths = ["infra/**"] };

        var command = Evaluate(policy, Shell(2, "pip install requests"));
        var path = Evaluate(policy, Edit(3, "infra/main.tf"));

        Assert.Equal(VerdictAction.NeedsApproval, command.Action);
        Assert.Contains("command at step 2 needs approval", command.Reasons[0], StringComparison.Ordinal);
        Assert.Equal(VerdictAction.NeedsApproval, path.Action);
        Assert.Equal("policy: change to infra/main.tf at step 3 needs approval (matches `infra/**`)", path.Reasons[0]);
        Assert.Null(path.StopReason);
    }

    [Fact]
    public void Evaluate_ApprovalNextToAProtectedPath_AsksForTheApprovalAndTheRestStaysAWarning()
    {
        var policy = new Policy { ApprovalCommands = ["^pip install"], ProtectedPaths = ["tests/**"] };
        var command = "pip install " + new string('x', 5000);

        var result = Evaluate(policy, Shell(2, command), Edit(3, "tests/test_a.py"));
        var rest = result.WithoutApprovals();

        var request = Assert.Single(result.Approvals);
        Assert.Equal((2L, "s2", ApprovalKind.Command, "^pip install"), (request.Step, request.StepId, request.Kind, request.Pattern));
        Assert.Equal(ApprovalRequest.MaxSubjectChars + 1, request.Subject.Length);
        Assert.StartsWith("pip install xxx", request.Subject, StringComparison.Ordinal);
        Assert.Equal(VerdictAction.NeedsApproval, result.Action);
        Assert.Equal(VerdictAction.Warn, rest.Action);
        Assert.Equal(["policy: protected path tests/test_a.py changed at step 3 (matches `tests/**`)"], rest.Reasons);
        Assert.Equal(2, result.Violations.Count);
    }

    [Fact]
    public void Evaluate_ProtectedPathEdited_WarnsAndRecordsAViolation()
    {
        var policy = new Policy { ProtectedPaths = ["tests/**"] };

        var result = Evaluate(policy, Edit(4, "tests/test_invoice.py"), Edit(5, "billing/invoice.py"));

        Assert.Equal(VerdictAction.Warn, result.Action);
        var violation = Assert.Single(result.Violations);
        Assert.Equal("Protected path tests/test_invoice.py changed at step 4 (matches `tests/**`).", violation.Summary);
        Assert.Equal(Severity.Warning, violation.Severity);
    }

    [Fact]
    public void Evaluate_FailedEditOfProtectedPath_IsNotAViolation()
    {
        var policy = new Policy { ProtectedPaths = ["tests/**"] };

        var result = Evaluate(policy, Edit(4, "tests/test_invoice.py") with { IsError = true });

        Assert.Equal(VerdictAction.Continue, result.Action);
        Assert.Empty(result.Violations);
    }

    [Fact]
    public void Evaluate_PolicyBudget_SoftWarnsHardStops()
    {
        var policy = new Policy { Budget = new RunBudget { SoftSteps = 3, HardSteps = 5, HardUsd = 2m } };

        var soft = PolicyEvaluator.Evaluate(new PolicyInput { Policy = policy, Usage = new RunUsage(0, 0.5m, 3, TimeSpan.Zero), NewSteps = [Shell(3, "ls")] });
        var hard = PolicyEvaluator.Evaluate(new PolicyInput { Policy = policy, Usage = new RunUsage(0, 2.5m, 5, TimeSpan.Zero), NewSteps = [Shell(5, "ls")] });

        Assert.Equal(VerdictAction.Warn, soft.Action);
        Assert.Equal(["policy: soft budget reached: 3 of 3 steps"], soft.Reasons);
        Assert.Equal(VerdictAction.Stop, hard.Action);
        Assert.Equal(["policy: hard budget reached: $2.50 of $2.00 USD", "policy: hard budget reached: 5 of 5 steps"], hard.Reasons);
        Assert.Equal("Policy hard budget for USD reached.", hard.Violations[0].Summary);
    }

    [Fact]
    public void Evaluate_CompletionBeforeRequiredVerifierPassed_Warns()
    {
        var policy = new Policy { RequiredVerifiers = ["pytest"] };
        var failing = Shell(2, "pytest -q") with { Kind = StepKind.VerifierRun, ExitCode = 1, Verifier = new VerifierResult { Framework = "pytest", Passed = 3, Failed = 1 } };
        var passing = failing with { Sequence = 4, ExitCode = 0, Verifier = new VerifierResult { Framework = "pytest", Passed = 4, Failed = 0 } };
        var claim = new Step { Id = "c", Sequence = 5, Kind = StepKind.CompletionClaim, Output = "Done." };

        var early = PolicyEvaluator.Evaluate(new PolicyInput { Policy = policy, Usage = s_idle, NewSteps = [claim], EarlierChecks = [failing] });
        var verified = PolicyEvaluator.Evaluate(new PolicyInput { Policy = policy, Usage = s_idle, NewSteps = [passing, claim], EarlierChecks = [failing] });

        Assert.Equal(VerdictAction.Warn, early.Action);
        Assert.Equal("policy: completion claimed at step 5 before the required verifier `pytest` passed", Assert.Single(early.Reasons));
        Assert.Equal(VerdictAction.Continue, verified.Action);
    }

    [Fact]
    public void Evaluate_LoopFindingWithStopOnLoop_Stops()
    {
        var loop = new Finding { Kind = FindingKind.Loop, Severity = Severity.Warning, Confidence = 0.95, Steps = [3, 4, 5, 6], Summary = "`pytest` repeated 4 times", Repeats = 4 };
        var on = new Policy { StopConditions = new StopConditions { OnLoop = true } };

        var stopped = PolicyEvaluator.Evaluate(new PolicyInput { Policy = on, Usage = s_idle, Findings = [loop] });
        var off = PolicyEvaluator.Evaluate(new PolicyInput { Policy = new Policy(), Usage = s_idle, Findings = [loop] });

        Assert.Equal(VerdictAction.Stop, stopped.Action);
        Assert.Equal("policy: loop detected: `pytest` repeated 4 times", stopped.StopReason);
        Assert.Equal([3L, 4L, 5L, 6L], stopped.Violations[0].Steps);
        Assert.Equal(VerdictAction.Continue, off.Action);
    }

    [Fact]
    public void Evaluate_RepeatedStrategy_StopsOnlyFromTheConfiguredCount()
    {
        var policy = new Policy { StopConditions = new StopConditions { RepeatedStrategyTimes = 4 } };
        Finding Repeated(int times) => new() { Kind = FindingKind.RepeatedStrategy, Severity = Severity.Warning, Confidence = 0.85, Steps = [2, 3], Summary = "same fix", Repeats = times };

        var three = PolicyEvaluator.Evaluate(new PolicyInput { Policy = policy, Usage = s_idle, Findings = [Repeated(3)] });
        var four = PolicyEvaluator.Evaluate(new PolicyInput { Policy = policy, Usage = s_idle, Findings = [Repeated(4)] });

        Assert.Equal(VerdictAction.Continue, three.Action);
        Assert.Equal(VerdictAction.Stop, four.Action);
        Assert.Contains("the same strategy failed 4 times (limit 4)", four.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoProgressForNSteps_StopsAndAFileEditResetsTheCount()
    {
        var policy = new Policy { StopConditions = new StopConditions { NoProgressSteps = 4 } };
        Step[] stuck = [Edit(1, "a.py"), Shell(2, "ls"), Shell(3, "cat a.py"), Shell(4, "grep x a.py"), Shell(5, "ls -la")];
        Step[] moving = [Shell(2, "ls"), Shell(3, "cat a.py"), Edit(4, "a.py"), Shell(5, "ls -la")];

        var stopped = PolicyEvaluator.Evaluate(new PolicyInput { Policy = policy, Usage = s_idle, NewSteps = [stuck[^1]], RecentSteps = stuck });
        var going = PolicyEvaluator.Evaluate(new PolicyInput { Policy = policy, Usage = s_idle, NewSteps = [moving[^1]], RecentSteps = moving });
        var tooShort = PolicyEvaluator.Evaluate(new PolicyInput { Policy = policy, Usage = s_idle, NewSteps = [stuck[2]], RecentSteps = stuck[1..3] });

        Assert.Equal("policy: no progress for 4 steps (steps 2–5: no successful file change or passing verifier)", stopped.StopReason);
        Assert.Equal(VerdictAction.Continue, going.Action);
        Assert.Equal(VerdictAction.Continue, tooShort.Action);
    }

    [Fact]
    public void Evaluate_CatastrophicPatternOnHostileCommand_DoesNotHang()
    {
        var policy = new Policy { BlockedCommands = ["^(a+)+$"] };

        var result = Evaluate(policy, Shell(1, new string('a', 40) + "!"));

        Assert.Equal(VerdictAction.Continue, result.Action);
    }

    private static PolicyEvaluation Evaluate(Policy policy, params Step[] steps) =>
        PolicyEvaluator.Evaluate(new PolicyInput { Policy = policy, Usage = s_idle, NewSteps = steps, RecentSteps = steps });

    private static Step Shell(long sequence, string command) =>
        new() { Id = "s" + sequence, Sequence = sequence, Kind = StepKind.ShellCommand, Command = command, ExitCode = 0 };

    private static Step Edit(long sequence, string path) =>
        new() { Id = "e" + sequence, Sequence = sequence, Kind = StepKind.FileEdit, Files = [new FileTouch(path, FileAction.Edit)] };
}
