using Martin360.Analysis.Model;

namespace Martin360.Ingest.Policies;

/// <summary>
/// A project's rules for its agents, as data. Patterns for commands are .NET regular expressions matched against the
/// command text; path patterns are globs (<c>*</c>, <c>**</c>, <c>?</c>) matched at a path segment boundary.
/// </summary>
public sealed record Policy
{
    /// <summary>The project key of the policy that applies to projects without their own (and to runs without a project).</summary>
    public const string DefaultProject = "*";

    /// <summary>Used until someone saves a default: stops only commands nobody wants an agent to run, warns on CI, migrations and lockfiles.</summary>
    public static readonly Policy Default = new()
    {
        BlockedCommands = [@"\brm\s+-[a-zA-Z]*[rR][a-zA-Z]*\s+(/|~)(\s|$)", @"\bgit\s+push\b.*(--force\b|\s-f\b)"],
        ProtectedPaths = [".github/workflows/**", "**/migrations/**", "package-lock.json", "yarn.lock", "poetry.lock"],
    };

    /// <summary>Soft limits warn, hard limits stop; applied next to the run's own budget (the stricter wins).</summary>
    public RunBudget Budget { get; init; } = RunBudget.None;

    /// <summary>A command matching one of these stops the run.</summary>
    public IReadOnlyList<string> BlockedCommands { get; init; } = [];

    /// <summary>A command matching one of these needs a human's approval.</summary>
    public IReadOnlyList<string> ApprovalCommands { get; init; } = [];

    /// <summary>A change to a path matching one of these needs a human's approval.</summary>
    public IReadOnlyList<string> ApprovalPaths { get; init; } = [];

    /// <summary>A change to a path matching one of these warns and is recorded as a violation.</summary>
    public IReadOnlyList<string> ProtectedPaths { get; init; } = [];

    /// <summary>Verifiers (framework names such as pytest, or command text such as "npm test") that must have passed before a completion claim counts.</summary>
    public IReadOnlyList<string> RequiredVerifiers { get; init; } = [];

    public StopConditions StopConditions { get; init; } = StopConditions.None;
}
