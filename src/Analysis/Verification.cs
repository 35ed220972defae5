using System.Runtime.CompilerServices;
using Martin360.Analysis.Engine;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Analysis.Text;

namespace Martin360.Analysis;

/// <summary>Computes a run's verification record from its steps.</summary>
public static class Verification
{
    public static VerificationRecord Compute(IReadOnlyList<Step> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var ordered = steps.OrderBy(s => s.Sequence).ToArray();
        return Points(ordered, ordered.Select(StepFactory.Create).ToArray()).Record;
    }

    /// <summary>
    /// One pass over steps in sequence order and their facts. An edit is a write that took effect: a failed file tool
    /// changed nothing (the agent's "File has not been read yet" Edit), and deleting files the agent itself created
    /// earlier in the run (its reproduction script, a scratch test) only restores the repository, so neither needs
    /// verifying. Shell writes (sed -i, cat &gt; f) count like tool edits. Within one step the write comes first:
    /// `sed -i ... &amp;&amp; pytest` is verified by its own test run.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static VerificationPoints Points(IReadOnlyList<Step> steps, IReadOnlyList<StepFacts> facts)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(facts);
        var claimedDone = false;
        var verifierRuns = 0;
        bool? lastPassed = null;
        int lastEdit = -1, lastVerifier = -1, lastPassingVerifier = -1, lastClaim = -1;
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var own = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var fact = facts[i];
            if (step.Kind == StepKind.CompletionClaim)
            {
                claimedDone = true;
                lastClaim = i;
            }

            foreach (var created in fact.Created)
            {
                var key = PathText.Key(created);
                if (touched.Add(key))
                {
                    own.Add(key);
                }
            }

            var cleanup = fact.DeletesOnly && fact.Written.All(p => own.Contains(PathText.Key(p)));
            foreach (var path in fact.Read.Concat(fact.Written))
            {
                touched.Add(PathText.Key(path));
            }

            if (TookEffect(step, fact) && !cleanup)
            {
                lastEdit = i;
            }

            if (fact.IsVerifier)
            {
                verifierRuns++;
                lastVerifier = i;
                lastPassed = fact.VerifierPassed == true;
                if (lastPassed == true)
                {
                    lastPassingVerifier = i;
                }
            }
        }

        var record = new VerificationRecord
        {
            ClaimedDone = claimedDone,
            VerifierRuns = verifierRuns,
            LastVerifierPassed = lastPassed,
            VerifiedAfterLastEdit = lastPassed == true && lastPassingVerifier >= lastEdit,
        };
        return new VerificationPoints(record, lastEdit, lastVerifier, lastClaim);
    }

    /// <summary>A write that changed something: shell writes always (the command ran), file tools unless they failed.</summary>
    private static bool TookEffect(Step step, StepFacts fact)
    {
        var fileTool = step.Command is null;
        if (fileTool && fact.Failed)
        {
            return false;
        }

        return fact.Written.Count > 0 || (fileTool && step.Kind is StepKind.FileEdit or StepKind.FileCreate or StepKind.FileDelete);
    }

    /// <summary>A verifier run: a step with verifier results, or a step the adapter classified as one.</summary>
    public static bool IsVerifierRun(Step step) => step.Verifier is not null || step.Kind == StepKind.VerifierRun;

    /// <summary>An edit: a file edit/create/delete step, or any step that reports a file it changed.</summary>
    public static bool IsEdit(Step step) =>
        step.Kind is StepKind.FileEdit or StepKind.FileCreate or StepKind.FileDelete
        || step.Files.Any(f => f.Action != FileAction.Read);

    /// <summary>A verifier passed when it says so, or else when nothing failed and the command exited 0.</summary>
    public static bool Passed(Step step, VerifierResult verifier)
    {
        if (verifier.Success is { } success)
        {
            return success;
        }

        if (verifier.Failed is > 0 || step.ExitCode is > 0 || step.IsError)
        {
            return false;
        }

        return verifier.Passed is > 0 || step.ExitCode == 0;
    }

    /// <summary>Whether a verifier run passed: its reported result, else its exit status.</summary>
    public static bool RunPassed(Step step) =>
        step.Verifier is { } verifier ? Passed(step, verifier) : !step.IsError && step.ExitCode is null or 0;
}
