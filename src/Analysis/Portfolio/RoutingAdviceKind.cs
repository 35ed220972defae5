namespace Martin360.Analysis.Portfolio;

public enum RoutingAdviceKind
{
    /// <summary>A cheaper model did as well on this category elsewhere in the data.</summary>
    UseCheaperModel = 0,

    /// <summary>Repeated failures on this model call for a stronger one.</summary>
    Escalate,
}
