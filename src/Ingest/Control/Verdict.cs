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
}
