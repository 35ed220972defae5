namespace Martin360.Ingest.Native;

/// <summary>A run as the martin360/v1 wire format writes it (POST /api/v1/runs and trace files).</summary>
public sealed class RunDto
{
    public string? Id { get; set; }
    public AgentDto? Agent { get; set; }
    public string? Project { get; set; }
    public string? Repository { get; set; }
    public string? Branch { get; set; }
    public TaskDto? Task { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? Status { get; set; }
    public string? ExitReason { get; set; }
    public string? ParentRunId { get; set; }
    public string? AgentRole { get; set; }
    public BudgetDto? Budget { get; set; }
    public TokensDto? Tokens { get; set; }
    public decimal? CostUsd { get; set; }
}
