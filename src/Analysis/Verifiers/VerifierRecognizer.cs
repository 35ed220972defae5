using System.Runtime.CompilerServices;
using Martin360.Analysis.Model;

namespace Martin360.Analysis.Verifiers;

/// <summary>
/// Recognises verifier runs (test suites, reproduction scripts) from any agent's steps by their command and output,
/// so that "was the work verified?" can be answered whatever format the trace came in.
/// </summary>
public static class VerifierRecognizer
{
    /// <summary>At most this many failing test names are kept per verifier run.</summary>
    public const int MaxFailingTests = 50;

    /// <summary>The trace with every recognisable verifier step classified; the same instance when nothing changed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Trace Enrich(Trace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        Step[]? changed = null;
        for (var i = 0; i < trace.Steps.Count; i++)
        {
            var step = trace.Steps[i];
            var enriched = Enrich(step);
            if (!ReferenceEquals(enriched, step))
            {
                changed ??= trace.Steps.ToArray();
                changed[i] = enriched;
            }
        }

        return changed is null ? trace : trace with { Steps = changed };
    }

    /// <summary>
    /// The step as a <see cref="StepKind.VerifierRun"/> with its <see cref="VerifierResult"/> when its command runs a
    /// verifier (or, for a shell command, its output is a test runner's summary); otherwise the same step.
    /// A step that already carries a verifier result is left alone.
    /// </summary>
    public static Step Enrich(Step step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.Verifier is not null)
        {
            return step;
        }

        var result = Recognize(step.Command, step.Output, step.ExitCode, step.Kind == StepKind.ShellCommand);
        return result is null ? step : step with { Kind = StepKind.VerifierRun, Verifier = result };
    }

    /// <summary>
    /// What a command and its output say about a verifier run, or null when it is not one.
    /// <paramref name="trustOutput"/> lets a runner's summary in the output alone make it one (for shell commands whose
    /// command hides the runner, e.g. ./ci.sh), unless the command only displays text (cat, grep, ...).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static VerifierResult? Recognize(string? command, string? output, int? exitCode, bool trustOutput = true)
    {
        var framework = VerifierCommand.Classify(command);
        if (framework is null && !(trustOutput && !string.IsNullOrWhiteSpace(command) && !VerifierCommand.IsViewer(command)))
        {
            return null;
        }

        var parsed = VerifierOutput.Read(output);
        if (framework is null && parsed is null)
        {
            return null;
        }

        if (parsed is null)
        {
            return new VerifierResult { Framework = framework, Success = SuccessWithoutSummary(framework, output, exitCode) };
        }

        var name = framework is null || VerifierCommand.Wrappers.Contains(framework) ? parsed.Framework : framework;

        // A non-zero exit code is the runner's own verdict even when the counts look clean (collection errors, coverage gates).
        var success = exitCode is { } code && code != 0 ? false : parsed.Success;
        return parsed with { Framework = name, Success = success };
    }

    private static bool? SuccessWithoutSummary(string? framework, string? output, int? exitCode)
    {
        if (VerifierOutput.HasTraceback(output))
        {
            return false;
        }

        if (exitCode is { } code)
        {
            return code == 0;
        }

        // Without an exit code or a summary, only a build tool's closing line still says how it went.
        if (output is null)
        {
            return null;
        }

        // A reproduction script that ran to its end (SWE-agent records no exit codes) without a traceback or a line
        // saying it failed did what it was written to check: "Script completed successfully, no errors."
        if (framework == "script")
        {
            return !VerifierOutput.SaysFailed(output);
        }

        if (output.Contains("BUILD FAILURE", StringComparison.Ordinal) || output.Contains("BUILD FAILED", StringComparison.Ordinal))
        {
            return false;
        }

        if (output.Contains("BUILD SUCCESS", StringComparison.Ordinal))
        {
            return true;
        }

        // Compilers, type checkers and linters print their errors in well-known shapes.
        return VerifierCommand.IsBuild(framework) ? VerifierOutput.BuildVerdict(output) : null;
    }
}
