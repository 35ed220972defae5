namespace Martin360.Analysis.Model;

/// <summary>What a verifier run (tests, build, type check, reproduction script) reported.</summary>
public sealed record VerifierResult
{
    /// <summary>pytest, jest, go test, dotnet test, ... or "script" for a project's own reproduction script.</summary>
    public string? Framework { get; init; }
    public int? Passed { get; init; }
    public int? Failed { get; init; }
    public int? Skipped { get; init; }

    /// <summary>Whether the verifier succeeded overall; null when the output did not say.</summary>
    public bool? Success { get; init; }

    public IReadOnlyList<string> FailingTests { get; init; } = [];
}
