using Martin360.Analysis.Text;

namespace Martin360.Analysis.Engine;

/// <summary>What analysis derived from one step, computed once per analysis and shared by every rule.</summary>
public sealed class StepFacts
{
    /// <summary>The step is something the agent did (tool, command, edit, message), as opposed to bookkeeping.</summary>
    public required bool IsAction { get; init; }

    public required bool IsUserMessage { get; init; }

    /// <summary>Tool error, non-zero exit, failing verifier or an error step.</summary>
    public required bool Failed { get; init; }

    public required bool IsVerifier { get; init; }

    /// <summary>For verifier steps: whether it passed (null when not a verifier).</summary>
    public required bool? VerifierPassed { get; init; }

    /// <summary>Files written (edit, create, delete; from the model or from a shell command such as sed -i).</summary>
    public required IReadOnlyList<string> Written { get; init; }

    /// <summary>Files created (a subset of <see cref="Written"/>).</summary>
    public required IReadOnlyList<string> Created { get; init; }

    public required IReadOnlyList<string> Read { get; init; }

    /// <summary>Every file the step writes, it deletes (rm, a delete tool): no content of it remains to verify.</summary>
    public required bool DeletesOnly { get; init; }

    private string? _action;
    private string? _actionText;

    /// <summary>
    /// The normalised action: tool, command or arguments with noise removed. Made on first use from the step's text
    /// (only near-duplicate checks read it; <see cref="ActionKey"/> and <see cref="TargetKey"/> are hashed without it).
    /// </summary>
    public string Action
    {
        get => _action ??= Normalizer.Action(_actionText);
        init => _action = value;
    }

    /// <summary>The text <see cref="Action"/> normalises when it is not given.</summary>
    internal string? ActionText
    {
        init => _actionText = value;
    }

    public required ulong ActionKey { get; init; }

    /// <summary>Coarser than <see cref="ActionKey"/>: the same program or the same file target.</summary>
    public required ulong TargetKey { get; init; }

    public required ulong ObservationKey { get; init; }

    /// <summary>For failed steps: the normalised error signature.</summary>
    public required string? ErrorSignature { get; init; }

    /// <summary>A write to a file was attempted (an edit tool was called or a file written), whether or not it succeeded.</summary>
    public required bool IsWriteAttempt { get; init; }

    /// <summary>
    /// A write that took effect but whose content the trace does not carry (Aider's applied edits): two of them to one
    /// file cannot be told apart, so they are never taken for the same action.
    /// </summary>
    public required bool OpaqueWrite { get; init; }

    public bool IsEdit => Written.Count > 0;
}
