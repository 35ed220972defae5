namespace Martin360.Dashboard.ViewModels;

/// <summary>One run in the triage queue, ready to show.</summary>
public sealed record TriageRow
{
    public required string RunId { get; init; }
    public required string Title { get; init; }
    public required string Agent { get; init; }
    public string? Project { get; init; }
    public required string Outcome { get; init; }
    public string? TopFinding { get; init; }
    public string? NextStep { get; init; }
    public required string WastedUsd { get; init; }
    public required string Cost { get; init; }
    public int Findings { get; init; }

    /// <summary>Still running: in the queue for a warning or worse found live (a loop, a policy stop), not for its outcome.</summary>
    public bool IsRunning { get; init; }

    /// <summary>Why a policy stopped the run, when one did.</summary>
    public string? PolicyStop { get; init; }
    public bool Reviewed { get; init; }
    public string? Note { get; init; }
    public string? AssignedTo { get; init; }

    /// <summary>How many approvals the run waits for (its agent is blocked until someone decides); 0 for none.</summary>
    public int PendingApprovals { get; init; }

    /// <summary>What the oldest pending approval asks, e.g. "command `git push origin main` at step 3"; null when none waits.</summary>
    public string? AwaitingApproval { get; init; }
}
