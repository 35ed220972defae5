namespace Martin360.Ingest.Control;

/// <summary>The answer to every append: the action and the reasons for it.</summary>
public sealed record Verdict(VerdictAction Action, IReadOnlyList<string> Reasons)
{
    public static readonly Verdict Continue = new(VerdictAction.Continue, []);

    public string ActionName => Action switch
    {
        VerdictAction.Continue => "continue",
        VerdictAction.Warn => "warn",
        VerdictAction.NeedsApproval => "needs_approval",
        VerdictAction.Stop => "stop",
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Both verdicts at once: the stricter action wins, every reason is kept (once).</summary>
    public Verdict Merge(Verdict other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Reasons.Count == 0 && other.Action <= Action)
        {
            return this;
        }

        var action = other.Action > Action ? other.Action : Action;
        return new Verdict(action, Reasons.Concat(other.Reasons).Distinct(StringComparer.Ordinal).ToArray());
    }

    /// <summary>Same action and reasons (records compare lists by reference).</summary>
    public bool SameAs(Verdict other) => other is not null && Action == other.Action && Reasons.SequenceEqual(other.Reasons, StringComparer.Ordinal);
}
