namespace Martin360.Ingest.Policies;

/// <summary>One reason a policy cannot be saved. Field is the JSON path of the value at fault, e.g. "budget.hardSteps" or "blockedCommands[2]".</summary>
public sealed record PolicyError(string Field, string Message);
