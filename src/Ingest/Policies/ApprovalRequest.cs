using System.Text.Json.Serialization;
using Martin360.Analysis.Text;
using Martin360.Ingest.Control;

namespace Martin360.Ingest.Policies;

/// <summary>
/// A policy's approval-required pattern matched a new step: a human has to approve or deny it. The same step,
/// kind and subject is one request, however often the step is re-sent.
/// </summary>
public sealed record ApprovalRequest
{
    /// <summary>Commands and paths are kept up to this many characters: the human deciding must see what they approve.</summary>
    public const int MaxSubjectChars = 4000;

    /// <summary>The step's sequence number.</summary>
    public required long Step { get; init; }

    public string? StepId { get; init; }

    public required ApprovalKind Kind { get; init; }

    /// <summary>command or path, as the HTTP API and the control channel name it.</summary>
    [JsonIgnore]
    public string KindName => Kind.ToString().ToLowerInvariant();

    /// <summary>The command text or the changed path (untrusted: render as text).</summary>
    public required string Subject { get; init; }

    /// <summary>The policy pattern that matched.</summary>
    public required string Pattern { get; init; }

    /// <summary>The verdict reason while it is pending, e.g. "policy: command at step 3 needs approval: ...".</summary>
    public required string Reason { get; init; }

    /// <summary>The summary of the policy_violation finding recorded with it (dropped again when approved).</summary>
    public required string Finding { get; init; }

    /// <summary>"command `git push origin main` at step 3": what was asked, in one line.</summary>
    public string Describe() => Kind == ApprovalKind.Command
        ? $"command `{TextDisplay.OneLine(Subject, 120)}` at step {Step}"
        : $"change to {TextDisplay.OneLine(Subject, 160)} at step {Step}";

    public bool SameAs(ApprovalRequest other) =>
        other is not null && Step == other.Step && Kind == other.Kind && string.Equals(Subject, other.Subject, StringComparison.Ordinal);

    public static string Bound(string text) => text.Length <= MaxSubjectChars ? text : text[..MaxSubjectChars] + "…";
}
