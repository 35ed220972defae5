namespace Martin360.Ingest.Native;

public sealed class BudgetDto
{
    public decimal? SoftUsd { get; set; }
    public decimal? HardUsd { get; set; }
    public long? SoftTokens { get; set; }
    public long? HardTokens { get; set; }
    public int? SoftSteps { get; set; }
    public int? HardSteps { get; set; }
    public double? SoftWallTimeSeconds { get; set; }
    public double? HardWallTimeSeconds { get; set; }
}
