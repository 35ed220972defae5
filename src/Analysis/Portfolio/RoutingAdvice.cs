namespace Martin360.Analysis.Portfolio;

public sealed record RoutingAdvice
{
    public required RoutingAdviceKind Kind { get; init; }
    public required StepCategory Category { get; init; }
    public required string FromModel { get; init; }
    public required string ToModel { get; init; }

    /// <summary>One line with the numbers behind the advice.</summary>
    public required string Reason { get; init; }
}
